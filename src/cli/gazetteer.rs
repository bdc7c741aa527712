//! `diplomap gazetteer import` builds a gazetteer file from GeoNames and Natural Earth files;
//! `diplomap gazetteer info` shows what a gazetteer holds. The embedded gazetteer is built by
//! `import` too (scripts/build-data).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Outcome;
use crate::gazetteer::import::{import, ImportOptions};
use crate::gazetteer::model::PlaceKind;
use crate::gazetteer::Gazetteer;
use crate::mapdir::write_atomic;

#[derive(Debug, clap::Subcommand)]
pub enum GazetteerCommand {
    /// Build a gazetteer file from GeoNames dumps and Natural Earth files.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(Box<ImportArgs>),
    /// Show what the gazetteer in use holds: counts, sources, versions.
    #[command(after_help = INFO_EXAMPLES)]
    Info,
}

/// Examples of the `gazetteer` commands.
pub const EXAMPLES: &str = "Examples:
  diplomap gazetteer info
  diplomap gazetteer import --cities cities500.txt --countries ne_10m_admin_0_countries.dbf -o my.dgz";

const INFO_EXAMPLES: &str = "Examples:
  diplomap gazetteer info                       # the embedded gazetteer
  diplomap --gazetteer full.dgz gazetteer info";

const IMPORT_EXAMPLES: &str = "Example (GeoNames' full dump, then use it):
  diplomap gazetteer import --cities allCountries.txt --alternate-names alternateNamesV2.txt \\
      --countries ne_10m_admin_0_countries.dbf --admin1 admin1.json \\
      --country-aliases en.json -o full.dgz
  diplomap --gazetteer full.dgz resolve 'Moscow, Idaho'";

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// GeoNames place table (cities500.txt, cities1000.txt, allCountries.txt format); repeatable.
    #[arg(long, value_name = "FILE", required = true)]
    pub cities: Vec<PathBuf>,
    /// GeoNames alternateNamesV2.txt, adding every listed name to the kept places.
    #[arg(long, value_name = "FILE")]
    pub alternate_names: Option<PathBuf>,
    /// Natural Earth admin-0 countries attribute table (ne_10m_admin_0_countries*.dbf).
    #[arg(long, value_name = "FILE")]
    pub countries: PathBuf,
    /// Natural Earth admin-1 states/provinces as GeoJSON.
    #[arg(long, value_name = "FILE")]
    pub admin1: PathBuf,
    /// i18n-iso-countries language file (langs/en.json) with English country aliases; repeatable.
    #[arg(long, value_name = "FILE")]
    pub country_aliases: Vec<PathBuf>,
    /// i18n-iso-countries file of another language (langs/fi.json …), matched as alternate names;
    /// repeatable.
    #[arg(long, value_name = "FILE")]
    pub country_names: Vec<PathBuf>,
    /// Seaports as GeoJSON points with `name` and a UN/LOCODE `port` (searoute's
    /// data/ports.geojson); a port whose name a place of its country already has is left out.
    /// Repeatable.
    #[arg(long, value_name = "FILE")]
    pub ports: Vec<PathBuf>,
    /// Areas as a GeoJSON FeatureCollection: continents, oceans, seas, gulfs, bays, straits,
    /// regions, disputed areas, groups of countries, counties (properties `name`, `kind`,
    /// `names`, `codes`, `country`, `admin1`, `members`, `rank`, `point`); repeatable.
    #[arg(long, value_name = "FILE")]
    pub areas: Vec<PathBuf>,
    /// Simplify area outlines at this tolerance, in degrees.
    #[arg(long, default_value_t = 0.01, value_name = "DEGREES")]
    pub area_tolerance: f64,
    /// Names to add to places, tab-separated `target name kind` (target: GB, US-KY or
    /// geonames:ID; kind: variant, alternate or code); repeatable.
    #[arg(long, value_name = "FILE")]
    pub names: Vec<PathBuf>,
    /// Leave out cities smaller than this (capitals and seats of government are always kept).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub min_population: u64,
    /// Free text stored in the file and shown by `gazetteer info` (source packages, versions).
    #[arg(long, value_name = "TEXT")]
    pub note: Vec<String>,
    /// Output gazetteer file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(cmd: GazetteerCommand, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    match cmd {
        GazetteerCommand::Import(args) => {
            let args = *args;
            let opts = ImportOptions {
                cities: args.cities,
                alternate_names: args.alternate_names,
                countries: args.countries,
                admin1: args.admin1,
                country_aliases: args.country_aliases,
                country_names: args.country_names,
                ports: args.ports,
                areas: args.areas,
                area_tolerance_deg: args.area_tolerance,
                names: args.names,
                min_population: args.min_population,
                notes: args.note,
            };
            let bytes = import(&opts).context("gazetteer import failed")?;
            write_atomic(&args.output, &bytes)?;
            let gaz = Gazetteer::from_file(&args.output)?;
            say!("{}", summary(&gaz));
            Ok(Outcome::Ok)
        }
        GazetteerCommand::Info => {
            let gaz = Gazetteer::load(gazetteer)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", summary(&gaz))?;
            write!(out, "{}", provenance(gaz.store().meta()))?;
            writeln!(out, "{ATTRIBUTION}")?;
            out.flush()?;
            Ok(Outcome::Ok)
        }
    }
}

