//! The output folder of a build as one transaction: the previous map stays whole until the new
//! one is complete, and whatever fails, or whenever the build is killed, the folder holds the old
//! map or the new one, never a mix of the two.
//!
//! - [`MapDir::open`] creates the folder if needed and locks it (`flock` on the folder itself),
//!   so a second build into it waits, saying so; it then clears what killed builds left.
//! - [`MapDir::stage`] makes a hidden staging folder, beside the map when the parent can take it
//!   (`.diplomap-stage-…`), else inside it. Every file of the new map is written there.
//! - [`Stage::commit`] puts the new map in place. Beside the map, the staging folder receives
//!   hard links to the user's own files in the map folder and is exchanged with it by one
//!   `renameat2(RENAME_EXCHANGE)` (`swap.rs`): that single call is the moment the map changes.
//!   Where a swap cannot be done (not Linux, a sub-folder or a pipe of the user's in the folder,
//!   a process working inside it, a mount point, a file system without the call, an owner or
//!   mode the copy cannot have), files are renamed in one by one under a journal (`journal.rs`):
//!   an error rolls every file back, and a kill in those milliseconds is rolled back by the next
//!   build.
//! - Files of ours that the new map does not hold (a layer now empty, a format or a picture not
//!   asked for) are not carried over: the folder never mixes two builds. Files that are not ours
//!   ([`crate::output::owned`]) are kept.
//! - SIGINT, SIGTERM and SIGHUP remove the staging folder before the process ends
//!   (`cleanup.rs`); SIGKILL cannot be caught, and what it leaves is removed by the next build.

pub mod atomic;
pub(crate) mod cleanup;
mod journal;
mod swap;

pub use atomic::{io_reason, write_all_atomic, write_atomic};

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::output::owned;

/// The prefix of every staging folder.
pub(crate) const STAGE_PREFIX: &str = ".diplomap-stage-";
/// The file in a staging folder that names the map it is for.
pub(crate) const MARK_NEW: &str = ".diplomap-new";
/// The file put in the map folder just before a swap, naming the map: after the swap it marks
/// the hidden folder as the previous map, whose own files still have to be carried over.
pub(crate) const MARK_OLD: &str = ".diplomap-old";
/// The prefix of the temporary files of [`atomic::write_atomic`].
pub(crate) const WRITE_PREFIX: &str = ".diplomap-write-";

/// A locked output folder.
pub struct MapDir {
    /// The folder as the user named it (for messages).
    shown: PathBuf,
    /// The folder with every link resolved.
    real: PathBuf,
    /// The open folder, locked.
    _lock: File,
    /// True when this build made the folder: dropped with no map committed, it is removed
    /// again (if still empty), so a failed first build leaves nothing behind.
    created: bool,
    committed: std::cell::Cell<bool>,
}

impl Drop for MapDir {
    fn drop(&mut self) {
        if self.created && !self.committed.get() {
            let _ = std::fs::remove_dir(&self.real);
        }
    }
}

impl MapDir {
    /// Create the folder if missing, lock it (waiting, with one line to `log`, while another
    /// build holds it), and clear what killed builds left in and beside it. Refuses a folder
    /// that holds something other than a file where a layer file goes.
    pub fn open(path: &Path, log: &mut dyn FnMut(&str)) -> anyhow::Result<MapDir> {
        let created = !path.exists();
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create output folder '{}'", path.display()))?;
        let (lock, real) = lock(path, log)?;
        let map = MapDir {
            shown: path.to_path_buf(),
            real,
            _lock: lock,
            created,
            committed: std::cell::Cell::new(false),
        };
        for warning in cleanup::stale(&map.real) {
            log(&format!("warning: {warning}"));
        }
        map.refuse_non_files()?;
        Ok(map)
    }

    /// The folder with every link resolved.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// A destination of ours that is a folder, a pipe or a device cannot be replaced by a file:
    /// say so before any work.
    fn refuse_non_files(&self) -> anyhow::Result<()> {
        for entry in read_dir(&self.real)? {
            let name = entry.file_name();
            let Some(text) = name.to_str() else { continue };
            if owned::claim(text) == owned::Claim::No {
                continue;
            }
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot read {}", self.shown.join(&name).display()))?;
            if let Some(what) = not_a_file(&kind) {
                anyhow::bail!(
                    "'{}' is {what}, and the map writes a file there; hint: move it away, or choose another folder with -o",
                    self.shown.join(&name).display()
                );
            }
        }
        Ok(())
    }

