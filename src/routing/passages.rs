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

mod table;
pub use table::PASSAGES;

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
    /// More boxes, for a passage no one box covers (the central Arctic's pack ice): entering
    /// any of them is entering the passage.
    pub also: &'static [[f64; 4]],
    /// For canals: how many of the course's first and last edges are approach channels outside
    /// the locks (Limón Bay to Gatun, Miraflores past Balboa to the Pacific). Their edges are
    /// network edges like the canal's, so the ports on them start there, but untagged: a route
    /// is in the canal only when it passes a lock.
    pub approaches: [usize; 2],
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

    /// The passage's boxes: `bbox` and `also`.
    pub fn boxes(&self) -> impl Iterator<Item = &[f64; 4]> {
        std::iter::once(&self.bbox).chain(self.also)
    }

    /// True when `p` is inside a box.
    pub fn contains(&self, p: LonLat) -> bool {
        self.boxes()
            .any(|&[w, s, e, n]| p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n)
    }

    /// True when the segment `a`–`b` (lon/lat, same side of the antimeridian) meets a box.
    pub fn entered_by(&self, a: LonLat, b: LonLat) -> bool {
        self.boxes().any(|&bbox| box_entered(bbox, a, b))
    }

    /// True when the `i`-th edge of the course (from vertex `i` to `i + 1`) is the passage's
    /// own, not an approach channel.
    pub fn tags_edge(&self, i: usize) -> bool {
        i >= self.approaches[0] && i + 1 + self.approaches[1] < self.course.len()
    }

    /// The canal's or river's course as positions.
    pub fn course(&self) -> Vec<LonLat> {
        self.course
            .iter()
            .map(|c| LonLat::new(c[0], c[1]))
            .collect()
    }
}

/// True when the segment `a`–`b` meets the box `[w, s, e, n]`.
fn box_entered([w, s, e, n]: [f64; 4], a: LonLat, b: LonLat) -> bool {
    if a.lon.max(b.lon) < w || a.lon.min(b.lon) > e || a.lat.max(b.lat) < s || a.lat.min(b.lat) > n
    {
        return false;
    }
    let inside = |p: LonLat| p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n;
    if inside(a) || inside(b) {
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

/// Indices of the passages closed by default (ice-bound, shallow), which routes avoid unless
/// they allow them.
pub fn closed_by_default() -> impl Iterator<Item = usize> {
    PASSAGES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.closed_by_default())
        .map(|(k, _)| k)
}

/// What a canal's transit costs the search beyond its length, in km: the pilot, the locks and
/// the canal's speed limit make even a short canal take an hour or more longer than open sea
/// (20 km is about 1.5 h at 14 knots), so a route takes a canal only when it saves more than
/// that (Busan–Vancouver keeps to the Juan de Fuca Strait, 3 km longer than the Inside
/// Passage). Added to the weight of one of the canal's own edges, never to a route's length.
pub const TRANSIT_PENALTY_KM: f64 = 20.0;

/// Added to a canal's passage id (its index + 1) on the edges of its approach channels: they
/// are kept along the course like the canal's own edges, but they are not the canal (no label,
/// not avoided with it).
pub const APPROACH: u16 = 0x8000;

/// The passage a network edge's id names as its own: `PASSAGES` index, `None` for open water
/// and approach channels.
pub fn own_passage(id: u16) -> Option<usize> {
    (id != 0 && id & APPROACH == 0).then(|| usize::from(id) - 1)
}

/// The passages the network edge `a`–`b` passes through, as a bit set (bit `k` =
/// `PASSAGES[k]`): its canal or river (`passage` = its index + 1, or 0, or an approach channel's
/// id with [`APPROACH`], which is not the canal), and every strait and
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
            own_passage(passage) == Some(k)
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

/// A passage by name, case-insensitively and ignoring accents ("oresund", "la perouse strait").
pub fn find(name: &str) -> Option<(usize, &'static Passage)> {
    let key = crate::gazetteer::normalize::normalize(name);
    PASSAGES.iter().enumerate().find(|(_, p)| {
        let full = crate::gazetteer::normalize::normalize(p.name);
        full == key || short(&full) == key
    })
}

/// The name without "the", "strait of", "canal"…: "malacca", "suez", "good hope", "solent".
fn short(normal: &str) -> String {
    let mut s = normal.strip_prefix("the ").unwrap_or(normal).to_string();
    for affix in [
        "straits of ",
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
