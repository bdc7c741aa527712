//! Which files in an output folder diplomap wrote. A layer file (`<layer>.geojson`, `.geojsons`,
//! `.fgb`, `.qml`) is ours by its name: the folder's layer names are the tool's. The three whole-map
//! files are ours only when they carry diplomap's mark, since a user may keep a page, a picture or
//! a GeoPackage of the same name there: `index.html` its `<meta name="generator">`, `map.svg` its
//! `<!-- Generator: diplomap -->` comment, `map.gpkg` its `diplomap_map` table
//! ([`super::gpkg::is_ours`]). Only regular files are ever opened to look, so a named pipe in the
//! folder never blocks a build.

use std::io::Read;
use std::path::Path;

use crate::layers::LayerName;

/// The preview's file name.
pub const HTML_NAME: &str = "index.html";
/// The static map's file name.
pub const SVG_NAME: &str = "map.svg";
pub use super::gpkg::GPKG_NAME;

/// The mark at the start of every SVG diplomap draws (the comment drawing programs use).
pub const SVG_MARK: &str = "<!-- Generator: diplomap -->";
/// The mark in the head of every preview.
pub const HTML_MARK: &str = r#"<meta name="generator" content="diplomap">"#;

/// Extensions of the per-layer files.
const LAYER_EXTENSIONS: [&str; 4] = ["geojson", "geojsons", "fgb", "qml"];

/// How a file name in an output folder is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Not a name diplomap writes.
    No,
    /// A layer file: ours by its name.
    ByName,
    /// A whole-map file: ours when its content carries the mark.
    ByMark,
}

/// How `name` is claimed.
///
/// ```
/// use diplomap::output::owned::{claim, Claim};
/// assert_eq!(claim("strikes.geojson"), Claim::ByName);
/// assert_eq!(claim("index.html"), Claim::ByMark);
/// assert_eq!(claim("notes.txt"), Claim::No);
/// ```
pub fn claim(name: &str) -> Claim {
    if [HTML_NAME, SVG_NAME, GPKG_NAME].contains(&name) {
        return Claim::ByMark;
    }
    match name.rsplit_once('.') {
        Some((stem, ext))
            if LAYER_EXTENSIONS.contains(&ext)
                && LayerName::ALL.iter().any(|l| l.as_str() == stem) =>
        {
            Claim::ByName
        }
        _ => Claim::No,
    }
}

/// True when the entry at `path` is a file diplomap wrote: a regular file (or, for a layer
/// file, a symbolic link, which a build replaces by a file and never follows) whose name is
/// claimed and, for a whole-map file, whose content carries the mark.
pub fn is_ours(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    match claim(name) {
        Claim::No => false,
        Claim::ByName => meta.is_file() || meta.file_type().is_symlink(),
        Claim::ByMark if !meta.is_file() => false,
        Claim::ByMark if name == GPKG_NAME => super::gpkg::is_ours(path),
        Claim::ByMark => {
            let mark = if name == SVG_NAME {
                SVG_MARK
            } else {
                HTML_MARK
            };
            starts_with_mark(path, mark)
        }
    }
}

/// True when the mark is in the file's first 4 KiB.
fn starts_with_mark(path: &Path, mark: &str) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    head.windows(mark.len()).any(|w| w == mark.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_files_are_claimed_by_name_and_others_are_not() {
        assert_eq!(claim("countries.qml"), Claim::ByName);
        assert_eq!(claim("corridors.fgb"), Claim::ByName);
        assert_eq!(claim("meetings.geojsons"), Claim::ByName);
        assert_eq!(claim("strikes.csv"), Claim::No);
        assert_eq!(claim("roads.geojson"), Claim::No);
        assert_eq!(claim("map.gpkg"), Claim::ByMark);
    }

    #[test]
    fn a_page_is_ours_only_with_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join(HTML_NAME);
        std::fs::write(&page, "<!DOCTYPE html><title>my own page</title>").unwrap();
        assert!(!is_ours(&page));
        std::fs::write(&page, format!("<!DOCTYPE html><head>{HTML_MARK}</head>")).unwrap();
        assert!(is_ours(&page));
        let svg = dir.path().join(SVG_NAME);
        std::fs::write(&svg, format!("{SVG_MARK}\n<svg/>")).unwrap();
        assert!(is_ours(&svg));
        std::fs::create_dir(dir.path().join("strikes.geojson")).unwrap();
        assert!(!is_ours(&dir.path().join("strikes.geojson")));
    }
}