    /// A new, empty staging folder for the next map.
    pub fn stage(&self) -> anyhow::Result<Stage<'_>> {
        let beside = swap::can_stage_beside(&self.real);
        let (dir, inside) = match beside.then(|| self.real.parent()).flatten() {
            Some(parent) => match make_stage(parent) {
                Ok(dir) => (dir, false),
                Err(_) => (make_stage(&self.real)?, true),
            },
            None => (make_stage(&self.real)?, true),
        };
        let lock = File::open(&dir)
            .with_context(|| format!("cannot open the staging folder {}", dir.display()))?;
        flock(&lock, false).with_context(|| format!("cannot lock {}", dir.display()))?;
        let id = cleanup::register(cleanup::Pending::Stage(dir.clone()));
        let name = self
            .real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::write(dir.join(MARK_NEW), name)
            .with_context(|| format!("cannot write in the staging folder {}", dir.display()))?;
        Ok(Stage {
            map: self,
            dir,
            inside,
            _lock: lock,
            id: Some(id),
        })
    }
}

/// A staging folder: the new map is written into [`Stage::path`], then committed whole.
/// Dropped uncommitted, it is removed and the map stays as it was.
pub struct Stage<'a> {
    map: &'a MapDir,
    dir: PathBuf,
    /// Inside the map folder (committed file by file) rather than beside it (swapped).
    inside: bool,
    _lock: File,
    id: Option<u64>,
}

/// What a commit did.
#[derive(Debug, Default)]
pub struct Committed {
    /// The files of ours the new map does not hold, now gone, by name.
    pub removed: Vec<String>,
    /// True when the folder was exchanged whole; false when files were renamed one by one.
    pub swapped: bool,
    /// What could not be cleared after the new map was in place.
    pub warnings: Vec<String>,
}

impl Stage<'_> {
    /// The folder to write the new map's files into, under their final names.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Put the new map in place: the files written in [`Stage::path`] replace the previous
    /// map's, and files of ours that the new map does not hold are removed. `force` allows a
    /// whole-map file that is not ours (a GeoPackage of the user's) to be replaced.
    pub fn commit(mut self, force: bool) -> anyhow::Result<Committed> {
        let written = self.written()?;
        self.refuse_foreign(&written, force)?;
        sync_dir(&self.dir)?;
        let mut pending = cleanup::lock();
        let id = self.id.take().expect("a stage commits once");
        cleanup::forget(&mut pending, id);
        let result = if self.inside {
            journal::commit(&self.map.real, &self.dir, &written)
                .map(|removed| Committed {
                    removed,
                    swapped: false,
                    warnings: Vec::new(),
                })
                .inspect_err(|_| {
                    let _ = std::fs::remove_dir_all(&self.dir);
                })
        } else {
            match swap::commit(&self.map.real, &self.dir, &written) {
                Ok(Some((removed, warning))) => Ok(Committed {
                    removed,
                    swapped: true,
                    warnings: warning.into_iter().collect(),
                }),
                Ok(None) => {
                    // Not swappable: move the staging folder inside and commit file by file.
                    let inner = self.map.real.join(self.dir.file_name().unwrap_or_default());
                    match swap::rename(&self.dir, &inner) {
                        Ok(()) => {
                            let r = journal::commit(&self.map.real, &inner, &written);
                            if r.is_err() {
                                let _ = std::fs::remove_dir_all(&inner);
                            }
                            r.map(|removed| Committed {
                                removed,
                                swapped: false,
                                warnings: Vec::new(),
                            })
                        }
                        Err(e) => {
                            let _ = std::fs::remove_dir_all(&self.dir);
                            Err(anyhow::anyhow!(
                                "cannot move the new map into '{}': {}",
                                self.map.shown.display(),
                                io_reason(&e)
                            ))
                        }
                    }
                }
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&self.dir);
                    Err(e)
                }
            }
        };
        drop(pending);
        if result.is_ok() {
            self.map.committed.set(true);
        }
        result.map(|mut c| {
            c.removed.sort();
            c
        })
    }

    /// The names of the files written into the staging folder, sorted.
    fn written(&self) -> anyhow::Result<Vec<OsString>> {
        let mut names: Vec<OsString> = read_dir(&self.dir)?
            .into_iter()
            .map(|e| e.file_name())
            .filter(|n| n != MARK_NEW)
            .collect();
        names.sort();
        Ok(names)
    }

    /// Just before replacing, look again at what is where the new files go: a folder or a pipe
    /// put there during the build, or a GeoPackage that is not ours (or holds a table of the
    /// user's), is refused.
    fn refuse_foreign(&self, written: &[OsString], force: bool) -> anyhow::Result<()> {
        for name in written {
            let dest = self.map.real.join(name);
            let shown = self.map.shown.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&dest) else {
                continue;
            };
            if let Some(what) = not_a_file(&meta.file_type()) {
                anyhow::bail!(
                    "'{}' is {what}, and the map writes a file there; hint: move it away, or choose another folder with -o",
                    shown.display()
                );
            }
            if name != owned::GPKG_NAME || force || !meta.is_file() {
                continue;
            }
            check_geopackage(&dest, &shown)?;
        }
        Ok(())
    }
}

