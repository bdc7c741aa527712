//! The file-by-file commit, for a map folder that cannot be swapped whole: the staging folder is
//! inside the map folder; a journal naming every file to put in place or remove is written and
//! synced first; each replaced file is kept as a hard link in the staging folder's `.old/` until
//! the end. An error rolls every file back; a build killed between two renames leaves the journal,
//! and the next build into the folder rolls it back ([`recover`]) before anything else. The
//! staging folder is removed once a `.diplomap-committed` mark says every rename was done.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::output::owned;

use super::swap::rename;
use super::{read_dir, sync_dir};

const JOURNAL: &str = ".diplomap-journal";
const DONE: &str = ".diplomap-committed";
const OLD: &str = ".old";

/// Put the files of `stage` (inside `real`) in place, remove our files the new map does not
/// hold, and return those files' names.
pub(super) fn commit(
    real: &Path,
    stage: &Path,
    written: &[OsString],
) -> anyhow::Result<Vec<String>> {
    let stage_name = stage.file_name().unwrap_or_default().to_os_string();
    let mut removed = Vec::new();
    for entry in read_dir(real)? {
        let name = entry.file_name();
        if name == stage_name || name.to_string_lossy().starts_with(".diplomap-") {
            continue;
        }
        if !written.contains(&name) && owned::is_ours(&real.join(&name)) {
            removed.push(name.to_string_lossy().into_owned());
        }
    }
    let mut text = String::new();
    for name in written {
        // Whether a previous file stands there decides, at a rollback, between restoring it
        // and removing the new one.
        let before = if std::fs::symlink_metadata(real.join(name)).is_ok() {
            "replaces"
        } else {
            "new"
        };
        text.push_str(&format!("{before}\t{}\n", name.to_string_lossy()));
    }
    for name in &removed {
        text.push_str(&format!("gone\t{name}\n"));
    }
    std::fs::File::create(stage.join(JOURNAL))
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|_| std::fs::create_dir(stage.join(OLD)))
        .with_context(|| format!("cannot write the journal in {}", stage.display()))?;
    sync_dir(stage)?;
    if let Err(e) = apply(real, stage, written, &removed) {
        return match rollback(real, stage) {
            Ok(()) => Err(e),
            Err(r) => Err(e.context(format!(
                "and rolling back failed ({r:#}): the previous files are in {}",
                stage.join(OLD).display()
            ))),
        };
    }
    std::fs::File::create(stage.join(DONE))
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot write in {}", stage.display()))?;
    sync_dir(stage)?;
    let _ = std::fs::remove_dir_all(stage);
    Ok(removed)
}

/// The renames, in journal order.
fn apply(
    real: &Path,
    stage: &Path,
    written: &[OsString],
    removed: &[String],
) -> anyhow::Result<()> {
    let old = stage.join(OLD);
    for name in written {
        let dest = real.join(name);
        if std::fs::symlink_metadata(&dest).is_ok() {
            std::fs::hard_link(&dest, old.join(name))
                .with_context(|| format!("cannot keep the previous {}", dest.display()))?;
        }
        rename(&stage.join(name), &dest)
            .with_context(|| format!("cannot write {}", dest.display()))?;
    }
    for name in removed {
        let dest = real.join(name);
        rename(&dest, &old.join(name))
            .with_context(|| format!("cannot remove {}", dest.display()))?;
    }
    sync_dir(real)
}

/// Undo a commit that did not finish: every kept previous file goes back; a new file that had no
/// previous one is removed once it has left the staging folder. Run again after a kill in the
/// middle of it, it finishes the same work; once done, the journal is removed.
fn rollback(real: &Path, stage: &Path) -> anyhow::Result<()> {
    let journal = std::fs::read_to_string(stage.join(JOURNAL))
        .with_context(|| format!("cannot read the journal in {}", stage.display()))?;
    let old = stage.join(OLD);
    for line in journal.lines() {
        let Some((what, name)) = line.split_once('\t') else {
            continue;
        };
        let kept = old.join(name);
        let dest = real.join(name);
        if std::fs::symlink_metadata(&kept).is_ok() {
            rename(&kept, &dest).with_context(|| format!("cannot restore {}", dest.display()))?;
        } else if what == "new" && std::fs::symlink_metadata(stage.join(name)).is_err() {
            // Put in place by the commit, with nothing before it.
            match std::fs::remove_file(&dest) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| format!("cannot remove {}", dest.display()))
                }
                _ => {}
            }
        }
    }
    sync_dir(real)?;
    std::fs::remove_file(stage.join(JOURNAL))
        .with_context(|| format!("cannot remove the journal in {}", stage.display()))
}

/// Finish with a staging folder a killed build left inside the map folder: roll its commit back
/// unless every rename was done, then remove it.
pub(crate) fn recover(real: &Path, stage: &Path) -> anyhow::Result<()> {
    if !stage.join(DONE).exists() && stage.join(JOURNAL).exists() {
        rollback(real, stage)?;
    }
    std::fs::remove_dir_all(stage).with_context(|| format!("cannot remove {}", stage.display()))
}
