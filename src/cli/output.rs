//! Output plumbing shared by subcommands: atomic file writes (temporary file in the destination
//! folder, then rename, so a failed or killed run never leaves a truncated file where a good one
//! stood) and aligned text tables.

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

/// Render rows as a left-aligned table with two spaces between columns.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A new temporary file in `dir` (the destination's folder, so that a rename replaces the
/// destination in one step), removed when dropped.
pub fn temp_in(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".diplomap-")
        .tempfile_in(dir)
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                io_reason(&e)
            )
        })
}

/// Write several files so that either all of them are replaced or none is: every file is
/// written and synced to a temporary name in its folder first, then all are renamed.
pub fn write_all_atomic<B: AsRef<[u8]>>(files: &[(std::path::PathBuf, B)]) -> anyhow::Result<()> {
    commit(Vec::new(), files)
}

/// Replace files together: `staged` are already written and synced under temporary names in
/// their destination folders (streamed layers); `files` are written and synced the same way;
/// then all are renamed into place. On an error before the renames, every temporary file is
/// removed and no destination has changed.
pub fn commit<B: AsRef<[u8]>>(
    staged: Vec<(tempfile::TempPath, std::path::PathBuf)>,
    files: &[(std::path::PathBuf, B)],
) -> anyhow::Result<()> {
    let mut all = staged;
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
    // A replaced file keeps its permissions; a new one gets 0644 (temporary files are 0600).
    #[cfg(unix)]
    for (tmp, path) in &all {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("cannot set permissions on {}", path.display()))?;
    }
    // Every file is on disk under a temporary name; dropping `all` on error removes them.
    for (tmp, path) in all {
        tmp.persist(&path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
