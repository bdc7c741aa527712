//! `diplomap resolve`: place names in, points out — as a table, JSON lines or GeoJSON.
//!
//! Queries come from the arguments or, with `-`, one per line from stdin (blank lines skipped).
//! Every query is answered; one that fails prints an error object (JSON) and a message on stderr,
//! and the run exits 1 after printing every other result.

use crate::gazetteer::CountryCode;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use super::output::table;
use super::{Outcome, UsageError};
use crate::gazetteer::answer::label;
use crate::gazetteer::resolve::validate;
use crate::gazetteer::{CustomPlaces, Gazetteer, Place, Resolution, Resolver};

pub const EXAMPLES: &str = "Examples:
  diplomap resolve Moscow Kyiv Washington Kazakhstan Chennai Vladivostok
  diplomap resolve --json 'Paris, TX' 'Hyderabad, Pakistan' geo:55.7522,37.6156
  diplomap resolve --places venues.csv Novo-Ogaryovo
  cut -f1 names.tsv | diplomap resolve --json - > resolved.jsonl";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Place names ("Moscow", "Paris, TX", "geo:LAT,LON"); `-` reads one per line from stdin.
    #[arg(value_name = "QUERY", required = true)]
    pub queries: Vec<String>,
    /// One JSON object per line per query.
    #[arg(long, conflicts_with = "geojson")]
    pub json: bool,
    /// A GeoJSON FeatureCollection of the resolved points (RFC 7946).
    #[arg(long)]
    pub geojson: bool,
    /// Only answer with places in this country (ISO 3166-1 alpha-2, e.g. RU).
    #[arg(long, value_name = "XX")]
    pub country: Option<String>,
    /// How many alternatives to report per query.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub limit: usize,
    /// Extra places: CSV of `name,lon,lat[,country][,aliases]`; they override gazetteer names.
    #[arg(long, value_name = "FILE")]
    pub places: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    GeoJson,
}

