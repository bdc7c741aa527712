//! The folder-level swap: the staging folder beside the map receives hard links to the user's own
//! files in the map folder, then one `renameat2(RENAME_EXCHANGE)` exchanges the two folders, so
//! the map changes from the previous one to the new one in a single system call. The previous
//! map, now under the staging name, gives back what the user made or changed in it during the
//! build ([`finish_old`]) and is removed.
//!
//! A swap is declined (and the caller commits file by file) when it could change more than the
//! map: a sub-folder, pipe or socket of the user's in the folder (a link cannot carry it), a
//! process whose working folder is inside it (its shell would be left in the removed folder), a
//! mount point, an owner, mode or extended attribute the new folder cannot be given, a file
//! system without the call, or not Linux.

use std::ffi::OsString;
use std::path::Path;

use anyhow::Context;

use crate::output::owned;

use super::{read_dir, sync_dir, MARK_NEW, MARK_OLD};

/// True when a staging folder beside `real` could later be swapped with it: Linux, a parent,
/// and the same file system (a mount point cannot be renamed).
pub(super) fn can_stage_beside(real: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let Some(parent) = real.parent() else {
            return false;
        };
        match (std::fs::metadata(real), std::fs::metadata(parent)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() != b.ino(),
            _ => false,
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = real;
        false
    }
}

/// Swap `stage` (beside the map, every new file written) with the map folder `real`. `written`
/// are the new files' names. Returns the names of our files the new map does not hold and a
/// warning if the previous map could not be cleared, or `None` (nothing changed, the stage as
/// it was) when a swap cannot be done here.
pub(super) fn commit(
    real: &Path,
    stage: &Path,
    written: &[OsString],
) -> anyhow::Result<Option<(Vec<String>, Option<String>)>> {
    if busy(real) || !same_attributes(real, stage) {
        return Ok(None);
    }
    let mut removed = Vec::new();
    let mut carry = Vec::new();
    for entry in read_dir(real)? {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(".diplomap-") {
            continue;
        }
        let path = real.join(&name);
        if owned::is_ours(&path) {
            if !written.contains(&name) {
                removed.push(name.to_string_lossy().into_owned());
            }
            continue;
        }
        if written.contains(&name) {
            // A file of the user's that this build replaces as asked (--force, a page).
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if !(kind.is_file() || kind.is_symlink()) {
            return Ok(None);
        }
        carry.push(name);
    }
    let unlink_carried = |upto: usize| {
        for name in &carry[..upto] {
            let _ = std::fs::remove_file(stage.join(name));
        }
    };
    for (i, name) in carry.iter().enumerate() {
        if std::fs::hard_link(real.join(name), stage.join(name)).is_err() {
            unlink_carried(i);
            return Ok(None);
        }
    }
    let map_name = real.file_name().unwrap_or_default().to_string_lossy();
    let mark = real.join(MARK_OLD);
    if std::fs::write(&mark, map_name.as_bytes()).is_err() {
        unlink_carried(carry.len());
        return Ok(None);
    }
    sync_dir(stage)?;
    if let Err(e) = exchange(stage, real) {
        let _ = std::fs::remove_file(&mark);
        unlink_carried(carry.len());
        if unsupported(&e) {
            return Ok(None);
        }
        return Err(anyhow::anyhow!(
            "cannot put the new map in place of '{}': {}",
            real.display(),
            crate::mapdir::io_reason(&e)
        ));
    }
    // The map is the new one; `stage` is now the previous map.
    if let Some(parent) = real.parent() {
        let _ = sync_dir(parent);
    }
    let _ = std::fs::remove_file(real.join(MARK_NEW));
    let warning = finish_old(stage, real);
    Ok(Some((removed, warning)))
}

/// Empty the previous map `old` after a swap put `new` in its place, and remove it: files of
/// ours and links already carried over go; a file of the user's made, or replaced, during the
/// build moves into the new map (a newer version takes the place of the link to the older).
/// The new map is whole whatever happens here, so what cannot be done (an immutable file, a
/// folder of the user's made meanwhile where a file of that name now stands) is a warning that
/// names it, and the previous map is left, hidden, where it is.
pub(crate) fn finish_old(old: &Path, new: &Path) -> Option<String> {
    let entries = match read_dir(old) {
        Ok(entries) => entries,
        Err(e) => return Some(format!("{e:#}")),
    };
    let mut failed: Vec<String> = Vec::new();
    let mut fail = |name: &std::ffi::OsStr, e: std::io::Error| {
        failed.push(format!(
            "{}: {}",
            name.to_string_lossy(),
            crate::mapdir::io_reason(&e)
        ));
    };
    for entry in entries {
        let name = entry.file_name();
        if name == MARK_OLD {
            // Kept to the end: it names the folder as a previous map for the next build.
            continue;
        }
        let path = old.join(&name);
        let is_dir = entry.file_type().is_ok_and(|k| k.is_dir());
        let there = new.join(&name);
        let done = if name.to_string_lossy().starts_with(".diplomap-") || owned::is_ours(&path) {
            if is_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            }
        } else {
            match std::fs::symlink_metadata(&there) {
                Err(_) => rename(&path, &there),
                Ok(_) if same_entry(&path, &there) || owned::is_ours(&there) => {
                    std::fs::remove_file(&path)
                }
                Ok(meta) if !meta.is_dir() && !is_dir => rename(&path, &there),
                // A folder against a file of the same name: neither replaces the other.
                Ok(_) => Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
            }
        };
        if let Err(e) = done {
            fail(&name, e);
        }
    }
    if failed.is_empty()
        && std::fs::remove_file(old.join(MARK_OLD)).is_ok()
        && std::fs::remove_dir(old).is_ok()
    {
        return None;
    }
    Some(format!(
        "the new map is in place, but the previous one could not be cleared ({}); it is left in {}; hint: look there for anything of yours, then remove it",
        if failed.is_empty() {
            "it is not empty".to_string()
        } else {
            failed.join("; ")
        },
        old.display()
    ))
}

