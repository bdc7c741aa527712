//! The table of named passages ([`PASSAGES`]) and the constructors its entries are written
//! with: each strait's box, each canal's and river's course, hand-placed from charts and checked
//! against the land by the tests in `tests/it/routing.rs` and `tests/it/sea_lanes.rs`.

use super::{Passage, PassageKind};

const fn strait(name: &'static str, bbox: [f64; 4], resolution_deg: f64) -> Passage {
    Passage {
        name,
        kind: PassageKind::Strait,
        bbox,
        resolution_deg,
        course: &[],
        also: &[],
        approaches: [0, 0],
    }
}

/// An Arctic route: its boxes span the sea from the mainland coast northwards, and together
/// the Arctic routes' boxes reach the pole, so every way through the Arctic passes one.
const fn ice(name: &'static str, bbox: [f64; 4], also: &'static [[f64; 4]]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Ice,
        bbox,
        resolution_deg: 0.25,
        course: &[],
        also,
        approaches: [0, 0],
    }
}

const fn cape(name: &'static str, bbox: [f64; 4]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Cape,
        bbox,
        resolution_deg: 0.25,
        course: &[],
        also: &[],
        approaches: [0, 0],
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
        also: &[],
        approaches: [0, 0],
    }
}

/// A canal, or a channel between two seas that the 1:10m land closes: a chain of edges along
/// `course`, whose ends are both in water the network reaches.
const fn canal(name: &'static str, bbox: [f64; 4], course: &'static [[f64; 2]]) -> Passage {
    Passage {
        name,
        kind: PassageKind::Canal,
        bbox,
        resolution_deg: 1.0 / 64.0,
        course,
        also: &[],
        approaches: [0, 0],
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
        also: &[],
        approaches: [0, 0],
    }
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
    // Southampton Water and the Solent, between the Isle of Wight and the mainland: 1.3 km at
    // Hurst Narrows, the western way in; Spithead the eastern.
    strait("The Solent", [-1.62, 50.66, -1.20, 50.92], 1.0 / 256.0),
    // The Lido and Malamocco inlets through the barrier islands to Venice's port.
    strait("Venetian Lagoon", [12.20, 45.25, 12.50, 45.50], 1.0 / 256.0),
    // Between Cape Lopatka (Kamchatka) and Shumshu: the way from Petropavlovsk into the Sea of
    // Okhotsk, 11 km wide.
    strait(
        "First Kuril Strait",
        [156.40, 50.78, 156.80, 50.98],
        1.0 / 128.0,
    ),
    // New York's Upper Bay up the East River, through Hell Gate to Long Island Sound: a channel
    // under a kilometre wide.
    strait("East River", [-74.03, 40.68, -73.75, 40.83], 1.0 / 512.0),
    // Lake Michigan to Lake Huron, 6 km at the bridge.
    strait(
        "Straits of Mackinac",
        [-85.05, 45.70, -84.45, 45.95],
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
        also: &[],
        approaches: [0, 0],
    },
    // From Limón Bay by Cristóbal through the Gatun Locks, Gatun Lake, the Culebra Cut from
    // Gamboa and the Pedro Miguel and Miraflores locks, then down the Pacific channel past
    // Balboa (78 km; the Panama Canal Authority gives 77 km from deep water to deep water).
    // The bay and the Pacific channel are approaches: Colón, Cristóbal and Balboa start on
    // them without passing a lock.
    Passage {
        name: "Panama Canal",
        kind: PassageKind::Canal,
        bbox: [-79.95, 8.85, -79.48, 9.43],
        resolution_deg: 1.0 / 64.0,
        course: &[
            [-79.915, 9.385],
            [-79.918, 9.330],
            [-79.921, 9.281],
            [-79.918, 9.263],
            [-79.850, 9.150],
            [-79.695, 9.115],
            [-79.613, 9.019],
            [-79.585, 8.990],
            [-79.5688, 8.9556],
            [-79.545, 8.905],
            [-79.525, 8.885],
        ],
        also: &[],
        approaches: [2, 3],
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
        also: &[],
        approaches: [0, 0],
    },
    // Buzzards Bay to Cape Cod Bay, sea level, no locks.
    canal(
        "Cape Cod Canal",
        [-70.70, 41.70, -70.46, 41.79],
        &[
            [-70.680, 41.725],
            [-70.620, 41.745],
            [-70.560, 41.765],
            [-70.520, 41.775],
            [-70.480, 41.778],
        ],
    ),
    // The Inside Passage's way between the Strait of Georgia and Queen Charlotte Strait:
    // Discovery Passage (Seymour Narrows, 750 m) and Johnstone Strait, sampled at 1/64° (the
    // 1:10m land leaves them open at that scale); north of Cape Caution its channels are open
    // water.
    strait(
        "Inside Passage",
        [-127.15, 49.92, -125.05, 50.71],
        1.0 / 64.0,
    ),
    // The St. Lawrence Seaway from the Port of Montréal (where the river's course ends) through
    // its seven locks, Lac Saint-Louis, Lac Saint-François and the Thousand Islands to Lake
    // Ontario off Kingston.
    canal(
        "St. Lawrence Seaway",
        [-76.50, 44.08, -73.50, 45.58],
        &[
            [-73.530, 45.550],
            [-73.650, 45.420],
            [-73.850, 45.350],
            [-74.100, 45.250],
            [-74.400, 45.120],
            [-74.730, 45.010],
            [-75.000, 44.930],
            [-75.300, 44.800],
            [-75.500, 44.700],
            [-75.800, 44.470],
            [-76.050, 44.300],
            [-76.300, 44.200],
            [-76.450, 44.100],
        ],
    ),
    // Port Weller on Lake Ontario to Port Colborne on Lake Erie, past Niagara Falls by eight
    // locks.
    canal(
        "Welland Canal",
        [-79.30, 42.84, -79.18, 43.29],
        &[
            [-79.215, 43.270],
            [-79.215, 43.200],
            [-79.230, 43.100],
            [-79.245, 42.990],
            [-79.250, 42.870],
        ],
    ),
    // Lake Erie to Lake St. Clair past Detroit and Windsor.
    canal(
        "Detroit River",
        [-83.20, 41.95, -82.85, 42.40],
        &[
            [-83.150, 41.980],
            [-83.120, 42.100],
            [-83.100, 42.200],
            [-83.040, 42.300],
            [-82.940, 42.340],
            [-82.870, 42.370],
        ],
    ),
    // Lake St. Clair to Lake Huron past Sarnia and Port Huron.
    canal(
        "St. Clair River",
        [-82.70, 42.58, -82.38, 43.10],
        &[
            [-82.640, 42.620],
            [-82.520, 42.680],
            [-82.480, 42.800],
            [-82.450, 42.900],
            [-82.420, 43.000],
            [-82.410, 43.080],
        ],
    ),
    // Lake Huron up the St. Marys River through the Soo Locks at Sault Ste. Marie to Lake
    // Superior's Whitefish Bay.
    canal(
        "Soo Locks",
        [-84.85, 45.92, -83.88, 46.65],
        &[
            [-83.900, 45.940],
            [-84.100, 46.100],
            [-84.130, 46.250],
            [-84.200, 46.400],
            [-84.350, 46.500],
            [-84.600, 46.530],
            [-84.800, 46.600],
        ],
    ),
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
    // The Elbe from Brunsbüttel past Glückstadt and Stade to the Port of Hamburg.
    river(
        "Elbe",
        [9.08, 53.52, 9.97, 53.88],
        &[
            [9.100, 53.875],
            [9.300, 53.840],
            [9.400, 53.760],
            [9.490, 53.690],
            [9.550, 53.640],
            [9.620, 53.600],
            [9.700, 53.575],
            [9.800, 53.560],
            [9.880, 53.545],
            [9.950, 53.540],
        ],
    ),
    // From the Baltic through the Baltiysk Strait and along the Kaliningrad Sea Canal across the
    // Vistula Lagoon (which the 1:10m land fills) to the Port of Kaliningrad.
    river(
        "Kaliningrad Sea Canal",
        [19.84, 54.63, 20.47, 54.71],
        &[
            [19.850, 54.640],
            [19.920, 54.645],
            [20.000, 54.665],
            [20.100, 54.680],
            [20.200, 54.690],
            [20.300, 54.695],
            [20.400, 54.700],
            [20.460, 54.700],
        ],
    ),
    // From the Sea of Azov's Taganrog Bay up the Don past Azov to the river port of
    // Rostov-on-Don, which river-sea ships reach by the dredged Don channel (the 1:10m land
    // closes the delta).
    river(
        "Don",
        [39.25, 47.09, 39.75, 47.23],
        &[
            [39.270, 47.130],
            [39.340, 47.115],
            [39.420, 47.105],
            [39.500, 47.135],
            [39.580, 47.170],
            [39.650, 47.195],
            [39.720, 47.205],
        ],
    ),
    // Seasonal Arctic routes. The Northern Sea Route: the Russian Arctic from the meridian of Cape Zhelaniya (Novaya
    // Zemlya's northern tip, 68.5° E) to the antimeridian, from 66° N up to 78.5° N (the Kara,
    // Laptev, East Siberian and Chukchi seas, through the Vilkitsky Strait at 77.9° N), so a
    // route that enters those seas takes it. The Northwest Passage: across the Canadian Arctic
    // Archipelago's channels at 100° W, up to 82.5° N.
    ice("Northern Sea Route", [68.5, 66.0, 180.0, 78.5], &[]),
    ice("Northwest Passage", [-105.0, 66.0, -95.0, 82.5], &[]),
    // The central Arctic Ocean's pack ice, to the pole: north of 78.5° N beside the Northern
    // Sea Route (north of the Vilkitsky Strait: the Shokalsky Strait and the capes of
    // Severnaya Zemlya, 79–81° N), and north of 82.5° N elsewhere (beyond Svalbard's and Franz
    // Josef Land's waters, north of Greenland and the Queen Elizabeth Islands). The boxes meet
    // the other two, so every way between the Atlantic and the Pacific through the Arctic
    // passes one of the three, and a taut chord between two nodes at the network's northern
    // limit (84° N), which bulges towards the pole, is in this one.
    ice(
        "Transpolar Sea Route",
        [68.5, 78.5, 180.0, 90.0],
        &[[-180.0, 82.5, 68.5, 90.0]],
    ),
    // The shoals from Dhanushkodi to Mannar Island, and the gap south of Mannar: a metre or
    // two deep; seagoing ships between the Arabian Sea and the Bay of Bengal go round Sri Lanka.
    shallow("Adam's Bridge", [79.30, 8.97, 80.00, 9.30]),
];
