//! The look of each kind of feature, as simplestyle-spec properties (`marker-color`, `stroke`,
//! `fill`…) that geojson.io, GitHub and Leaflet pages read directly: one clear colour per kind.
//! Points also carry stroke and fill, which vector circle markers use.

use serde_json::{json, Map, Value};

use super::properties::Prop;

/// Colours, one per kind (a colour-blind-safe palette, after Tableau 10).
pub const MEETING: &str = "#1f77b4";
pub const STRIKE: &str = "#d62728";
pub const SUMMIT: &str = "#9467bd";
pub const TRAVEL: &str = "#1f77b4";
pub const STRIKE_VECTOR: &str = "#d62728";
pub const CORRIDOR_AIR: &str = "#2ca02c";
pub const CORRIDOR_SEA: &str = "#17becf";
pub const HOST: &str = "#ff7f0e";
pub const MEMBER: &str = "#9467bd";
pub const ABSENT: &str = "#7f7f7f";
pub const PARTICIPANT: &str = "#1f77b4";
/// Areas: seas, straits and gulfs; disputed areas; land regions and counties.
pub const WATER_AREA: &str = "#4a90c2";
pub const DISPUTED_AREA: &str = "#e377c2";
pub const LAND_AREA: &str = "#8c564b";

/// Point style: a colour and a Maki symbol name, as the simplestyle properties every point of
/// a kind carries alike.
pub const fn point(
    color: &'static str,
    symbol: &'static str,
) -> [(&'static str, Prop<'static>); 7] {
    [
        ("marker-color", Prop::Str(color)),
        ("marker-symbol", Prop::Str(symbol)),
        ("marker-size", Prop::Str("medium")),
        ("stroke", Prop::Str("#ffffff")),
        ("stroke-width", Prop::F64(1.5)),
        ("fill", Prop::Str(color)),
        ("fill-opacity", Prop::F64(0.9)),
    ]
}

/// Line style.
pub fn line(props: &mut Map<String, Value>, color: &str, width: f64, dashed: bool) {
    props.insert("stroke".into(), json!(color));
    props.insert("stroke-width".into(), json!(width));
    props.insert(
        "stroke-opacity".into(),
        json!(if dashed { 0.7 } else { 0.9 }),
    );
}

/// Polygon style.
pub fn polygon(props: &mut Map<String, Value>, color: &str, fill_opacity: f64) {
    props.insert("stroke".into(), json!(color));
    props.insert("stroke-width".into(), json!(1.0));
    props.insert("fill".into(), json!(color));
    props.insert("fill-opacity".into(), json!(fill_opacity));
}
