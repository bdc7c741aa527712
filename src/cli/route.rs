//! `diplomap route`: the route between two places, by sea (along the embedded sea network,
//! never across land) or by air (a great circle), as one RFC 7946 Feature on stdout.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use super::{Outcome, UsageError};
use crate::gazetteer::answer::label;
use crate::gazetteer::resolve::MatchKind;
use crate::gazetteer::{Gazetteer, Resolver};
use crate::geodesy::{great_circle, precision::round1, LonLat, KM_PER_NM};
use crate::layers::{Feature, Geometry};
use crate::routing::basins::apart;
use crate::routing::corridor::{self, Way};
use crate::routing::error::in_closed;
use crate::routing::route::{End, RouteError};
use crate::routing::RouteOptions;
use crate::routing::{passages, ports};
use crate::scenario::ids::slug;

pub const EXAMPLES: &str = "Examples:
  diplomap route Chennai Vladivostok
  diplomap route Rotterdam Shanghai --avoid suez,panama       # around the Cape of Good Hope
  diplomap route Mumbai 'St Petersburg' --via 'Port Said' --speed-kn 18
  diplomap route geo:43.11,131.89 geo:33.73,-118.26 > pacific.geojson
  diplomap route Moscow 'New Delhi' --mode air
  diplomap route Rotterdam Shanghai --allow 'Northern Sea Route'  # in the Arctic summer";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Along sea lanes, never across land.
    Sea,
    /// A great circle.
    Air,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the route starts: a place name or geo:LAT,LON.
    pub from: String,
    /// Where the route ends.
    pub to: String,
    /// A place to pass through, in order (repeatable).
    #[arg(long, value_name = "PLACE")]
    pub via: Vec<String>,
    /// Passages to keep out of, comma-separated (suez, panama, malacca, "Strait of Hormuz"…).
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub avoid: Vec<String>,
    /// Passages closed by default to open, comma-separated: the ice-bound Arctic routes
    /// ("Northern Sea Route", "Northwest Passage", "Transpolar Sea Route") and the shallow
    /// "Adam's Bridge".
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub allow: Vec<String>,
    /// Sea lanes or a great circle.
    #[arg(long, value_enum, default_value = "sea")]
    pub mode: Mode,
    /// Speed for `duration_days`, in knots.
    #[arg(long, value_name = "N", default_value_t = 14.0)]
    pub speed_kn: f64,
    /// How far an end may lie from the sea, in km.
    #[arg(long, value_name = "KM", default_value_t = 50.0)]
    pub max_snap_km: f64,
}

/// The passages named by a list flag (`--avoid`, `--allow`), or a usage error saying which name
/// is wrong and what the valid ones are.
fn passage_list(
    names: &[String],
    flag: &str,
    lookup: fn(&str, &str) -> Result<usize, String>,
) -> Result<Vec<usize>, UsageError> {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .map(|name| lookup(name, flag).map_err(UsageError))
        .collect()
}

/// "; the nearest port is Atyrau (KZ)" when the port index has one near that water, or else
/// "; the nearest sea is by Novyy Port (RU)" when a sizeable town lies near it.
pub fn port_hint(gaz: &Gazetteer, sea: Option<LonLat>) -> String {
    let Some(sea) = sea else { return String::new() };
    if let Some((port, _)) = ports::nearest(sea, PORT_HINT_KM) {
        return match port.country {
            "" => format!("; the nearest port is {}", port.name),
            country => format!("; the nearest port is {} ({country})", port.name),
        };
    }
    match gaz.city_near(sea.lon, sea.lat, PORT_HINT_KM, PORT_HINT_POPULATION) {
        Some((name, Some(country))) => format!("; the nearest sea is by {name} ({country})"),
        Some((name, None)) => format!("; the nearest sea is by {name}"),
        None => String::new(),
    }
}

/// How far from the nearest sea water a town may be to be suggested as a port, in km.
const PORT_HINT_KM: f64 = 150.0;

/// Smallest town suggested as a port.
const PORT_HINT_POPULATION: u32 = 5_000;

