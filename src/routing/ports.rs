//! The port index a sea route starts from (`data/ports.tsv`, built by `scripts/build-ports`):
//! Natural Earth's 1,081 ports, whose points are on the port's own water, and searoute's ports
//! where Natural Earth has none. A route's end named by a place starts at that place's port —
//! the port of the same name within [`NAMED_PORT_KM`], or else the nearest port within
//! [`NEAR_PORT_KM`] — so "Rotterdam" starts in the Botlek, not at the city hall 24 km inland
//! of the sea the land data shows.
//!
//! Distances are great-circle km; coordinates degrees (lon east, lat north).

use std::sync::OnceLock;

use crate::gazetteer::answer::ResolvedKind;
use crate::gazetteer::normalize::normalize;
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

/// How far a port of the place's own name may be from the place, in km.
pub const NAMED_PORT_KM: f64 = 50.0;

/// How far the nearest port of another name may be from the place, in km.
pub const NEAR_PORT_KM: f64 = 15.0;

/// One port of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 (from the UN/LOCODE), or empty when unknown.
    pub country: &'static str,
    /// The UN/LOCODE, or empty.
    pub locode: &'static str,
    pub at: LonLat,
    /// True for Natural Earth's ports, whose points are on the water; searoute's often are in
    /// the town.
    pub natural_earth: bool,
    /// The name normalised for matching, without spaces ("antwerpen").
    key: String,
}

static TSV: &str = include_str!("../../data/ports.tsv");

/// Every port of the index.
pub fn all() -> &'static [Port] {
    static PORTS: OnceLock<Vec<Port>> = OnceLock::new();
    PORTS.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&'static str> = line.split('\t').collect();
                let [name, country, locode, lon, lat, source] = f.as_slice() else {
                    return None;
                };
                Some(Port {
                    name,
                    country,
                    locode,
                    at: LonLat::new(lon.parse().ok()?, lat.parse().ok()?),
                    natural_earth: *source == "ne",
                    key: key(name),
                })
            })
            .collect()
    })
}

fn key(name: &str) -> String {
    normalize(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// True when two keys name one port: equal, or one the other's start ("antwerp", "antwerpen").
fn same_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && long.starts_with(short)
}

/// The port a route end named `name` at `at` starts from: the port of that name within
/// [`NAMED_PORT_KM`] (the exact name before a longer one, Natural Earth's before searoute's,
/// then the nearest), or else the nearest port within [`NEAR_PORT_KM`]; with its distance.
///
/// ```
/// use diplomap::geodesy::LonLat;
/// use diplomap::routing::ports::port_of;
/// // Rotterdam's city centre: the port is the Botlek, 11 km west on the Nieuwe Maas.
/// let (port, km) = port_of("Rotterdam", LonLat::new(4.4792, 51.9225)).unwrap();
/// assert_eq!((port.name, port.country), ("Rotterdam", "NL"));
/// assert!(km > 10.0 && km < 14.0);
/// ```
pub fn port_of(name: &str, at: LonLat) -> Option<(&'static Port, f64)> {
    let wanted = key(name);
    let named = all()
        .iter()
        .filter(|p| same_name(&p.key, &wanted))
        .map(|p| (p, distance_km(at, p.at)))
        .filter(|&(_, km)| km <= NAMED_PORT_KM)
        .min_by(|a, b| {
            (a.0.key != wanted, !a.0.natural_earth)
                .cmp(&(b.0.key != wanted, !b.0.natural_earth))
                .then(a.1.total_cmp(&b.1))
        });
    named.or_else(|| nearest(at, NEAR_PORT_KM))
}

/// The port a place of `kind` starts a sea route from: towns, provinces, counties and ports
/// by name have one ([`port_of`]); countries, seas, regions, coordinates and the user's own
/// places start where they are.
pub fn port_of_place(name: &str, kind: ResolvedKind, at: LonLat) -> Option<(&'static Port, f64)> {
    matches!(
        kind,
        ResolvedKind::City | ResolvedKind::Admin1 | ResolvedKind::Port | ResolvedKind::County
    )
    .then(|| port_of(name, at))
    .flatten()
}

/// The port nearest `at` within `max_km`, with its distance.
pub fn nearest(at: LonLat, max_km: f64) -> Option<(&'static Port, f64)> {
    all()
        .iter()
        .map(|p| (p, distance_km(at, p.at)))
        .filter(|&(_, km)| km <= max_km)
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn the_index_reads_whole() {
        let ports = all();
        assert!(ports.len() > 3_900, "{}", ports.len());
        assert_eq!(ports.iter().filter(|p| p.natural_earth).count(), 1_081);
        assert!(ports
            .iter()
            .all(|p| p.at.lon.abs() <= 180.0 && p.at.lat.abs() <= 90.0));
    }

    #[test]
    fn a_place_starts_at_its_own_port() {
        // Antwerp's city centre: Natural Earth's Antwerpen docks, not searoute's point in town.
        let (port, _) = port_of("Antwerp", LonLat::new(4.40, 51.22)).unwrap();
        assert_eq!(port.name, "Antwerpen");
        assert!(port.natural_earth);
        assert_relative_eq!(port.at.lon, 4.29376, epsilon = 1e-5);
        // Kolkata has no port of its name: the nearest, Calcutta, 5 km off.
        let (port, km) = port_of("Kolkata", LonLat::new(88.3639, 22.5726)).unwrap();
        assert_eq!(port.name, "Calcutta");
        assert!(km < NEAR_PORT_KM);
        // Bern has none within reach.
        assert!(port_of("Bern", LonLat::new(7.447, 46.948)).is_none());
        // A short name is not the start of a longer one: "Rio" is not "Rio Grande".
        assert!(!same_name("rio", "riogrande"));
    }
}
