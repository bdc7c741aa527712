//! The columns of a layer for the typed formats (GeoPackage, FlatGeobuf): every property key in
//! order of first appearance, each typed by the values it holds across the layer's features.

use crate::layers::Feature;

/// What a property column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Integer,
    Real,
    Boolean,
    /// `start`/`end` holding only `YYYY-MM-DD` dates.
    Date,
    /// `start`/`end` holding date-times (or dates and date-times).
    DateTime,
    /// Lists and tables, as JSON text.
    Json,
}

/// A property column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDef {
    pub key: String,
    pub kind: ColumnKind,
}

/// True for `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// True for a date or an RFC 3339 date-time.
pub fn is_date_or_time(s: &str) -> bool {
    is_date(s) || chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// The columns of a layer's features.
pub fn columns(features: &[Feature]) -> Vec<ColumnDef> {
    let mut keys: Vec<&String> = Vec::new();
    for f in features {
        for k in f.properties.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys.into_iter()
        .map(|key| {
            let values: Vec<&serde_json::Value> = features
                .iter()
                .filter_map(|f| f.properties.get(key))
                .filter(|v| !v.is_null())
                .collect();
            let temporal = matches!(key.as_str(), "start" | "end");
            let all = |test: &dyn Fn(&serde_json::Value) -> bool| values.iter().all(|v| test(v));
            let kind = if values.is_empty() {
                ColumnKind::Text
            } else if values.iter().any(|v| v.is_array() || v.is_object()) {
                ColumnKind::Json
            } else if all(&|v| v.is_boolean()) {
                ColumnKind::Boolean
            } else if all(&|v| v.is_i64()) {
                ColumnKind::Integer
            } else if all(&|v| v.is_number()) {
                ColumnKind::Real
            } else if temporal && all(&|v| v.as_str().is_some_and(is_date)) {
                ColumnKind::Date
            } else if temporal && all(&|v| v.as_str().is_some_and(is_date_or_time)) {
                ColumnKind::DateTime
            } else {
                ColumnKind::Text
            };
            ColumnDef {
                key: key.clone(),
                kind,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::LonLat;
    use crate::layers::Geometry;

    #[test]
    fn keys_in_order_typed_by_their_values() {
        let f = |props: serde_json::Value| Feature {
            id: "x".into(),
            geometry: Geometry::Point(LonLat::new(0.0, 0.0)),
            properties: props.as_object().unwrap().clone(),
        };
        let features = [
            f(serde_json::json!({"title": "a", "start": "2024-07-08", "n": 1, "w": 1, "tags": []})),
            f(
                serde_json::json!({"title": null, "end": "2024-07-08T10:00:00Z", "n": 2, "w": 1.5, "ok": true}),
            ),
        ];
        let got: Vec<(String, ColumnKind)> = columns(&features)
            .into_iter()
            .map(|c| (c.key, c.kind))
            .collect();
        let want = [
            ("title", ColumnKind::Text),
            ("start", ColumnKind::Date),
            ("n", ColumnKind::Integer),
            ("w", ColumnKind::Real),
            ("tags", ColumnKind::Json),
            ("end", ColumnKind::DateTime),
            ("ok", ColumnKind::Boolean),
        ];
        assert_eq!(got, want.map(|(k, c)| (k.to_string(), c)).to_vec());
    }
}