/// Refuse to replace a GeoPackage diplomap did not write, or one holding a table of the user's.
pub fn check_geopackage(path: &Path, shown: &Path) -> anyhow::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        _ => return Ok(()),
    }
    if !owned::is_ours(path) {
        anyhow::bail!(
            "'{}' exists and was not written by diplomap; hint: move it, or pass --force to replace it",
            shown.display()
        );
    }
    let foreign = crate::output::gpkg::foreign_tables(path).unwrap_or_default();
    if !foreign.is_empty() {
        anyhow::bail!(
            "'{}' holds {} diplomap did not write ({}); hint: copy {} to another GeoPackage (ogr2ogr -f GPKG other.gpkg {} {}), or pass --force to replace the file",
            shown.display(),
            if foreign.len() == 1 { "a table" } else { "tables" },
            foreign.join(", "),
            if foreign.len() == 1 { "it" } else { "them" },
            shown.display(),
            foreign.join(" "),
        );
    }
    Ok(())
}

impl Drop for Stage<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            let mut pending = cleanup::lock();
            cleanup::forget(&mut pending, id);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// What an entry is when it is not something a file can replace.
pub(crate) fn not_a_file(kind: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    None
}

/// A new staging folder in `parent`.
fn make_stage(parent: &Path) -> anyhow::Result<PathBuf> {
    let dir = tempfile::Builder::new()
        .prefix(STAGE_PREFIX)
        .tempdir_in(parent)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot create a staging folder in {}: {}",
                parent.display(),
                io_reason(&e)
            )
        })?;
    Ok(dir.keep())
}

/// The entries of a folder.
pub(crate) fn read_dir(dir: &Path) -> anyhow::Result<Vec<std::fs::DirEntry>> {
    std::fs::read_dir(dir)
        .and_then(|it| it.collect::<std::io::Result<Vec<_>>>())
        .with_context(|| format!("cannot read the folder {}", dir.display()))
}

/// Make a folder's entries durable.
pub(crate) fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Open and lock the folder at `path`, waiting for another build; the lock is taken again when
/// the folder was exchanged while waiting (the lock belongs to the folder, not to its name).
fn lock(path: &Path, log: &mut dyn FnMut(&str)) -> anyhow::Result<(File, PathBuf)> {
    let mut said = false;
    loop {
        let real = std::fs::canonicalize(path)
            .with_context(|| format!("cannot open output folder '{}'", path.display()))?;
        let file = File::open(&real)
            .with_context(|| format!("cannot open output folder '{}'", path.display()))?;
        match flock(&file, false) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if !said {
                    log(&format!(
                        "waiting for another build into '{}' to finish",
                        path.display()
                    ));
                    said = true;
                }
                flock(&file, true)
                    .with_context(|| format!("cannot lock output folder '{}'", path.display()))?;
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot lock output folder '{}'", path.display()))
            }
        }
        if same_file(&file, &real) {
            return Ok((file, real));
        }
    }
}

/// True when the open `file` is still the entry at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Take an exclusive `flock` on an open file; `wait` blocks until it is free, otherwise a held
/// lock is an error of kind `WouldBlock`. Elsewhere than Unix there is no lock.
pub(crate) fn flock(file: &File, wait: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let op = if wait {
            libc::LOCK_EX
        } else {
            libc::LOCK_EX | libc::LOCK_NB
        };
        loop {
            // SAFETY: the descriptor is open while `file` is borrowed; flock touches no memory.
            let rc = unsafe { libc::flock(file.as_raw_fd(), op) };
            if rc == 0 {
                return Ok(());
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(e);
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, wait);
        Ok(())
    }
}
