//! Named passages of the sea network: the straits and capes ships pass, each a box drawn across
//! its narrowest part from shore to shore (so any route through it enters the box), and the
//! canals and rivers that Natural Earth's land closes (Suez, Panama, Kiel; the St. Lawrence, the
//! Thames…), each an explicit polyline.
//!
//! A route "traverses" a passage when its line enters the box (or uses the canal edge); `avoid`
//! forbids both. Boxes are also where the network is sampled finely enough to follow channels
//! a kilometre wide (`resolution_deg`).
//!
//! Coordinates are degrees (lon east, lat north), hand-placed from charts and checked against
//! the land data by the tests in `tests/it/routing.rs`.

use crate::geodesy::LonLat;

/// A set of passages, bit `k` = `PASSAGES[k]`: what a network edge passes through, what a route
/// avoids. The network file stores each distinct set once ([`super::network`]), so its width
/// costs nothing per edge.
pub type PassageSet = u128;

/// What kind of passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassageKind {
    Strait,
    Cape,
    Canal,
    /// A navigable river up to its ports: an explicit polyline whose every vertex is a network
    /// node (a port on the river joins the nearest), which Natural Earth's land closes.
    River,
    /// An Arctic route, ice-bound most of the year: closed unless a route allows it.
    Ice,
    /// Water too shallow for seagoing ships that the 1:10m land leaves open: closed unless a
    /// route allows it.
    Shallow,
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
    /// For canals: the canal's course, from one sea to the other; for rivers, from the sea
    /// up to the head of navigation.
    pub course: &'static [[f64; 2]],
}

impl Passage {
    /// True for passages taken by their own network edges along `course` (canals, rivers),
    /// not by entering a box.
    pub fn is_course(&self) -> bool {
        matches!(self.kind, PassageKind::Canal | PassageKind::River)
    }

    /// True for passages closed unless a route allows them.
    pub fn closed_by_default(&self) -> bool {
        matches!(self.kind, PassageKind::Ice | PassageKind::Shallow)
    }

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

/// Water seagoing ships cannot pass, though the 1:10m land leaves it open.
const fn shallow(name: &'static str, bbox: [f64; 4]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Shallow,
        bbox,
        resolution_deg: 0.125,
        course: &[],
    }
}

/// A river from the sea (the course's first vertex, in water the network reaches) up to its
/// ports; `bbox` holds the course.
const fn river(name: &'static str, bbox: [f64; 4], course: &'static [[f64; 2]]) -> Passage {
    Passage {
        name,
        kind: PassageKind::River,
        bbox,
        resolution_deg: 0.125,
        course,
    }
}

/// Indices of the passages closed by default (ice-bound, shallow), which routes avoid unless
/// they allow them.
pub fn closed_by_default() -> impl Iterator<Item = usize> {
    PASSAGES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.closed_by_default())
        .map(|(k, _)| k)
}