/// True when two paths are one file (hard links of one inode, links not followed).
fn same_entry(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// True when a process's working folder is the map folder or inside it (Linux's
/// `/proc/PID/cwd`; processes whose links cannot be read are not seen).
fn busy(real: &Path) -> bool {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        let name = p.file_name();
        name.to_string_lossy().bytes().all(|b| b.is_ascii_digit())
            && std::fs::read_link(p.path().join("cwd")).is_ok_and(|cwd| cwd.starts_with(real))
    })
}

/// Give the staging folder the map folder's mode and owner, and say whether it now has them and
/// the same extended attributes (ACLs, security labels).
fn same_attributes(real: &Path, stage: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(want) = std::fs::metadata(real) else {
            return false;
        };
        let _ =
            std::fs::set_permissions(stage, std::fs::Permissions::from_mode(want.mode() & 0o7777));
        let _ = std::os::unix::fs::chown(stage, Some(want.uid()), Some(want.gid()));
        let Ok(got) = std::fs::metadata(stage) else {
            return false;
        };
        got.uid() == want.uid()
            && got.gid() == want.gid()
            && got.mode() == want.mode()
            && xattrs(real) == xattrs(stage)
    }
    #[cfg(not(unix))]
    {
        let _ = (real, stage);
        false
    }
}

/// A folder's extended attributes, names and values, sorted (none where unsupported).
fn xattrs(path: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return Vec::new();
        };
        let mut names = vec![0u8; 4096];
        // SAFETY: the buffer is valid for its length; the path is NUL-terminated.
        let n =
            unsafe { libc::llistxattr(c_path.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
        if n <= 0 {
            return Vec::new();
        }
        names.truncate(n as usize);
        let mut out: Vec<(Vec<u8>, Vec<u8>)> = names
            .split(|&b| b == 0)
            .filter(|n| !n.is_empty())
            .map(|name| {
                let c_name = std::ffi::CString::new(name).unwrap_or_default();
                let mut value = vec![0u8; 65536];
                // SAFETY: as above; the name is NUL-terminated.
                let len = unsafe {
                    libc::lgetxattr(
                        c_path.as_ptr(),
                        c_name.as_ptr(),
                        value.as_mut_ptr().cast(),
                        value.len(),
                    )
                };
                value.truncate(len.max(0) as usize);
                (name.to_vec(), value)
            })
            .collect();
        out.sort();
        out
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        Vec::new()
    }
}

/// Errors that mean the swap is not available here, not that something is wrong.
fn unsupported(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EXDEV | libc::EBUSY | libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        true
    }
}

/// Exchange two folders in one step (Linux's `renameat2` with `RENAME_EXCHANGE`).
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    renameat2(a, b, 2)
}

/// Rename `from` to `to`, replacing a file there. On Linux this is the same system call as the
/// swap (`renameat2`), so every rename of a build is one kind of call.
pub(crate) fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        renameat2(from, to, 0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        std::fs::rename(from, to)
    }
}

#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let from = std::ffi::CString::new(from.as_os_str().as_bytes())?;
    let to = std::ffi::CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated and live across the call; the system call reads
    // them and touches no other memory.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn renameat2(_: &Path, _: &Path, _: u32) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}
