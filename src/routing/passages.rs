//! Named passages of the sea network: the straits and capes ships pass, each a box drawn across
//! its narrowest part from shore to shore (so any route through it enters the box), and the
//! canals that Natural Earth's land closes (Suez, Panama, Kiel), each an explicit polyline edge.
//!
//! A route "traverses" a passage when its line enters the box (or uses the canal edge); `avoid`
//! forbids both. Boxes are also where the network is sampled finely enough to follow channels
//! a kilometre wide (`resolution_deg`).
//!
//! Coordinates are degrees (lon east, lat north), hand-placed from charts and checked against
//! the land data by the tests in `tests/it/routing.rs`.

use crate::geodesy::LonLat;

/// What kind of passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    Strait,
    Cape,
    Canal,
    /// An Arctic route, ice-bound most of the year: closed unless a route allows it.
    Ice,
}

/// A named passage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Passage {
    /// The name reported in `passages` and accepted by `avoid` (case-insensitive).
    pub name: &'static str,
    pub kind: PassageKind,
    /// `[west, south, east, north]` in degrees; for canals, the box around the canal.
    pub bbox: [f64; 4],
    /// Network sampling inside the box, in degrees (coasts elsewhere: the builder's default).
    pub resolution_deg: f64,
    /// For canals: the canal's course, from one sea to the other.
    pub course: &'static [[f64; 2]],
}

impl Passage {
    /// True when `p` is inside the box.
    pub fn contains(&self, p: LonLat) -> bool {
        let [w, s, e, n] = self.bbox;
        p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n
    }

    /// True when the segment `a`–`b` (lon/lat, same side of the antimeridian) meets the box.
    pub fn entered_by(&self, a: LonLat, b: LonLat) -> bool {
        let [w, s, e, n] = self.bbox;
        if a.lon.max(b.lon) < w
            || a.lon.min(b.lon) > e
            || a.lat.max(b.lat) < s
            || a.lat.min(b.lat) > n
        {
            return false;
        }
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let corners = [
            LonLat::new(w, s),
            LonLat::new(e, s),
            LonLat::new(e, n),
            LonLat::new(w, n),
        ];
        (0..4).any(|i| super::land::segments_meet(a, b, corners[i], corners[(i + 1) % 4]))
    }

    /// The canal's course as positions.
    pub fn course(&self) -> Vec<LonLat> {
        self.course
            .iter()
            .map(|c| LonLat::new(c[0], c[1]))
            .collect()
    }
}

const fn strait(name: &'static str, bbox: [f64; 4], resolution_deg: f64) -> Passage {
    Passage {
        name,
        kind: PassageKind::Strait,
        bbox,
        resolution_deg,
        course: &[],
    }
}

/// An Arctic route: the box spans the sea from the mainland coast to the network's northern
/// limit (84° N), so every way through it passes the box.
const fn ice(name: &'static str, bbox: [f64; 4]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Ice,
        bbox,
        resolution_deg: 0.25,
        course: &[],
    }
}

const fn cape(name: &'static str, bbox: [f64; 4]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Cape,
        bbox,
        resolution_deg: 0.25,
        course: &[],
    }
}

/// Indices of the ice-bound passages, which routes avoid unless they allow them.
pub fn ice_bound() -> impl Iterator<Item = usize> {
    PASSAGES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PassageKind::Ice)
        .map(|(k, _)| k)
}

/// The passages the network edge `a`–`b` passes through, as a bit set (bit `k` =
/// `PASSAGES[k]`): its canal (`passage` = the canal's index + 1, or 0), and every strait and
/// cape whose box the edge's line enters. An edge across the antimeridian counts the boxes its
/// ends are in.
pub fn mask(a: LonLat, b: LonLat, passage: u16) -> u32 {
    const _: () = assert!(PASSAGES.len() <= 32, "passage masks are u32");
    let mut mask = 0;
    for (k, p) in PASSAGES.iter().enumerate() {
        let passes = if p.kind == PassageKind::Canal {
            usize::from(passage) == k + 1
        } else if (a.lon - b.lon).abs() > 180.0 {
            p.contains(a) || p.contains(b)
        } else {
            p.entered_by(a, b)
        };
        if passes {
            mask |= 1 << k;
        }
    }
    mask
}

