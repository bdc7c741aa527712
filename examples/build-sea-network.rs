//! Data build step: compile Natural Earth 1:10m land (world-atlas `land-10m.json`), less the
//! Great Lakes (Natural Earth's `ne_10m_lakes`), into `data/land.dln`, the indexed land every sea
//! route is checked against, and build the sea network on it (`data/sea.dsn`). Run by
//! `scripts/build-data`:
//!
//! ```text
//! cargo run --release --no-default-features --example build-sea-network -- \
//!     world-atlas/land-10m.json ne_10m_lakes.json data/land.dln data/sea.dsn
//! ```

use std::path::PathBuf;

/// Grid cell of the land index, in degrees.
const CELL_DEG: f64 = 0.25;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [topology, lakes, output, network_output] = args.as_slice() else {
        anyhow::bail!(
            "usage: build-sea-network LAND-10M.json NE-10M-LAKES.json LAND-OUTPUT NETWORK-OUTPUT"
        );
    };
    let json = std::fs::read(topology)?;
    let (mut rings, transform) = diplomap::routing::offline::topojson::rings(&json, "land")?;
    use diplomap::routing::offline::lakes;
    let lake_rings = lakes::rings(&std::fs::read(lakes)?, lakes::GREAT_LAKES, &transform)?;
    eprintln!(
        "{lakes}: {} rings of {} lakes opened as water",
        lake_rings.len(),
        lakes::GREAT_LAKES.len()
    );
    rings.extend(lake_rings);
    let bytes = diplomap::routing::offline::land::encode(&rings, &transform, CELL_DEG);
    let land = diplomap::routing::land::Land::open(&bytes)?;
    diplomap::mapdir::write_atomic(&PathBuf::from(output), &bytes)?;
    eprintln!(
        "{output}: {} rings, {} vertices, {CELL_DEG}° grid, {} bytes",
        rings.len(),
        land.vertex_count(),
        bytes.len()
    );
    let started = std::time::Instant::now();
    let (network, summary) = diplomap::routing::offline::sample::build(
        &land,
        &diplomap::routing::offline::sample::BuildOptions::default(),
    );
    diplomap::mapdir::write_atomic(&PathBuf::from(network_output), &network)?;
    eprintln!(
        "{network_output}: {} leaves, {} nodes ({} outside the world ocean dropped), {} edges, {} bytes, {:.1} s",
        summary.leaves,
        summary.nodes,
        summary.dropped_nodes,
        summary.edges,
        network.len(),
        started.elapsed().as_secs_f64()
    );
    if std::env::var_os("DIPLOMAP_DROPPED").is_some() {
        // Where the nodes outside the world ocean were, by 10° cell.
        let mut cells = std::collections::BTreeMap::new();
        for p in &summary.dropped {
            *cells
                .entry((
                    (p.lon / 10.0).floor() as i32 * 10,
                    (p.lat / 10.0).floor() as i32 * 10,
                ))
                .or_insert(0) += 1;
        }
        let mut top: Vec<_> = cells.into_iter().collect();
        top.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for ((lon, lat), n) in top.iter().take(25) {
            eprintln!("  dropped near {lon:>4}E {lat:>3}N: {n}");
        }
    }
    Ok(())
}