/// A routing error with the place names in place of "start", "end", "via".
fn name_ends(e: RouteError, names: &[String], gaz: &Gazetteer) -> anyhow::Error {
    let name = |end: End| match end {
        End::Start => format!("'{}'", names[0]),
        End::End => format!("'{}'", names[names.len() - 1]),
        End::Via(_) => "a --via place".to_string(),
    };
    match e {
        RouteError::Inland {
            end,
            km,
            max_km,
            sea,
        } => anyhow::anyhow!(
            "{} is {km:.0} km from the nearest sea, more than the {max_km:.0} km allowed{}; hint: name a port on the coast, or raise --max-snap-km",
            name(end),
            port_hint(gaz, sea)
        ),
        RouteError::NoWater { end } | RouteError::Isolated { end } => anyhow::anyhow!(
            "{} is on a lake or a closed sea, cut off from the world ocean; hint: name a sea port",
            name(end)
        ),
        RouteError::Closed {
            end,
            passage,
            avoided,
        } => anyhow::anyhow!(
            "{} is {}",
            name(end),
            in_closed(passage, avoided, "--allow", "--avoid")
        ),
        RouteError::Apart {
            from,
            to,
            from_basin,
            to_basin,
        } => anyhow::anyhow!(
            "{}; route each sea on its own, or use --mode air",
            apart(&name(from), &name(to), from_basin, to_basin)
        ),
        other => other.into(),
    }
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    if !(args.speed_kn.is_finite() && args.speed_kn > 0.0) {
        return Err(UsageError(format!(
            "--speed-kn {} must be a positive number of knots",
            args.speed_kn
        ))
        .into());
    }
    if !(args.max_snap_km.is_finite() && args.max_snap_km >= 0.0) {
        return Err(UsageError(format!(
            "--max-snap-km {} must be a distance in km, 0 or more",
            args.max_snap_km
        ))
        .into());
    }
    let avoid = passage_list(&args.avoid, "--avoid", passages::avoidable)?;
    let allow = passage_list(&args.allow, "--allow", passages::allowable)?;
    if args.mode == Mode::Air && !avoid.is_empty() {
        return Err(
            UsageError("--avoid applies to sea routes; hint: drop --mode air".into()).into(),
        );
    }
    if args.mode == Mode::Air && !allow.is_empty() {
        return Err(
            UsageError("--allow applies to sea routes; hint: drop --mode air".into()).into(),
        );
    }
    let gaz = Gazetteer::load(gazetteer)?;
    let resolver = Resolver::new(&gaz);
    let mut names = Vec::new();
    let mut stops = Vec::new();
    let mut ports_used = Vec::new();
    for query in std::iter::once(&args.from)
        .chain(&args.via)
        .chain(std::iter::once(&args.to))
    {
        let res = resolver.resolve_to_draw(query)?;
        if res.matched == MatchKind::Fuzzy {
            say!(
                "diplomap: warning: '{query}' is not a known name; using {}",
                label(&res.place.name, res.place.country, res.place.kind)
            );
        }
        let at = LonLat::new(res.place.lon, res.place.lat);
        // A town, province or port by name starts at its port (not given coordinates).
        let port = (args.mode == Mode::Sea && res.matched != MatchKind::Coordinates)
            .then(|| ports::port_of_place(&res.place.name, res.place.kind, at))
            .flatten();
        names.push(res.place.name.to_string());
        stops.push(port.map_or(at, |(p, _)| p.at));
        ports_used.push(port.map(|(p, _)| p.name));
    }
    if stops
        .windows(2)
        .any(|w| great_circle::distance_km(w[0], w[1]) < 0.001)
    {
        anyhow::bail!(
            "'{}' and '{}' are the same place; hint: a route needs two different ends",
            args.from,
            args.to
        );
    }
    let router = match args.mode {
        Mode::Sea => Some(crate::routing::embedded()?),
        Mode::Air => None,
    };
    let opts = RouteOptions {
        avoid,
        allow,
        max_snap_km: args.max_snap_km,
    };
    let way = match &router {
        Some(router) => Way::Sea(router, &opts),
        None => Way::Air,
    };
    let route = corridor::draw(&stops, way).map_err(|e| name_ends(e, &names, &gaz))?;
    let (length_km, passages_used, snap_from, snap_to) = (
        route.length_km,
        route.passages,
        route.snap_from_km,
        route.snap_to_km,
    );
    let parts = route.parts;
    let length_nm = length_km / KM_PER_NM;
    let last = names.len() - 1;
    let mut p = serde_json::Map::new();
    p.insert("from".into(), json!(names[0]));
    p.insert("to".into(), json!(names[last]));
    p.insert("via".into(), json!(names[1..last]));
    p.insert(
        "mode".into(),
        json!(if args.mode == Mode::Sea { "sea" } else { "air" }),
    );
    p.insert("length_km".into(), json!(round1(length_km)));
    p.insert("length_nm".into(), json!(round1(length_nm)));
    p.insert("passages".into(), json!(passages_used));
    p.insert("from_port".into(), json!(ports_used[0]));
    p.insert("to_port".into(), json!(ports_used[last]));
    p.insert("snap_from_km".into(), json!(round1(snap_from)));
    p.insert("snap_to_km".into(), json!(round1(snap_to)));
    p.insert("speed_kn".into(), json!(args.speed_kn));
    p.insert(
        "duration_days".into(),
        json!(round1(length_nm / args.speed_kn / 24.0)),
    );
    let feature = Feature {
        id: format!("{}-{}", slug(&names[0]), slug(&names[last])),
        geometry: Geometry::Lines(parts),
        properties: p,
    };
    let mut out = std::io::stdout().lock();
    let mut buf = Vec::new();
    crate::output::geojson::feature(&mut buf, &feature)?;
    buf.push(b'\n');
    out.write_all(&buf)?;
    out.flush()?;
    Ok(Outcome::Ok)
}
