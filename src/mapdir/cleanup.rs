//! What a build leaves when it stops early, and who removes it.
//!
//! - Signals: while a staging folder exists, SIGINT, SIGTERM and SIGHUP are caught (signal-hook's
//!   handler thread): the staging folders are removed, then the process ends as the signal would
//!   have ended it. A commit holds the same lock, so a signal during one waits the milliseconds
//!   until the map is whole.
//! - Stale leftovers: a SIGKILL, a power cut or a crash can leave a staging folder beside the map
//!   or inside it, a mark, or (from versions before the staging folder) temporary files. The next
//!   build into the folder, holding its lock, removes each one that no live build holds
//!   (`flock` on the staging folder), rolls back an unfinished file-by-file commit, and finishes a
//!   swap whose previous map was not yet emptied.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use super::{flock, read_dir, MARK_NEW, MARK_OLD, STAGE_PREFIX, WRITE_PREFIX};

/// Something to remove if the process is stopped by a signal.
pub(crate) enum Pending {
    /// A staging folder that was not committed.
    Stage(PathBuf),
}

type Registry = Vec<(u64, Pending)>;

static PENDING: Mutex<Registry> = Mutex::new(Vec::new());
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static INSTALL: Once = Once::new();

/// The registry, locked: commits hold it, and so does the signal handler while it cleans up.
pub(crate) fn lock() -> MutexGuard<'static, Registry> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remember `what` until [`forget`]; the first call installs the signal handler.
pub(crate) fn register(what: Pending) -> u64 {
    INSTALL.call_once(install);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    lock().push((id, what));
    id
}

/// Stop remembering an entry.
pub(crate) fn forget(registry: &mut Registry, id: u64) {
    registry.retain(|(i, _)| *i != id);
}

/// Start the thread that cleans up on SIGINT, SIGTERM and SIGHUP, then ends the process.
fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("diplomap-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let registry = lock();
                    for (_, Pending::Stage(dir)) in registry.iter() {
                        let _ = std::fs::remove_dir_all(dir);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
    }
}

/// True when a live build holds the folder's lock.
fn held(dir: &Path) -> bool {
    match std::fs::File::open(dir) {
        Ok(f) => flock(&f, false).is_err(),
        Err(_) => false,
    }
}

/// The map name a mark file holds, if it is there.
fn mark(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// Remove what killed builds left in and beside the map folder `real` (locked by the caller).
/// What cannot be removed is left and said, never a reason to stop the build.
pub(crate) fn stale(real: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(parent) = real.parent() {
        // The parent may be unreadable; then nothing of ours can be beside the map either.
        for entry in read_dir(parent).unwrap_or_default() {
            let path = entry.path();
            let is_stage = entry
                .file_name()
                .to_string_lossy()
                .starts_with(STAGE_PREFIX)
                && entry.file_type().is_ok_and(|k| k.is_dir());
            if !is_stage || held(&path) {
                continue;
            }
            if mark(&path.join(MARK_OLD)).as_deref() == Some(name.as_str()) {
                // A swap was done and the previous map not yet emptied.
                warnings.extend(super::swap::finish_old(&path, real));
            } else if mark(&path.join(MARK_NEW)).as_deref() == Some(name.as_str()) {
                let _ = std::fs::remove_dir_all(&path);
            } else if !path.join(MARK_NEW).exists()
                && !path.join(MARK_OLD).exists()
                && older_than(&entry, 3600)
            {
                // Killed before its mark was written: nothing but an empty folder (a young one
                // may be another build's, a moment before it locks and marks it).
                let _ = std::fs::remove_dir(&path);
            }
        }
    }
    for entry in read_dir(real).unwrap_or_default() {
        let file_name = entry.file_name();
        let text = file_name.to_string_lossy();
        if !text.starts_with(".diplomap-") {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|k| k.is_dir());
        if text.starts_with(STAGE_PREFIX) && is_dir {
            if !held(&path) {
                if let Err(e) = super::journal::recover(real, &path) {
                    warnings.push(format!("an earlier build's unfinished commit in {} could not be rolled back: {e:#}", path.display()));
                }
            }
        } else if text.starts_with(WRITE_PREFIX) {
            // Another command's file being written right now is young; a killed one's is old.
            if older_than(&entry, 3600) {
                let _ = std::fs::remove_file(&path);
            }
        } else if !is_dir {
            // The marks of a swap and the temporary files of earlier versions.
            let _ = std::fs::remove_file(&path);
        }
    }
    warnings
}

/// True when an entry was last changed more than `seconds` ago.
fn older_than(entry: &std::fs::DirEntry, seconds: u64) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > seconds)
}
