//! Data build step: thin the country outlines of `data/countries.dcs` into `data/basemap.json`,
//! the basemap of the HTML preview (`diplomap::output::html::basemap_json`), so that a build
//! does not thin the whole world each time. Run by `scripts/build-data`:
//!
//! ```text
//! cargo run --release --no-default-features --example build-basemap -- \
//!     data/countries.dcs data/basemap.json
//! ```

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shapes, output] = args.as_slice() else {
        anyhow::bail!("usage: build-basemap COUNTRIES.dcs OUTPUT.json");
    };
    let bytes = std::fs::read(shapes)?;
    let shapes = diplomap::shapes::CountryShapes::open(&bytes)?;
    let mut json = diplomap::output::html::basemap_json(&shapes);
    json.push('\n');
    diplomap::mapdir::write_atomic(&PathBuf::from(output), json.as_bytes())?;
    let basemap = diplomap::output::html::basemap(&shapes);
    let rings: usize = basemap.polygons.iter().map(Vec::len).sum();
    let positions: usize = basemap.polygons.iter().flatten().map(Vec::len).sum();
    eprintln!(
        "{output}: {} polygons, {rings} rings, {positions} positions, {} bytes",
        basemap.polygons.len(),
        json.len()
    );
    Ok(())
}
