//! Data build step: compile Natural Earth admin-0 outlines into `data/countries.dcs`, the country
//! shapes embedded in diplomap. Run by `scripts/build-data`:
//!
//! ```text
//! cargo run --release --no-default-features --example build-country-shapes -- \
//!     ne_10m_admin_0_countries_deu.dbf 0.01 data/countries.dcs
//! ```

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [admin0, tolerance, output] = args.as_slice() else {
        anyhow::bail!("usage: build-country-shapes ADMIN0.dbf TOLERANCE_DEG OUTPUT");
    };
    let tolerance: f64 = tolerance.parse()?;
    let (bytes, s) = diplomap::shapes::import::import(&PathBuf::from(admin0), tolerance)?;
    diplomap::mapdir::write_atomic(&PathBuf::from(output), &bytes)?;
    eprintln!(
        "{output}: {} countries, {} polygons, {} vertices (from {}), {} bytes",
        s.countries, s.polygons, s.vertices_out, s.vertices_in, s.bytes
    );
    Ok(())
}
