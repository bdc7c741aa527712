//! Single files written whole: a temporary file in the destination folder, synced, then renamed
//! over the destination, so a failed or killed run never leaves a truncated file where a good one
//! stood (reports, stamps, gazetteers). Several files are replaced all or none. Also the plain
//! reason of an I/O error, for messages that stay the same from run to run.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes)])
}

/// The reason of an I/O error without the temporary path some wrappers add, so messages stay
/// the same from run to run: "Permission denied (os error 13)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => match e.get_ref().and_then(|inner| inner.source()) {
            Some(source) => source.to_string(),
            None => e.kind().to_string(),
        },
    }
}

/// A new temporary file in `dir` (the destination's folder, so that a rename replaces the
/// destination in one step), removed when dropped.
pub fn temp_in(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(super::WRITE_PREFIX);
    // Created as any new file is (0666 less the umask), not private to the owner.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create a temporary file in {}: {}",
            dir.display(),
            io_reason(&e)
        )
    })
}

/// Write several files so that either all of them are replaced or none is: every file is
/// written and synced to a temporary name in its folder first, then all are renamed. A
/// destination that is a folder, a pipe or a device is refused before anything is written.
pub fn write_all_atomic<B: AsRef<[u8]>>(files: &[(std::path::PathBuf, B)]) -> anyhow::Result<()> {
    for (path, _) in files {
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if let Some(what) = super::not_a_file(&meta.file_type()) {
                anyhow::bail!(
                    "'{}' is {what}, not a file; hint: name a file to write",
                    path.display()
                );
            }
        }
    }
    let mut all = Vec::new();
    for (path, bytes) in files {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = temp_in(dir)?;
        tmp.write_all(bytes.as_ref())
            .and_then(|_| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        all.push((tmp.into_temp_path(), path.clone()));
    }
    // A replaced regular file keeps its permissions (never a symbolic link's target's: the link
    // itself is replaced); a new one has the umask's.
    #[cfg(unix)]
    for (tmp, path) in &all {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            if meta.is_file() {
                let mode = meta.permissions().mode() & 0o777;
                std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(mode))
                    .with_context(|| format!("cannot set permissions on {}", path.display()))?;
            }
        }
    }
    // Every file is on disk under a temporary name; dropping `all` on error removes them.
    for (tmp, path) in all {
        tmp.persist(&path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
