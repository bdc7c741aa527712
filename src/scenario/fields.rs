//! Reading individual values of a scenario: place names (one or a list, each with its own line),
//! positive numbers, the free `[properties]` table (converted to JSON, checked against the names
//! diplomap writes itself) and TOML values shown as written for messages.

use toml::{Spanned, Value};

use super::diagnostic::Diagnostics;
use super::locate::Locator;
use super::{Origin, PlaceRef};

/// Feature property names diplomap writes itself; `[properties]` may not reuse them.
pub const RESERVED_PROPERTIES: &[&str] = &[
    "id",
    "kind",
    "title",
    "description",
    "start",
    "end",
    "place",
    "resolved_name",
    "country",
    "participants",
    "source",
    "tags",
    "event",
    "role",
    "actor",
    "target",
    "weapon",
    "casualties",
    "organization",
    "hosts",
    "members",
    "absent",
    "from",
    "to",
    "via",
    "mode",
    "length_km",
    "length_nm",
    "cited_length_nm",
    "cited_days",
    "cited_source",
    "marker-color",
    "marker-symbol",
    "marker-size",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "fill",
    "fill-opacity",
];

pub(super) fn place_ref(
    loc: &Locator<'_>,
    field: &str,
    v: Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<PlaceRef> {
    let origin = loc.at(&v);
    let name = v.into_inner().trim().to_string();
    if name.is_empty() {
        diags.push(&origin, format!("empty place name in '{field}'"));
        return None;
    }
    Some(PlaceRef {
        name,
        origin,
        at: None,
    })
}

pub(super) fn opt_place_list(
    loc: &Locator<'_>,
    field: &str,
    v: Option<Spanned<Value>>,
    diags: &mut Diagnostics,
) -> Vec<PlaceRef> {
    v.map(|v| place_list(loc, field, v, diags))
        .unwrap_or_default()
}

/// A place name or a list of them; each element keeps its own line.
pub(super) fn place_list(
    loc: &Locator<'_>,
    field: &str,
    v: Spanned<Value>,
    diags: &mut Diagnostics,
) -> Vec<PlaceRef> {
    let span = v.span();
    let items: Vec<&Value> = match v.get_ref() {
        Value::String(_) => vec![v.get_ref()],
        Value::Array(a) => a.iter().collect(),
        other => {
            diags.push(
                &loc.at(&v),
                format!("'{field}' is {}; hint: give a place name or a list of them, such as [\"India\", \"Russia\"]", show(other)),
            );
            return Vec::new();
        }
    };
    let raw = loc.text.get(span.clone()).unwrap_or("");
    let mut cursor = 0;
    let mut out = Vec::new();
    for item in items {
        let Value::String(name) = item else {
            diags.push(
                &loc.at(&v),
                format!(
                    "'{field}' holds {}; hint: every element is a place name in quotes",
                    show(item)
                ),
            );
            continue;
        };
        // Find the element in the source text to report its own line.
        let found = [format!("\"{name}\""), format!("'{name}'")]
            .iter()
            .filter_map(|q| raw[cursor..].find(q.as_str()).map(|i| (i, q.len())))
            .min();
        let offset = match found {
            Some((i, len)) => {
                let at = span.start + cursor + i;
                cursor += i + len;
                at
            }
            None => span.start,
        };
        let origin = loc.origin(offset);
        let name = name.trim().to_string();
        if name.is_empty() {
            diags.push(&origin, format!("empty place name in '{field}'"));
            continue;
        }
        out.push(PlaceRef {
            name,
            origin,
            at: None,
        });
    }
    out
}

pub(super) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

pub(super) fn positive(
    loc: &Locator<'_>,
    field: &str,
    v: Option<Spanned<Value>>,
    diags: &mut Diagnostics,
) -> Option<f64> {
    let v = v?;
    match number(v.get_ref()) {
        Some(n) if n > 0.0 => Some(n),
        _ => {
            diags.push(
                &loc.at(&v),
                format!(
                    "invalid {field} {}; hint: a positive number",
                    show(v.get_ref())
                ),
            );
            None
        }
    }
}

/// Column names a format keeps for itself: the GeoPackage's feature id and geometry (QGIS and
/// GDAL give them these names too), so no property may take them.
pub const STORAGE_COLUMNS: &[&str] = &["fid", "geom"];

/// What is wrong with `name` as a feature's property name, if anything: one of diplomap's own
/// names, also in other letters (GeoPackage's SQLite and QGIS do not tell `Fill` from `fill`),
/// or a column a format keeps for itself. Said after the name: "would overwrite …".
///
/// ```
/// use diplomap::scenario::property_name_problem;
/// assert_eq!(property_name_problem("note"), None);
/// assert_eq!(property_name_problem("fill").unwrap(), "would overwrite diplomap's own 'fill'");
/// assert!(property_name_problem("Fill").unwrap().contains("do not tell case apart"));
/// assert!(property_name_problem("FID").unwrap().contains("feature id"));
/// ```
pub fn property_name_problem(name: &str) -> Option<String> {
    if let Some(own) = RESERVED_PROPERTIES
        .iter()
        .find(|r| r.eq_ignore_ascii_case(name))
    {
        return Some(if *own == name {
            format!("would overwrite diplomap's own '{own}'")
        } else {
            format!("would clash with diplomap's own '{own}' (GeoPackage and QGIS do not tell case apart)")
        });
    }
    STORAGE_COLUMNS
        .iter()
        .find(|c| c.eq_ignore_ascii_case(name))
        .map(|c| {
            let what = if *c == "fid" {
                "feature id"
            } else {
                "geometry"
            };
            format!("would clash with the GeoPackage's own '{c}' column (its {what})")
        })
}

pub(super) fn properties(
    table: toml::Table,
    origin: &Origin,
    diags: &mut Diagnostics,
) -> Vec<(String, serde_json::Value)> {
    let mut out: Vec<(String, serde_json::Value)> = Vec::with_capacity(table.len());
    for (key, value) in table {
        if let Some(problem) = property_name_problem(&key) {
            diags.push(
                origin,
                format!("property '{key}' in [properties] {problem}; hint: rename it, such as 'my_{key}'"),
            );
            continue;
        }
        if let Some((other, _)) = out.iter().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
            diags.push(
                origin,
                format!("properties '{other}' and '{key}' differ only in case, which GeoPackage and QGIS do not tell apart; hint: rename one"),
            );
            continue;
        }
        match to_json(&value) {
            Some(v) => out.push((key, v)),
            None => diags.push(
                origin,
                format!("property '{key}' holds a number JSON cannot represent (nan or inf)"),
            ),
        }
    }
    out
}

pub(super) fn to_json(v: &Value) -> Option<serde_json::Value> {
    Some(match v {
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Value::from(serde_json::Number::from_f64(*f)?),
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        Value::Array(a) => serde_json::Value::Array(a.iter().map(to_json).collect::<Option<_>>()?),
        Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// A TOML value as it would be written, for messages.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        Value::Array(_) => "a list".to_string(),
        Value::Table(_) => "a table".to_string(),
        other => other.to_string(),
    }
}