/// Data attribution printed by `gazetteer info`.
pub const ATTRIBUTION: &str = "Data: GeoNames (geonames.org), CC BY 4.0; Natural Earth (naturalearthdata.com), public domain; i18n-iso-countries, MIT; ports: searoute, Apache-2.0.";

/// Sources and notes recorded in the file's metadata, one per line.
fn provenance(meta_json: &str) -> String {
    let meta: serde_json::Value = serde_json::from_str(meta_json).unwrap_or_default();
    let mut out = String::new();
    if let Some(min) = meta["min_population"].as_u64() {
        out.push_str(&format!(
            "minimum city population: {min} (capitals and seats of government always kept)\n"
        ));
    }
    if let Some(n) = meta["cities_placed_by_outline"].as_u64() {
        out.push_str(&format!(
            "cities placed in an admin-1 unit by outline (no GeoNames code match): {n}\n"
        ));
    }
    if let Some(n) = meta["admin1_recoded_by_country_outline"].as_u64() {
        out.push_str(&format!(
            "admin-1 units given the country whose outline holds them: {n}\n"
        ));
    }
    if let Some(sources) = meta["sources"].as_array() {
        out.push_str("sources:\n");
        let rows: Vec<Vec<String>> = sources
            .iter()
            .map(|s| {
                vec![
                    format!("  {}", s["role"].as_str().unwrap_or("?")),
                    s["file"].as_str().unwrap_or("?").to_string(),
                    format!("{} records", s["records"].as_u64().unwrap_or(0)),
                ]
            })
            .collect();
        let table = super::output::table(&["", "", ""], &rows);
        out.extend(table.lines().skip(1).map(|l| format!("{l}\n")));
    }
    if let Some(notes) = meta["notes"].as_array() {
        out.push_str("notes:\n");
        for n in notes.iter().filter_map(|n| n.as_str()) {
            out.push_str(&format!("  {n}\n"));
        }
    }
    out
}

fn summary(gaz: &Gazetteer) -> String {
    let store = gaz.store();
    let mut counts = [0usize; PlaceKind::ALL.len()];
    for i in 0..store.len() as u32 {
        if let Some(p) = store.place(i) {
            counts[p.kind as usize] += 1;
        }
    }
    // The four kinds every gazetteer has, then the areas it holds.
    let listed: Vec<String> = PlaceKind::ALL
        .iter()
        .filter(|k| (**k as usize) < 4 || counts[**k as usize] > 0)
        .map(|k| format!("{} {}", counts[*k as usize], plural(*k)))
        .collect();
    format!(
        "gazetteer: {}\nsize: {:.1} MiB\nplaces: {} ({})\nname keys: {}",
        gaz.origin(),
        store.byte_len() as f64 / (1024.0 * 1024.0),
        store.len(),
        listed.join(", "),
        store.key_count(),
    )
}

/// How `gazetteer info` counts places of a kind.
fn plural(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::City => "cities",
        PlaceKind::Country => "countries",
        PlaceKind::Admin1 => "admin-1 units",
        PlaceKind::Port => "ports",
        PlaceKind::Continent => "continents",
        PlaceKind::Ocean => "oceans",
        PlaceKind::Sea => "seas",
        PlaceKind::Gulf => "gulfs",
        PlaceKind::Bay => "bays",
        PlaceKind::Strait => "straits",
        PlaceKind::Region => "regions",
        PlaceKind::Disputed => "disputed areas",
        PlaceKind::Group => "groups",
        PlaceKind::County => "counties",
        PlaceKind::Airport => "airports",
    }
}
