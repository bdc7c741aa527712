//! `gazetteer import`: builds a gazetteer file from GeoNames dumps plus Natural Earth attribute
//! files. The embedded gazetteer is built by this same code (see `scripts/build-data`).
//!
//! Place order in the output is deterministic: countries by ISO alpha-3 (then Natural Earth id),
//! admin-1 units by `adm1_code`, cities by geonameid.

pub mod areas;
pub mod geonames;
pub mod names;
pub mod natural_earth;
pub mod ports;

use crate::gazetteer::CountryCode;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Serialize;

use geo::{BoundingRect, Centroid, Contains, Intersects};

use super::model::{feature_index, NameKind, PlaceInput, PlaceKind};
use super::normalize::normalize;
use super::store::{write_store, StoreError};

/// An import failure, naming the file and (where there is one) the line.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ImportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn parse(path: &Path, line: u64, message: String) -> Self {
        ImportError::Parse {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

pub(crate) fn open(path: &Path) -> Result<BufReader<File>, ImportError> {
    File::open(path)
        .map(|f| BufReader::with_capacity(1 << 20, f))
        .map_err(|e| ImportError::io(path, e))
}

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// GeoNames tables (`cities500.txt`, `allCountries.txt`, …).
    pub cities: Vec<PathBuf>,
    /// GeoNames `alternateNamesV2.txt`, optional.
    pub alternate_names: Option<PathBuf>,
    /// Natural Earth admin-0 countries `.dbf`.
    pub countries: PathBuf,
    /// Natural Earth admin-1 states/provinces GeoJSON.
    pub admin1: PathBuf,
    /// `i18n-iso-countries` language files with English aliases (matched as English names).
    pub country_aliases: Vec<PathBuf>,
    /// `i18n-iso-countries` files of other languages (matched as alternate names: Suomi, Norge,
    /// Éire, भारत).
    pub country_names: Vec<PathBuf>,
    /// Seaports (GeoJSON points with `name` and a UN/LOCODE `port`).
    pub ports: Vec<PathBuf>,
    /// Areas: continents, waters, regions, disputed areas, groups, counties (see [`areas`]).
    pub areas: Vec<PathBuf>,
    /// Outlines of areas are simplified at this tolerance, in degrees.
    pub area_tolerance_deg: f64,
    /// Names supplements (see [`names`]), applied after every source is read.
    pub names: Vec<PathBuf>,
    /// Cities below this population are left out, except capitals and seats of government.
    pub min_population: u64,
    /// Free text recorded in the file's metadata (source packages and versions).
    pub notes: Vec<String>,
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    min_population: u64,
    counts: BTreeMap<&'static str, usize>,
    /// Cities given an admin-1 unit by outline because their GeoNames code had no match.
    cities_placed_by_outline: u64,
    /// Admin-1 units whose country was taken from the admin-0 outline holding their label point.
    admin1_recoded_by_country_outline: u64,
    sources: Vec<SourceMeta>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct SourceMeta {
    role: &'static str,
    file: String,
    records: u64,
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Run an import and return the gazetteer file bytes.
pub fn import(opts: &ImportOptions) -> Result<Vec<u8>, ImportError> {
    let mut sources = Vec::new();

    let mut countries = natural_earth::read_countries(&opts.countries)?;
    sources.push(SourceMeta {
        role: "countries",
        file: file_name(&opts.countries),
        records: countries.len() as u64,
    });
    countries.sort_by(|a, b| a.iso_a3.cmp(&b.iso_a3).then(a.ne_id.cmp(&b.ne_id)));

    let mut admin1 = natural_earth::read_admin1(&opts.admin1)?;
    let recoded = recode_admin1_countries(&mut admin1, &countries);
    sources.push(SourceMeta {
        role: "admin1",
        file: file_name(&opts.admin1),
        records: admin1.len() as u64,
    });
    admin1.sort_by(|a, b| a.adm1_code.cmp(&b.adm1_code).then(a.ne_id.cmp(&b.ne_id)));

    let (aliases, alias_records) = read_name_files(&opts.country_aliases)?;
    let (foreign, foreign_records) = read_name_files(&opts.country_names)?;
    for (role, paths, records) in [
        ("country aliases", &opts.country_aliases, alias_records),
        ("country names", &opts.country_names, foreign_records),
    ] {
        let file = match paths.as_slice() {
            [] => continue,
            [one] => file_name(one),
            [first, .., last] => {
                format!(
                    "{} files, {} … {}",
                    paths.len(),
                    file_name(first),
                    file_name(last)
                )
            }
        };
        sources.push(SourceMeta {
            role,
            file,
            records,
        });
    }

    let mut cities = Vec::new();
    for path in &opts.cities {
        let (rows, read) = geonames::read_places(path, opts.min_population)?;
        sources.push(SourceMeta {
            role: "cities",
            file: file_name(path),
            records: read,
        });
        cities.extend(rows);
    }
    cities.sort_by_key(|c| c.geonameid);
    cities.dedup_by_key(|c| c.geonameid);
    if let Some(path) = &opts.alternate_names {
        let added = geonames::add_alternate_names(path, &mut cities)?;
        sources.push(SourceMeta {
            role: "alternate names",
            file: file_name(path),
            records: added,
        });
    }

    let mut places: Vec<PlaceInput> =
        Vec::with_capacity(countries.len() + admin1.len() + cities.len());
    let mut aliased = std::collections::BTreeSet::new();
    for c in &countries {
        let mut names = vec![(c.name.clone(), NameKind::Primary)];
        names.extend(
            c.english_names
                .iter()
                .map(|n| (n.clone(), NameKind::Variant)),
        );
        // Aliases go to the first record carrying the code (the sovereign's main unit).
        if let Some(code) = &c.iso_a2 {
            if aliased.insert(code.clone()) {
                if let Some(list) = aliases.get(code) {
                    names.extend(list.iter().map(|n| (n.clone(), NameKind::Variant)));
                    // Inverted forms ("Korea, Republic of") also name the country by their head.
                    names.extend(
                        list.iter()
                            .filter_map(|n| n.split_once(", "))
                            .map(|(head, _)| (head.to_string(), NameKind::Variant)),
                    );
                }
                if let Some(list) = foreign.get(code) {
                    names.extend(list.iter().map(|n| (n.clone(), NameKind::Alternate)));
                }
            }
        }
        names.extend(
            c.other_names
                .iter()
                .map(|n| (n.clone(), NameKind::Alternate)),
        );
        names.extend(
            c.iso_a2
                .iter()
                .chain(c.iso_a3.iter())
                .map(|n| (n.clone(), NameKind::Code)),
        );
        places.push(PlaceInput {
            name: c.name.clone(),
            lon: c.lon,
            lat: c.lat,
            population: c.population,
            country: c.iso_a2.as_deref().and_then(CountryCode::from_upper),
            admin1: None,
            source_id: c.ne_id,
            kind: PlaceKind::Country,
            feature: feature_index("ADM0"),
            population_estimated: false,
            names,
            members: Vec::new(),
            outline: None,
        });
    }

    // Map units (England, Scotland, Flemish Region, Zanzibar …) sit between a country and its
    // admin-1 units; a unit that merely repeats a country's name (Serbia, Tanzania) is skipped.
    let country_keys: HashSet<String> = countries
        .iter()
        .flat_map(|c| std::iter::once(&c.name).chain(&c.english_names))
        .map(|n| normalize(n))
        .collect();
    let mut units: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, a) in admin1.iter().enumerate() {
        if let (Some(country), Some(unit)) = (&a.country, &a.unit) {
            if !country_keys.contains(&normalize(unit)) {
                units
                    .entry((country.clone(), unit.clone()))
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut unit_of_admin1: HashMap<usize, u32> = HashMap::new();
    for ((country, unit), members) in &units {
        let index = places.len() as u32;
        let (lon, lat) = unit_label_point(members.iter().map(|&m| &admin1[m]));
        for &m in members {
            unit_of_admin1.insert(m, index);
        }
        places.push(PlaceInput {
            name: unit.clone(),
            lon,
            lat,
            population: 0,
            country: CountryCode::from_upper(country),
            admin1: None,
            source_id: 0,
            kind: PlaceKind::Admin1,
            feature: 0,
            population_estimated: true,
            names: vec![(unit.clone(), NameKind::Primary)],
            members: Vec::new(),
            outline: None,
        });
    }

    let mut admin1_index: HashMap<String, u32> = HashMap::new();
    let mut admin1_by_code: HashMap<String, u32> = HashMap::new();
    let mut shapes_by_country: HashMap<String, Vec<Outline<'_>>> = HashMap::new();
    for (i, a) in admin1.iter().enumerate() {
        let index = places.len() as u32;
        if let Some(code) = &a.geonames_code {
            admin1_index.entry(code.clone()).or_insert(index);
        }
        for code in a.codes.iter().filter(|c| c.contains('-')) {
            admin1_by_code.entry(code.clone()).or_insert(index);
        }
        if let (Some(country), Some(shape)) = (&a.country, &a.shape) {
            if let Some(rect) = shape.bounding_rect() {
                shapes_by_country
                    .entry(country.clone())
                    .or_default()
                    .push((index, shape, rect));
            }
        }
        let mut names = vec![(a.name.clone(), NameKind::Primary)];
        names.extend(
            a.english_names
                .iter()
                .map(|n| (n.clone(), NameKind::Variant)),
        );
        names.extend(
            a.other_names
                .iter()
                .map(|n| (n.clone(), NameKind::Alternate)),
        );
        names.extend(a.codes.iter().map(|n| (n.clone(), NameKind::Code)));
        places.push(PlaceInput {
            name: a.name.clone(),
            lon: a.lon,
            lat: a.lat,
            population: 0,
            country: a.country.as_deref().and_then(CountryCode::from_upper),
            // An admin-1 unit's parent is its map unit, if it has one.
            admin1: unit_of_admin1.get(&i).copied(),
            source_id: a.ne_id,
            kind: PlaceKind::Admin1,
            feature: 0,
            population_estimated: true,
            names,
            members: Vec::new(),
            outline: None,
        });
    }

    let mut placed_by_shape = 0u64;
    for c in cities {
        // Join on GeoNames' admin-1 code; where Natural Earth has none that matches (the United
        // Kingdom's counties, Hungary's), the admin-1 unit whose outline contains the city.
        let admin1 = admin1_index
            .get(&format!("{}.{}", c.country, c.admin1))
            .copied()
            .or_else(|| {
                let point = geo::Point::new(c.lon, c.lat);
                let found = shapes_by_country
                    .get(&c.country)?
                    .iter()
                    .find(|(_, shape, rect)| rect.intersects(&point) && shape.contains(&point))?;
                placed_by_shape += 1;
                Some(found.0)
            });
        let mut names = vec![
            (c.name.clone(), NameKind::Primary),
            (c.ascii_name.clone(), NameKind::Primary),
        ];
        names.extend(
            c.alternate_names
                .into_iter()
                .map(|n| (n, NameKind::Alternate)),
        );
        places.push(PlaceInput {
            admin1,
            name: c.name,
            lon: c.lon,
            lat: c.lat,
            population: c.population,
            country: CountryCode::from_upper(&c.country),
            source_id: c.geonameid,
            kind: PlaceKind::City,
            feature: feature_index(&c.feature_code),
            population_estimated: false,
            names,
            members: Vec::new(),
            outline: None,
        });
    }

    // Seaports whose names no place of their country has (Jebel Ali, Nhava Sheva, Tanjung
    // Pelepas): a port named like its city (Dubai, Rotterdam) adds nothing the city does not.
    let mut named: HashSet<(CountryCode, String)> = HashSet::new();
    for p in &places {
        if let Some(c) = p.country {
            for (n, kind) in &p.names {
                if *kind != NameKind::Code {
                    named.insert((c, normalize(n)));
                }
            }
        }
    }
    let known_countries: HashSet<CountryCode> = places
        .iter()
        .filter(|p| p.kind == PlaceKind::Country)
        .filter_map(|p| p.country)
        .collect();
    for path in &opts.ports {
        let mut ports = ports::read_ports(path)?;
        sources.push(SourceMeta {
            role: "ports",
            file: file_name(path),
            records: ports.len() as u64,
        });
        // One code may name several ports (Nhava Sheva and Jawaharlal Nehru Port): each name
        // is kept, in a fixed order.
        ports.sort_by(|a, b| a.locode.cmp(&b.locode).then(a.name.cmp(&b.name)));
        ports.dedup_by(|a, b| a.locode == b.locode && a.name == b.name);
        for port in ports {
            let Some(country) = CountryCode::from_upper(&port.locode[..2]) else {
                continue;
            };
            if !known_countries.contains(&country)
                || !named.insert((country, normalize(&port.name)))
            {
                continue;
            }
            let mut names = vec![(port.name.clone(), NameKind::Primary)];
            names.extend(
                port.also
                    .filter(|a| named.insert((country, normalize(a))))
                    .map(|a| (a, NameKind::Alternate)),
            );
            places.push(PlaceInput {
                name: port.name.clone(),
                lon: port.lon,
                lat: port.lat,
                population: 0,
                country: Some(country),
                admin1: None,
                source_id: port.id,
                kind: PlaceKind::Port,
                feature: 0,
                population_estimated: false,
                names,
                members: Vec::new(),
                outline: None,
            });
        }
    }

    let context = areas::Context {
        countries: &countries,
        admin1_by_code: &admin1_by_code,
        tolerance_deg: opts.area_tolerance_deg,
    };
    for path in &opts.areas {
        let read = areas::read_areas(path)?;
        sources.push(SourceMeta {
            role: "areas",
            file: file_name(path),
            records: read.len() as u64,
        });
        places.extend(areas::places(read, &context));
    }

    let targets = names::Targets::of(&places, &admin1_by_code);
    for path in &opts.names {
        let added = names::apply(path, &mut places, &targets)?;
        sources.push(SourceMeta {
            role: "names",
            file: file_name(path),
            records: added,
        });
    }

    // Admin-1 and map-unit population estimates: the sum of the kept cities inside, for ranking.
    let mut sums: HashMap<u32, u64> = HashMap::new();
    for p in places.iter().filter(|p| p.kind == PlaceKind::City) {
        if let Some(a) = p.admin1 {
            *sums.entry(a).or_default() += p.population;
            if let Some(unit) = places[a as usize].admin1 {
                *sums.entry(unit).or_default() += p.population;
            }
        }
    }
    for (index, total) in sums {
        places[index as usize].population = total;
    }

    let mut counts = BTreeMap::new();
    for kind in PlaceKind::ALL {
        counts.insert(
            kind.as_str(),
            places.iter().filter(|p| p.kind == kind).count(),
        );
    }
    let meta = Meta {
        format: 2,
        min_population: opts.min_population,
        counts,
        cities_placed_by_outline: placed_by_shape,
        admin1_recoded_by_country_outline: recoded,
        sources,
        notes: &opts.notes,
    };
    let meta_json = serde_json::to_string_pretty(&meta).unwrap_or_else(|_| "{}".into());
    Ok(write_store(&places, &meta_json)?)
}

/// Read `i18n-iso-countries` language files and merge them: ISO alpha-2 → names, and how many
/// entries were read.
fn read_name_files(paths: &[PathBuf]) -> Result<(BTreeMap<String, Vec<String>>, u64), ImportError> {
    let mut merged: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut records = 0;
    for path in paths {
        let file = natural_earth::read_country_aliases(path)?;
        records += file.len() as u64;
        for (code, names) in file {
            merged.entry(code).or_default().extend(names);
        }
    }
    Ok((merged, records))
}

/// Give each admin-1 unit the country whose admin-0 outline holds its label point, where that
/// differs from the admin-1 file's own code. The admin-1 file follows Natural Earth's default
/// point of view while the admin-0 edition may be another (the shipped one is the German view,
/// which puts Crimea in Ukraine): this keeps the two consistent. Returns how many were recoded.
fn recode_admin1_countries(
    admin1: &mut [natural_earth::Admin1],
    countries: &[natural_earth::Country],
) -> u64 {
    let outlines: Vec<(&str, &geo::MultiPolygon<f64>, geo::Rect<f64>)> = countries
        .iter()
        .filter_map(|c| {
            let shape = c.shape.as_ref()?;
            Some((c.iso_a2.as_deref()?, shape, shape.bounding_rect()?))
        })
        .collect();
    let mut recoded = 0;
    for a in admin1.iter_mut() {
        let point = geo::Point::new(a.lon, a.lat);
        let holder = outlines
            .iter()
            .find(|(_, shape, rect)| rect.intersects(&point) && shape.contains(&point));
        if let Some((code, _, _)) = holder {
            if a.country.as_deref() != Some(*code) {
                a.country = Some(code.to_string());
                recoded += 1;
            }
        }
    }
    recoded
}

/// An admin-1 outline to test cities against: place index, polygons, bounding box.
type Outline<'a> = (u32, &'a geo::MultiPolygon<f64>, geo::Rect<f64>);

/// A map unit's label point: the area-weighted centroid of its members' outlines, or the mean of
/// their label points when no outline is known.
fn unit_label_point<'a>(members: impl Iterator<Item = &'a natural_earth::Admin1>) -> (f64, f64) {
    let members: Vec<&natural_earth::Admin1> = members.collect();
    let polygons: Vec<geo::Polygon<f64>> = members
        .iter()
        .filter_map(|a| a.shape.as_ref())
        .flat_map(|m| m.0.iter().cloned())
        .collect();
    if let Some(c) = geo::MultiPolygon(polygons).centroid() {
        return (c.x(), c.y());
    }
    let n = members.len().max(1) as f64;
    (
        members.iter().map(|a| a.lon).sum::<f64>() / n,
        members.iter().map(|a| a.lat).sum::<f64>() / n,
    )
}