/// Where a query came from, for messages.
#[derive(Debug, Clone)]
enum Origin {
    Argument(usize),
    Stdin(u64),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Argument(n) => write!(f, "argument {n}"),
            Origin::Stdin(line) => write!(f, "<stdin>:{line}"),
        }
    }
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    let format = match (args.json, args.geojson) {
        (true, _) => Format::Json,
        (_, true) => Format::GeoJson,
        _ => Format::Table,
    };
    let country = args.country.as_deref().map(parse_country).transpose()?;
    for (i, q) in args.queries.iter().enumerate().filter(|(_, q)| *q != "-") {
        validate(q.trim()).map_err(|e| UsageError(format!("argument {}: {e}", i + 1)))?;
    }
    let gaz = Gazetteer::load(gazetteer)?;
    if let Some(c) = country {
        if !gaz.has_country(c) {
            let code = c;
            return Err(UsageError(format!("unknown country code '{code}' for --country; hint: use an ISO 3166-1 alpha-2 code such as RU, IN or US")).into());
        }
    }
    let custom = match &args.places {
        Some(p) => CustomPlaces::load(p)?,
        None => CustomPlaces::new(),
    };
    let resolver = Resolver::new(&gaz)
        .with_custom(custom)
        .with_country(country)
        .with_limit(args.limit);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut session = Session {
        resolver: &resolver,
        format,
        rows: Vec::new(),
        features: Vec::new(),
        failed: 0,
    };
    for (i, q) in args.queries.iter().enumerate() {
        if q == "-" {
            session.stdin(&mut out)?;
        } else {
            session.answer(q, Origin::Argument(i + 1), &mut out)?;
        }
    }
    session.finish(&mut out)?;
    out.flush()?;
    Ok(if session.failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn parse_country(s: &str) -> Result<CountryCode, UsageError> {
    match CountryCode::new(s.trim()) {
        Some(code) => Ok(code),
        None => Err(UsageError(format!("--country '{s}' is not an ISO 3166-1 alpha-2 code; hint: use two letters such as RU, IN or US"))),
    }
}

struct Session<'r, 'g> {
    resolver: &'r Resolver<'g>,
    format: Format,
    rows: Vec<Vec<String>>,
    /// `--geojson`: the places found, in query order.
    features: Vec<crate::layers::Feature>,
    failed: u64,
}

impl Session<'_, '_> {
    fn stdin(&mut self, out: &mut impl Write) -> anyhow::Result<()> {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            if input
                .read_until(b'\n', &mut buf)
                .context("cannot read stdin")?
                == 0
            {
                return Ok(());
            }
            line += 1;
            let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            match std::str::from_utf8(raw) {
                Ok(q) if q.trim().is_empty() => {}
                Ok(q) => self.answer(q, Origin::Stdin(line), out)?,
                Err(e) => {
                    let lossy = String::from_utf8_lossy(raw).into_owned();
                    let message = crate::input::not_utf8(e.valid_up_to());
                    self.fail(&lossy, &Origin::Stdin(line), &message, &[], out)?;
                }
            }
        }
    }

    fn answer(&mut self, query: &str, origin: Origin, out: &mut impl Write) -> anyhow::Result<()> {
        match self.resolver.resolve(query) {
            Ok(res) => self.emit(query, &res, out),
            Err(e) => {
                let suggestions = e.suggestions().to_vec();
                self.fail(query, &origin, &e.to_string(), &suggestions, out)
            }
        }
    }

    fn fail(
        &mut self,
        query: &str,
        origin: &Origin,
        message: &str,
        suggestions: &[crate::gazetteer::resolve::Suggestion],
        out: &mut impl Write,
    ) -> anyhow::Result<()> {
        self.failed += 1;
        out.flush()?;
        say!("diplomap: error: {origin}: {message}");
        if self.format == Format::Json {
            let obj = ErrorLine {
                query,
                error: message,
                suggestions,
            };
            serde_json::to_writer(&mut *out, &obj)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn emit(
        &mut self,
        query: &str,
        res: &Resolution<'_>,
        out: &mut impl Write,
    ) -> anyhow::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut *out, &JsonLine::new(query, res))?;
                out.write_all(b"\n")?;
            }
            Format::Table => {
                let p = &res.place;
                let mut note = String::new();
                if res.edits > 0 {
                    note = format!(
                        "{} edit{}",
                        res.edits,
                        if res.edits == 1 { "" } else { "s" }
                    );
                }
                if res.ambiguous {
                    if let Some(a) = res.alternatives.first() {
                        note = format!(
                            "ambiguous; next: {}",
                            label(&a.name, a.country, a.kind).unquoted()
                        );
                    }
                }
                self.rows.push(vec![
                    query.trim().to_string(),
                    p.name.to_string(),
                    p.country.as_ref().map_or("-", |c| c.as_str()).to_string(),
                    p.kind.as_str().to_string(),
                    format!("{:.6}", p.lon),
                    format!("{:.6}", p.lat),
                    res.matched.as_str().to_string(),
                    note,
                ]);
            }
            Format::GeoJson => {
                let line = JsonLine::new(query, res);
                let mut props = serde_json::Map::new();
                for (k, v) in [
                    ("query", serde_json::json!(line.query)),
                    ("name", serde_json::json!(line.name)),
                    ("country", serde_json::json!(line.country)),
                    ("admin1", serde_json::json!(line.admin1)),
                    ("kind", serde_json::json!(line.kind)),
                    ("population", serde_json::json!(line.population)),
                    ("match", serde_json::json!(line.matched)),
                ] {
                    props.insert(k.to_string(), v);
                }
                self.features.push(crate::layers::Feature {
                    id: (self.features.len() + 1).to_string(),
                    geometry: crate::layers::Geometry::Point(crate::geodesy::LonLat::new(
                        line.lon, line.lat,
                    )),
                    properties: props,
                });
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut impl Write) -> anyhow::Result<()> {
        match self.format {
            Format::Json => {}
            Format::Table => {
                if !self.rows.is_empty() {
                    let header = [
                        "query", "name", "country", "kind", "lon", "lat", "match", "note",
                    ];
                    out.write_all(table(&header, &self.rows).as_bytes())?;
                }
            }
            Format::GeoJson => {
                // The one GeoJSON writer of the layers: 6 decimals, one feature per line, the
                // collection's bbox.
                use crate::output::FeatureSink;
                let mut bbox = crate::geodesy::bbox::BboxBuilder::default();
                let mut w = crate::output::geojson::GeoJsonWriter::new(&mut *out);
                w.begin_named("places")?;
                for f in std::mem::take(&mut self.features) {
                    f.geometry.extend_bbox(&mut bbox);
                    w.feature(&f)?;
                }
                w.end(bbox.finish())?;
            }
        }
        Ok(())
    }
}

/// One `--json` line: exactly these fields, in this order.
#[derive(Serialize)]
struct JsonLine<'a> {
    query: &'a str,
    name: &'a str,
    country: Option<&'a str>,
    admin1: Option<&'a str>,
    kind: &'static str,
    lon: f64,
    lat: f64,
    population: Option<u64>,
    #[serde(rename = "match")]
    matched: &'static str,
    alternatives: Vec<Alternative<'a>>,
}

#[derive(Serialize)]
struct Alternative<'a> {
    name: &'a str,
    country: Option<&'a str>,
    kind: &'static str,
    lon: f64,
    lat: f64,
    population: Option<u64>,
}

impl<'a> Alternative<'a> {
    fn new(p: &'a Place<'a>) -> Self {
        Alternative {
            name: &p.name,
            country: p.country.as_ref().map(|c| c.as_str()),
            kind: p.kind.as_str(),
            lon: p.lon,
            lat: p.lat,
            population: p.population,
        }
    }
}

impl<'a> JsonLine<'a> {
    fn new(query: &'a str, res: &'a Resolution<'a>) -> Self {
        let p = &res.place;
        JsonLine {
            query: query.trim(),
            name: &p.name,
            country: p.country.as_ref().map(|c| c.as_str()),
            admin1: p.admin1,
            kind: p.kind.as_str(),
            lon: p.lon,
            lat: p.lat,
            population: p.population,
            matched: res.matched.as_str(),
            alternatives: res.alternatives.iter().map(Alternative::new).collect(),
        }
    }
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    query: &'a str,
    error: &'a str,
    suggestions: &'a [crate::gazetteer::resolve::Suggestion],
}
