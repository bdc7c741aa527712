//! The separate waters of the sea network: the world ocean, and the landlocked seas ships cross
//! within themselves (the Caspian). Each is one connected part of the network, kept when the
//! network is built from a seed point in it ([`super::offline::sample`]); lakes and other closed
//! waters drop out. A route between two basins has no sea link and is refused by name.
//!
//! Coordinates are degrees (lon east, lat north).

use crate::geodesy::LonLat;

/// A body of water the network holds as its own connected part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Basin {
    /// As a sentence names it: "the Caspian Sea".
    pub name: &'static str,
    /// A point in open water, from which the build keeps the basin's part of the network.
    pub seed: [f64; 2],
    /// `[west, south, east, north]`: every node of the basin lies inside, and no node of another
    /// basin. `None` for the world ocean, which holds every node outside the other boxes.
    pub bbox: Option<[f64; 4]>,
    /// Why no sea route leaves it, for messages.
    pub why: &'static str,
}

/// The basins; the world ocean first.
pub const BASINS: &[Basin] = &[
    Basin {
        name: "the world ocean",
        seed: [-150.0, 0.0],
        bbox: None,
        why: "",
    },
    // From the Volga delta to the Iranian shore; the Black Sea ends at 42° E, the Persian Gulf
    // at 30.5° N.
    Basin {
        name: "the Caspian Sea",
        seed: [50.5, 42.0],
        bbox: Some([46.0, 36.0, 55.5, 47.6]),
        why: "the Caspian is landlocked: its only way out, the Volga–Don Canal, takes river ships and is not in the network",
    },
];

/// The basin (index into [`BASINS`]) whose water holds `p`.
pub fn basin_of(p: LonLat) -> usize {
    BASINS
        .iter()
        .position(|b| {
            b.bbox
                .is_some_and(|[w, s, e, n]| p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n)
        })
        .unwrap_or(0)
}

/// Why no sea route joins `from`, on basin `a`, to `to`, on basin `b` (indices into
/// [`BASINS`]), with the landlocked one's reason as the hint; callers add what to do instead.
pub fn apart(from: &str, to: &str, a: usize, b: usize) -> String {
    let why = if BASINS[a].why.is_empty() {
        BASINS[b].why
    } else {
        BASINS[a].why
    };
    format!(
        "{from} is on {} and {to} on {}: no sea route joins them; hint: {why}",
        BASINS[a].name, BASINS[b].name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_fall_in_their_basins() {
        // Baku, Aktau, Bandar Anzali, Astrakhan's approach; Poti on the Black Sea, Bandar Abbas.
        for (lon, lat) in [(49.87, 40.36), (51.17, 43.65), (49.46, 37.47), (47.9, 45.9)] {
            assert_eq!(
                BASINS[basin_of(LonLat::new(lon, lat))].name,
                "the Caspian Sea"
            );
        }
        for (lon, lat) in [(41.67, 42.15), (56.28, 27.18), (-150.0, 0.0)] {
            assert_eq!(basin_of(LonLat::new(lon, lat)), 0);
        }
        // Every seed is in its own basin.
        for (k, b) in BASINS.iter().enumerate() {
            assert_eq!(basin_of(LonLat::new(b.seed[0], b.seed[1])), k);
        }
    }
}
