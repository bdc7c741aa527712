//! The gazetteer's data model: what a place is (kind, feature code, point, population, country,
//! admin-1 parent) and how a name matched it. Shared by the importer, the on-disk store and the
//! resolver; it knows nothing of files or ranking.

use serde::Serialize;

/// What kind of thing a gazetteer place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A populated place from GeoNames (feature class P).
    City = 0,
    /// A Natural Earth admin-0 country; its point is the Natural Earth label point.
    Country = 1,
    /// A Natural Earth admin-1 state or province; its point is the Natural Earth label point.
    Admin1 = 2,
    /// A seaport named by a UN/LOCODE list (searoute's port list), kept only where no city,
    /// state or country of its country has the same name; its point is on the quay.
    Port = 3,
    /// A continent (Natural Earth physical regions: Africa, Asia, Europe …).
    Continent = 4,
    /// An ocean (Natural Earth marine polygons; the Pacific and Atlantic as wholes too).
    Ocean = 5,
    /// A sea (Red Sea, Black Sea, South China Sea).
    Sea = 6,
    /// A gulf (Gulf of Aden, Persian Gulf).
    Gulf = 7,
    /// A bay, sound, fjord, lagoon or inlet.
    Bay = 8,
    /// A strait or channel (Bab el Mandeb, Strait of Hormuz, English Channel).
    Strait = 9,
    /// A physical or geopolitical region: a desert, peninsula, range, island or island group
    /// (Natural Earth), or a region defined by its countries (Middle East, Balkans).
    Region = 10,
    /// A disputed or breakaway area (Natural Earth: Donbas, Golan Heights, Abkhazia).
    Disputed = 11,
    /// A group of countries (EU, AU, ASEAN, NATO, G20): its point is its seat, or the centre
    /// of its members where it has none; its members are listed with it.
    Group = 12,
    /// An admin-2 unit: a US county (US Census), a parish or borough.
    County = 13,
    /// An airport (Natural Earth's 891): its point is the terminal, its names Wikipedia's title
    /// and the short forms news English uses ("Heathrow", "Pearson Airport").
    Airport = 14,
}

impl PlaceKind {
    /// Every kind, in stored order.
    pub const ALL: [PlaceKind; 15] = [
        Self::City,
        Self::Country,
        Self::Admin1,
        Self::Port,
        Self::Continent,
        Self::Ocean,
        Self::Sea,
        Self::Gulf,
        Self::Bay,
        Self::Strait,
        Self::Region,
        Self::Disputed,
        Self::Group,
        Self::County,
        Self::Airport,
    ];

    pub fn from_u8(v: u8) -> Option<Self> {
        Self::ALL.get(v as usize).copied()
    }

    /// The word used in output (`city`, `country`, `admin1`, `port`, `sea` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Country => "country",
            Self::Admin1 => "admin1",
            Self::Port => "port",
            Self::Continent => "continent",
            Self::Ocean => "ocean",
            Self::Sea => "sea",
            Self::Gulf => "gulf",
            Self::Bay => "bay",
            Self::Strait => "strait",
            Self::Region => "region",
            Self::Disputed => "disputed",
            Self::Group => "group",
            Self::County => "county",
            Self::Airport => "airport",
        }
    }

    /// The kind named by a word of [`as_str`](Self::as_str).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// True for a body of water: an ocean, sea, gulf, bay or strait.
    pub fn is_water(self) -> bool {
        matches!(
            self,
            Self::Ocean | Self::Sea | Self::Gulf | Self::Bay | Self::Strait
        )
    }

    /// True for the kinds that are areas rather than settlements or countries: an event there
    /// is drawn at the area's representative point, and the area itself on the `areas` layer.
    pub fn is_area(self) -> bool {
        self.is_water()
            || matches!(
                self,
                Self::Continent | Self::Region | Self::Disputed | Self::County
            )
    }
}

/// How an index key was derived from a place, stored with each posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// The place's own name: GeoNames `name`/`asciiname`, Natural Earth `NAME`/`name`.
    Primary = 0,
    /// Another English form of the name: Natural Earth long, formal and English names, and the
    /// `i18n-iso-countries` aliases (USA, UK, Ivory Coast, Türkiye).
    Variant = 1,
    /// Any other name: GeoNames alternate names, Natural Earth names in other languages.
    Alternate = 2,
    /// A code: ISO 3166-1 alpha-2/alpha-3, a postal code, an ISO 3166-2 code.
    Code = 3,
}

impl NameKind {
    pub fn from_u8(v: u8) -> Option<Self> {
        match v {
            0 => Some(Self::Primary),
            1 => Some(Self::Variant),
            2 => Some(Self::Alternate),
            3 => Some(Self::Code),
            _ => None,
        }
    }
}

/// GeoNames feature codes of populated places, in the order stored on disk. `Other` covers codes
/// that carry no ranking weight of their own (and Natural Earth records, which have none).
pub const FEATURE_CODES: [&str; 20] = [
    "", "PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLCH", "PPLF", "PPLG", "PPLH",
    "PPLL", "PPLQ", "PPLR", "PPLS", "PPLW", "PPLX", "STLMT", "ADM0",
];

/// Index of a feature code in [`FEATURE_CODES`]; unknown codes map to 0 (none).
pub fn feature_index(code: &str) -> u8 {
    FEATURE_CODES.iter().position(|c| *c == code).unwrap_or(0) as u8
}

/// A place as the importer assembles it, before it is written to a gazetteer file.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInput {
    pub name: String,
    /// Longitude in degrees east, WGS 84.
    pub lon: f64,
    /// Latitude in degrees north, WGS 84.
    pub lat: f64,
    pub population: u64,
    /// ISO 3166-1 alpha-2, upper case; `None` for the few Natural Earth units without one.
    pub country: Option<CountryCode>,
    /// Index (in the same place list) of the admin-1 unit this place lies in.
    pub admin1: Option<u32>,
    /// GeoNames id, Natural Earth `ne_id`, or 0.
    pub source_id: u64,
    pub kind: PlaceKind,
    /// Index into [`FEATURE_CODES`] for a city; for an area (continent, water, region,
    /// disputed area, group, county) its prominence rank, 0 the most prominent (Natural Earth's
    /// `scalerank`, capped at 10).
    pub feature: u8,
    /// True when `population` is an estimate used for ranking only (admin-1 units: the sum of
    /// the populations of the gazetteer's cities inside), not a figure to show.
    pub population_estimated: bool,
    /// Every name the place is found by, with how it relates to the place.
    pub names: Vec<(String, NameKind)>,
    /// The countries a group or a region defined by its countries is made of.
    pub members: Vec<CountryCode>,
    /// The area's outline (exteriors counter-clockwise), for the kinds that have one.
    pub outline: Option<geo::MultiPolygon<f64>>,
}

/// An ISO 3166-1 alpha-2 code: two upper-case ASCII letters, stored inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Accept two ASCII letters in any case.
    pub fn new(code: &str) -> Option<Self> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    /// Exactly two upper-case ASCII letters, as data files and scenarios write a code.
    pub fn from_upper(code: &str) -> Option<Self> {
        match code.as_bytes() {
            [a, b] => Self::from_bytes([*a, *b]),
            _ => None,
        }
    }

    /// From stored bytes; `None` unless they are two upper-case ASCII letters.
    pub fn from_bytes(bytes: [u8; 2]) -> Option<Self> {
        bytes
            .iter()
            .all(u8::is_ascii_uppercase)
            .then_some(CountryCode(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Always two ASCII letters, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    pub fn bytes(self) -> [u8; 2] {
        self.0
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