/// Every named passage. The index + 1 is the passage id stored on network edges.
pub const PASSAGES: &[Passage] = &[
    strait("Strait of Malacca", [101.2, 1.0, 102.0, 3.4], 1.0 / 32.0),
    strait("Singapore Strait", [103.5, 0.0, 104.6, 1.5], 1.0 / 64.0),
    strait("Sunda Strait", [105.4, -6.4, 106.2, -5.6], 1.0 / 64.0),
    strait("Lombok Strait", [115.5, -9.0, 116.2, -8.2], 1.0 / 64.0),
    strait("Makassar Strait", [116.3, -1.5, 120.2, -0.5], 1.0 / 16.0),
    strait("Taiwan Strait", [119.4, 24.2, 121.2, 25.7], 1.0 / 16.0),
    strait("Korea Strait", [128.6, 33.5, 130.6, 35.3], 1.0 / 32.0),
    strait("Tsugaru Strait", [140.0, 41.1, 141.6, 41.9], 1.0 / 64.0),
    strait("La Pérouse Strait", [141.5, 45.3, 142.4, 46.1], 1.0 / 64.0),
    strait("Strait of Hormuz", [55.9, 26.0, 57.0, 27.2], 1.0 / 32.0),
    strait("Bab-el-Mandeb", [43.0, 12.2, 43.8, 13.0], 1.0 / 64.0),
    strait("Strait of Gibraltar", [-5.9, 35.7, -5.3, 36.2], 1.0 / 64.0),
    strait("Strait of Dover", [1.0, 50.8, 2.2, 51.3], 1.0 / 32.0),
    strait("Bosporus", [28.95, 41.0, 29.2, 41.25], 1.0 / 256.0),
    strait("Dardanelles", [26.15, 40.0, 26.75, 40.5], 1.0 / 256.0),
    strait("Öresund", [12.45, 55.85, 12.95, 56.15], 1.0 / 128.0),
    // The whole strait, Cabo Vírgenes to Cabo Pilar: its narrows are 3–4 km wide.
    strait(
        "Strait of Magellan",
        [-75.0, -54.2, -68.2, -52.2],
        1.0 / 64.0,
    ),
    strait("Bering Strait", [-170.2, 65.3, -167.6, 66.3], 1.0 / 16.0),
    // Punta del Faro to Villa San Giovanni: 3 km at its northern narrows.
    strait(
        "Strait of Messina",
        [15.52, 37.95, 15.72, 38.32],
        1.0 / 256.0,
    ),
    // Cape Takil to the Sea of Azov at Cape Fonar: 4 km between Kerch and the Chushka Spit.
    strait("Kerch Strait", [36.35, 44.95, 36.85, 45.50], 1.0 / 256.0),
    // Between Sinai and Tiran Island, the Gulf of Aqaba's mouth: its Enterprise Passage is 1.3 km.
    strait("Strait of Tiran", [34.38, 27.90, 34.58, 28.08], 1.0 / 512.0),
    // Zealand to Funen along the bridge (Sprogø): the Baltic's deep-water route.
    strait("Great Belt", [10.85, 55.20, 11.20, 55.45], 1.0 / 64.0),
    // Wilsons Promontory to Tasmania's north coast, King Island to the Furneaux Group.
    strait("Bass Strait", [143.8, -41.2, 148.4, -38.7], 1.0 / 16.0),
    cape("Cape of Good Hope", [18.0, -60.0, 20.0, -34.2]),
    cape("Cape Horn", [-68.0, -62.0, -66.5, -55.5]),
    Passage {
        name: "Suez Canal",
        kind: PassageKind::Canal,
        bbox: [32.2, 29.85, 32.65, 31.4],
        resolution_deg: 1.0 / 64.0,
        course: &[
            [32.33, 31.36],
            [32.31, 31.25],
            [32.32, 30.95],
            [32.29, 30.58],
            [32.39, 30.35],
            [32.57, 30.00],
            [32.56, 29.88],
        ],
    },
    Passage {
        name: "Panama Canal",
        kind: PassageKind::Canal,
        bbox: [-79.95, 8.85, -79.48, 9.43],
        resolution_deg: 1.0 / 64.0,
        course: &[
            [-79.91, 9.42],
            [-79.92, 9.27],
            [-79.85, 9.15],
            [-79.66, 9.05],
            [-79.60, 9.00],
            [-79.50, 8.86],
        ],
    },
    Passage {
        name: "Kiel Canal",
        kind: PassageKind::Canal,
        bbox: [8.7, 53.85, 10.25, 54.47],
        resolution_deg: 1.0 / 64.0,
        // From the Brunsbüttel locks on the Elbe to the Holtenau locks on the Kiel Fjord: both
        // ends in the water, so the edges joining them to the sea cross no shore.
        course: &[
            [9.14, 53.89],
            [9.45, 54.08],
            [9.67, 54.30],
            [10.02, 54.35],
            [10.15, 54.37],
        ],
    },
    // Seasonal Arctic routes (kept last so the ids of the others stay as they were). Across the
    // Taymyr Peninsula's meridians, where the Northern Sea Route passes the Vilkitsky Strait or
    // north of Severnaya Zemlya; across the Canadian Arctic Archipelago's channels at 100° W.
    ice("Northern Sea Route", [95.0, 72.0, 110.0, 84.0]),
    ice("Northwest Passage", [-105.0, 66.0, -95.0, 84.0]),
];