/// The passages the network edge `a`–`b` passes through, as a bit set (bit `k` =
/// `PASSAGES[k]`): its canal or river (`passage` = its index + 1, or 0), and every strait and
/// cape whose box the edge's line enters. An edge across the antimeridian counts the boxes its
/// ends are in.
pub fn mask(a: LonLat, b: LonLat, passage: u16) -> PassageSet {
    const _: () = assert!(
        PASSAGES.len() <= PassageSet::BITS as usize,
        "every passage has a bit of a PassageSet"
    );
    let mut mask = 0;
    for (k, p) in PASSAGES.iter().enumerate() {
        let passes = if p.is_course() {
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
    // The Seto Inland Sea's ways in: Kanmon between Honshu and Kyushu (600 m at Hayatomo), Akashi
    // between Honshu and Awaji, Naruto between Awaji and Shikoku, and Kurushima among the Geiyo
    // islands, its busiest channel.
    strait("Kanmon Strait", [130.86, 33.88, 131.05, 34.02], 1.0 / 512.0),
    strait("Akashi Strait", [134.96, 34.58, 135.08, 34.66], 1.0 / 256.0),
    strait("Naruto Strait", [134.60, 34.19, 134.70, 34.28], 1.0 / 512.0),
    strait(
        "Kurushima Strait",
        [132.95, 34.05, 133.08, 34.20],
        1.0 / 128.0,
    ),
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
    // From Île d'Orléans past Québec and Trois-Rivières to the Port of Montréal: the 1:10m land closes the river above Québec.
    river(
        "St. Lawrence River",
        [-73.55, 45.53, -70.88, 47.04],
        &[
            [-70.900, 47.020],
            [-71.100, 46.860],
            [-71.210, 46.800],
            [-71.550, 46.690],
            [-71.800, 46.640],
            [-72.150, 46.550],
            [-72.320, 46.450],
            [-72.550, 46.330],
            [-72.800, 46.230],
            [-72.980, 46.150],
            [-73.130, 46.030],
            [-73.300, 45.860],
            [-73.450, 45.720],
            [-73.500, 45.600],
            [-73.530, 45.550],
        ],
    ),
    // From the estuary past Tilbury and London Gateway to the Royal Docks.
    river(
        "Thames",
        [-0.01, 51.43, 0.64, 51.53],
        &[
            [0.620, 51.500],
            [0.460, 51.490],
            [0.370, 51.450],
            [0.280, 51.460],
            [0.180, 51.480],
            [0.070, 51.500],
            [0.005, 51.505],
        ],
    ),
    // The Westerschelde from Vlissingen to the Port of Antwerp.
    river(
        "Scheldt",
        [3.60, 51.21, 4.42, 51.44],
        &[
            [3.620, 51.420],
            [3.800, 51.385],
            [3.930, 51.400],
            [4.070, 51.390],
            [4.180, 51.390],
            [4.250, 51.360],
            [4.280, 51.320],
            [4.300, 51.290],
            [4.330, 51.250],
            [4.380, 51.235],
            [4.400, 51.230],
        ],
    ),
    // From Bremerhaven past Nordenham and Brake to Bremen's ports.
    river(
        "Weser",
        [8.45, 53.10, 8.72, 53.60],
        &[
            [8.530, 53.580],
            [8.560, 53.545],
            [8.520, 53.510],
            [8.500, 53.470],
            [8.480, 53.330],
            [8.470, 53.240],
            [8.550, 53.190],
            [8.620, 53.170],
            [8.700, 53.120],
        ],
    ),
    // From Le Havre past Honfleur and Tancarville, loop by loop, to Rouen.
    river(
        "Seine",
        [0.10, 49.32, 1.09, 49.55],
        &[
            [0.120, 49.450],
            [0.230, 49.430],
            [0.350, 49.450],
            [0.470, 49.470],
            [0.550, 49.475],
            [0.630, 49.490],
            [0.700, 49.515],
            [0.740, 49.525],
            [0.790, 49.500],
            [0.820, 49.465],
            [0.810, 49.430],
            [0.830, 49.410],
            [0.860, 49.420],
            [0.870, 49.460],
            [0.890, 49.480],
            [0.930, 49.450],
            [0.950, 49.400],
            [0.930, 49.360],
            [0.950, 49.345],
            [0.990, 49.375],
            [1.020, 49.420],
            [1.050, 49.440],
            [1.070, 49.440],
        ],
    ),
    // From Sagar Roads past Haldia and Diamond Harbour to the Kolkata docks (not the Rupnarayan, which joins it at Geonkhali).
    river(
        "Hooghly",
        [87.98, 21.60, 88.33, 22.57],
        &[
            [88.000, 21.620],
            [88.050, 21.830],
            [88.050, 21.930],
            [88.100, 22.000],
            [88.170, 22.100],
            [88.160, 22.180],
            [88.070, 22.210],
            [88.050, 22.250],
            [88.080, 22.300],
            [88.100, 22.380],
            [88.140, 22.460],
            [88.190, 22.490],
            [88.250, 22.520],
            [88.310, 22.545],
        ],
    ),
    // From the estuary past Nantong, Jiangyin and Zhenjiang to Nanjing, the head of navigation for seagoing ships.
    river(
        "Yangtze",
        [118.76, 31.74, 121.07, 32.28],
        &[
            [121.050, 31.760],
            [120.880, 31.930],
            [120.700, 32.020],
            [120.500, 32.020],
            [120.300, 31.950],
            [120.070, 31.960],
            [119.970, 32.030],
            [119.880, 32.120],
            [119.780, 32.220],
            [119.620, 32.260],
            [119.450, 32.240],
            [119.250, 32.240],
            [119.050, 32.180],
            [118.880, 32.120],
            [118.780, 32.090],
        ],
    ),
    // From the Gulf through Bolivar Roads and up Galveston Bay, past Morgan's Point, Baytown and
    // Pasadena to the Turning Basin.
    river(
        "Houston Ship Channel",
        [-95.30, 29.28, -94.63, 29.77],
        &[
            [-94.650, 29.300],
            [-94.720, 29.340],
            [-94.800, 29.380],
            [-94.860, 29.450],
            [-94.920, 29.550],
            [-94.970, 29.620],
            [-94.990, 29.660],
            [-95.030, 29.710],
            [-95.080, 29.755],
            [-95.130, 29.745],
            [-95.190, 29.730],
            [-95.240, 29.720],
            [-95.280, 29.740],
        ],
    ),
    // From the Hook of Holland up the Nieuwe Waterweg and the Nieuwe Maas to Rotterdam's city
    // docks, past Maassluis, Vlaardingen and the Botlek.
    river(
        "Nieuwe Waterweg",
        [3.98, 51.88, 4.50, 52.00],
        &[
            [4.000, 51.985],
            [4.100, 51.980],
            [4.170, 51.955],
            [4.250, 51.920],
            [4.320, 51.900],
            [4.400, 51.900],
            [4.480, 51.905],
        ],
    ),
    // The Volga–Caspian ship channel, from the Caspian up the Bakhtemir arm to Astrakhan: a
    // river of the Caspian basin.
    river(
        "Volga–Caspian Canal",
        [47.50, 45.43, 48.05, 46.37],
        &[
            [47.520, 45.450],
            [47.550, 45.700],
            [47.580, 45.800],
            [47.660, 45.950],
            [47.750, 46.100],
            [47.900, 46.250],
            [48.030, 46.350],
        ],
    ),
    // Seasonal Arctic routes (kept last so the ids of the others stay as they were). Across the
    // Taymyr Peninsula's meridians, where the Northern Sea Route passes the Vilkitsky Strait or
    // north of Severnaya Zemlya; across the Canadian Arctic Archipelago's channels at 100° W.
    ice("Northern Sea Route", [95.0, 72.0, 110.0, 84.0]),
    ice("Northwest Passage", [-105.0, 66.0, -95.0, 84.0]),
    // The shoals from Dhanushkodi to Mannar Island, and the gap south of Mannar: a metre or
    // two deep; seagoing ships between the Arabian Sea and the Bay of Bengal go round Sri Lanka.
    shallow("Adam's Bridge", [79.30, 8.97, 80.00, 9.30]),
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
    for affix in [
        "strait of ",
        " strait",
        " canal",
        " river",
        "cape of ",
        "cape ",
    ] {
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

/// The passage closed by default that an allow list opens, or the message saying why not; `source` is the
/// flag or key the list came from (`--allow`, `'allow'`).
pub fn allowable(name: &str, source: &str) -> Result<usize, String> {
    match find(name) {
        Some((k, p)) if p.closed_by_default() => Ok(k),
        found => {
            let what = match found {
                Some((_, p)) => format!("'{}' is always open", p.name),
                None => format!("unknown passage '{name}'"),
            };
            let closed: Vec<&str> = closed_by_default().map(|k| PASSAGES[k].name).collect();
            Err(format!(
                "{what} in {source}; hint: {source} opens the passages closed by default, {}",
                closed.join(", ")
            ))
        }
    }
}

/// Every passage name, for messages.
pub fn names() -> Vec<&'static str> {
    PASSAGES.iter().map(|p| p.name).collect()
}
