//! Checks across every scenario and table of one map, made before any place is resolved: ids
//! unique within the map, and property names that can be columns — different in more than case
//! (GeoPackage's SQLite and QGIS do not tell `Note` from `note`), and no more of them than the
//! formats asked for hold (a GeoPackage table 2,000, a FlatGeobuf layer 65,535).

use crate::output::Format;
use crate::scenario::{self, Diagnostics, Scenario};
use crate::table::TableReader;

/// The most columns of a feature table in each format that has a limit: SQLite's (GeoPackage)
/// 2,000, FlatGeobuf's 65,535 (a column index is 16 bits); diplomap's own properties count.
fn column_limit(formats: &[Format]) -> Option<(usize, &'static str)> {
    let limits = [
        (Format::Gpkg, 2000, "a GeoPackage table"),
        (Format::Fgb, 65_535, "a FlatGeobuf layer"),
    ];
    limits
        .into_iter()
        .filter(|(f, _, _)| formats.contains(f))
        .map(|(_, n, what)| (n, what))
        .min()
}

/// The property names of one layer become its columns: they must differ in more than case
/// (GeoPackage's SQLite and QGIS do not tell `Note` from `note`), across scenarios and tables,
/// and fit the formats asked for. Checked before any work; a table's column is named by its
/// position on the header line.
pub fn property_columns(
    scenarios: &[Scenario],
    tables: &[TableReader],
    formats: &[Format],
    errors: &mut Diagnostics,
) -> anyhow::Result<()> {
    use std::collections::HashMap;
    let own = scenario::RESERVED_PROPERTIES.len() + scenario::STORAGE_COLUMNS.len();
    let limit = column_limit(formats);
    // Per kind of event: lower-cased name → (name as written, where).
    let mut seen: HashMap<scenario::EventKind, HashMap<String, (String, String)>> = HashMap::new();
    for t in tables {
        let columns = t.property_columns();
        if let Some((n, what)) = limit {
            if columns.len() + own > n {
                let (col, name) = columns[n.saturating_sub(own)];
                anyhow::bail!(
                    "{}:1:{col}: column '{name}' is past the {} property columns {what} can hold besides diplomap's own {own}; hint: keep the columns the map needs, or write --format geojson",
                    t.name,
                    n - own,
                );
            }
        }
        for kind in scenario::EventKind::ALL {
            let names = seen.entry(kind).or_default();
            for (col, name) in &columns {
                names
                    .entry(name.to_ascii_lowercase())
                    .or_insert_with(|| (name.to_string(), format!("{}:1:{col}", t.name)));
            }
        }
    }
    for e in scenarios.iter().flat_map(|s| &s.events) {
        let names = seen.entry(e.kind).or_default();
        for (key, _) in &e.properties {
            match names.get(&key.to_ascii_lowercase()) {
                Some((first, at)) if first != key => errors.push(
                    &e.origin,
                    format!("properties '{first}' ({at}) and '{key}' differ only in case, and both go to the {} layer, whose GeoPackage table and QGIS do not tell them apart; hint: write both the same way", crate::layers::LayerName::of(e.kind).as_str()),
                ),
                Some(_) => {}
                None => {
                    names.insert(key.to_ascii_lowercase(), (key.clone(), e.origin.to_string()));
                    if let Some((n, what)) = limit {
                        if names.len() + own > n {
                            errors.push(
                                &e.origin,
                                format!("property '{key}' is past the {} property columns {what} can hold besides diplomap's own {own}; hint: keep the properties the map needs, or write --format geojson", n - own),
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Ids must be unique across every scenario of one map.
pub fn duplicate_ids(scenarios: &[Scenario], errors: &mut Diagnostics) {
    let mut seen = std::collections::BTreeMap::new();
    for e in scenarios.iter().flat_map(|s| &s.events) {
        if let Some(first) = seen.insert(e.id.as_str(), &e.origin) {
            if first.file != e.origin.file {
                errors.push(
                    &e.origin,
                    format!("duplicate id '{}', first used at {first}; hint: ids must be unique within a map", e.id),
                );
            }
        }
    }
}