/// A passage by name, case-insensitively and ignoring accents ("oresund", "la perouse strait").
pub fn find(name: &str) -> Option<(usize, &'static Passage)> {
    let key = crate::gazetteer::normalize::normalize(name);
    PASSAGES.iter().enumerate().find(|(_, p)| {
        let full = crate::gazetteer::normalize::normalize(p.name);
        full == key || short(&full) == key
    })
}

/// The name without "strait of", "canal"…: "malacca", "suez", "good hope".
fn short(normal: &str) -> String {
    let mut s = normal.to_string();
    for affix in ["strait of ", " strait", " canal", "cape of ", "cape "] {
        s = s.replace(affix, "");
    }
    s.trim().to_string()
}

/// The passage an avoid list names, or the message saying why not; `source` is the flag or key
/// the list came from (`--avoid`, `'avoid'`).
pub fn avoidable(name: &str, source: &str) -> Result<usize, String> {
    find(name).map(|(k, _)| k).ok_or_else(|| {
        format!(
            "unknown passage '{name}' in {source}; hint: the passages are {}",
            names().join(", ")
        )
    })
}

/// The ice-bound passage an allow list opens, or the message saying why not; `source` is the
/// flag or key the list came from (`--allow`, `'allow'`).
pub fn allowable(name: &str, source: &str) -> Result<usize, String> {
    match find(name) {
        Some((k, p)) if p.kind == PassageKind::Ice => Ok(k),
        found => {
            let what = match found {
                Some((_, p)) => format!("'{}' is always open", p.name),
                None => format!("unknown passage '{name}'"),
            };
            let ice: Vec<&str> = ice_bound().map(|k| PASSAGES[k].name).collect();
            Err(format!(
                "{what} in {source}; hint: {source} opens the ice-bound passages, {}",
                ice.join(", ")
            ))
        }
    }
}

/// Every passage name, for messages.
pub fn names() -> Vec<&'static str> {
    PASSAGES.iter().map(|p| p.name).collect()
}
