//! The offline preview (`index.html`): one self-contained page that opens from disk with no
//! network. Leaflet 1.9.4 and its licence are inlined (vendored by `scripts/vendor-leaflet`), the
//! basemap is Natural Earth's country outlines thinned for the screen ([`super::quantise`]; done
//! once by `scripts/build-data` into `data/basemap.json`, see [`basemap_json`]), and the layers are embedded as JSON in a `<script type="application/json">` data block that the
//! page's own script ([`PREVIEW_JS`]) draws: every layer in a layer switcher, a legend by kind,
//! popups with each feature's properties, and a date slider over `start`/`end`.
//!
//! Scenario strings never become markup: the title is HTML-escaped, the JSON has `<`, `>` and `&`
//! escaped so it cannot close its element, and the script writes every string with
//! `textContent`. A Content-Security-Policy allows only the page's own two scripts (by SHA-256),
//! no inline event handlers and no request of any kind. The output depends only on the input.

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::geodesy::precision::write6;
use crate::layers::{Feature, Geometry, Layer};
use crate::shapes::CountryShapes;

use super::markup::{escape, json_in_script};
use super::quantise::{self, Quantised};

const LEAFLET_JS: &str = include_str!("../../data/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../data/vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../data/vendor/leaflet/LICENSE");
/// The page's own script: draws the embedded data with Leaflet.
pub const PREVIEW_JS: &str = include_str!("html/preview.js");
const PREVIEW_CSS: &str = include_str!("html/preview.css");
/// [`basemap_json`] of the embedded country outlines, made by `examples/build-basemap.rs`.
#[cfg(feature = "embedded")]
static BASEMAP_JSON: &str = include_str!("../../data/basemap.json");

/// Basemap thinning tolerance, degrees (about 5.5 km: under a pixel up to zoom 5).
pub const BASEMAP_TOLERANCE: f64 = 0.05;
/// Basemap positions are snapped to this many decimals of a degree (about 1.1 km).
pub const BASEMAP_DECIMALS: u32 = 2;
/// Basemap islands smaller than this, in square degrees (about 12 km² at the equator), are
/// left out.
pub const BASEMAP_MIN_AREA: f64 = 0.001;
/// Polygon features (country outlines) are drawn as the basemap is: thinned (tolerance,
/// degrees) and snapped (decimals). A feature that would vanish so (the Vatican, Monaco) takes
/// the next, finer level.
pub const POLYGON_LEVELS: [(f64, u32); 3] =
    [(BASEMAP_TOLERANCE, BASEMAP_DECIMALS), (0.001, 4), (0.0, 6)];
/// Lines (routes) are snapped to this many decimals (about 1 m) and not thinned.
pub const LINE_DECIMALS: u32 = 5;

/// The page for a map titled `title`.
pub fn render(title: &str, layers: &[Layer], shapes: &CountryShapes<'_>) -> String {
    let mut data = String::with_capacity(1 << 20);
    data.push_str("{\"title\":");
    data.push_str(&serde_json::Value::from(title).to_string());
    let centre = super::extent::centre_lon(&super::extent::framed_positions(layers));
    data.push_str(",\"centre\":");
    let mut buf = Vec::new();
    write6(&mut buf, centre);
    data.push_str(std::str::from_utf8(&buf).unwrap_or("0"));
    data.push_str(",\"basemap\":");
    #[cfg(feature = "embedded")]
    {
        // Made from these very outlines at data-build time.
        let _ = shapes;
        data.push_str(BASEMAP_JSON.trim_end());
    }
    #[cfg(not(feature = "embedded"))]
    data.push_str(&basemap_json(shapes));
    data.push_str(",\"layers\":[");
    let mut first_layer = true;
    for layer in layers.iter().filter(|l| !l.features.is_empty()) {
        if !first_layer {
            data.push(',');
        }
        first_layer = false;
        let _ = write!(
            data,
            "{{\"name\":\"{}\",\"features\":[",
            layer.name.as_str()
        );
        for (i, f) in layer.features.iter().enumerate() {
            if i > 0 {
                data.push(',');
            }
            write_feature(&mut data, f);
        }
        data.push_str("]}");
    }
    data.push_str("]}");

    let leaflet = lf_lines(&format!(
        "/*! Leaflet 1.9.4 (https://leafletjs.com), inlined by diplomap under its licence:\n\n{}*/\n{}",
        LEAFLET_LICENSE.replace("*/", "* /"),
        LEAFLET_JS
            .trim_end()
            .trim_end_matches("//# sourceMappingURL=leaflet.js.map")
    ));
    let app = lf_lines(PREVIEW_JS);
    let csp = format!(
        "default-src 'none'; script-src '{}' '{}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        script_hash(&leaflet),
        script_hash(&app)
    );
    let title = escape(title);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="diplomap">
<title>{title}</title>
<style>
{leaflet_css}</style>
<style>
{app_css}</style>
</head>
<body>
<header><h1>{title}</h1></header>
<div id="map" role="application" aria-label="Map"></div>
<script type="application/json" id="diplomap-data">{data}</script>
<script>{leaflet}</script>
<script>{app}</script>
</body>
</html>
"#,
        data = json_in_script(&data),
        leaflet_css = lf_lines(LEAFLET_CSS),
        app_css = lf_lines(PREVIEW_CSS),
    )
}

/// Text with every line ending a line feed, as the HTML parser reads it before a script is
/// hashed against the CSP (Leaflet's LICENSE and stylesheet come with CR LF).
fn lf_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A CSP source for an inline script: `sha256-` and the base64 digest of its text.
fn script_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The basemap as the page embeds it: `{"decimals": …, "polygons": […]}`, each ring delta-coded.
/// In a build with the embedded data the page takes it ready-made from `data/basemap.json`
/// (`shapes` is then the embedded outlines it was made from): thinning every outline of the
/// world takes about 35 ms, which a build should not spend each time.
pub fn basemap_json(shapes: &CountryShapes<'_>) -> String {
    let mut out = format!("{{\"decimals\":{BASEMAP_DECIMALS},\"polygons\":");
    write_polygons(&mut out, &basemap(shapes).polygons);
    out.push('}');
    out
}

/// Every country outline, thinned for the screen, small islands left out.
pub fn basemap(shapes: &CountryShapes<'_>) -> Quantised {
    let min_twice_area = (BASEMAP_MIN_AREA * 2.0 * 10f64.powi(2 * BASEMAP_DECIMALS as i32)) as i128;
    let mut polygons = Vec::new();
    for code in shapes.codes() {
        let Some(mp) = shapes.get(code) else { continue };
        for poly in &mp.0 {
            let rings: Vec<Vec<crate::geodesy::LonLat>> = std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .map(|r| {
                    r.0.iter()
                        .map(|c| crate::geodesy::LonLat::new(c.x, c.y))
                        .collect()
                })
                .collect();
            let q = quantise::polygons(&[rings], BASEMAP_TOLERANCE, BASEMAP_DECIMALS);
            polygons.extend(
                q.polygons
                    .into_iter()
                    .filter(|p| quantise::twice_area(&p[0]) >= min_twice_area),
            );
        }
    }
    Quantised {
        decimals: BASEMAP_DECIMALS,
        polygons,
    }
}

fn write_polygons(out: &mut String, polygons: &[Vec<quantise::Ring>]) {
    out.push('[');
    for (i, rings) in polygons.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (j, ring) in rings.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            quantise::write_deltas(out, ring);
        }
        out.push(']');
    }
    out.push(']');
}

/// One feature: `{"id", "properties", "geometry"}`, the geometry a Point with its coordinates at
/// 6 decimals, or lines and polygons as delta-coded positions with their `decimals`.
fn write_feature(out: &mut String, f: &Feature) {
    out.push_str("{\"id\":");
    out.push_str(&serde_json::Value::from(f.id.as_str()).to_string());
    out.push_str(",\"properties\":");
    out.push_str(&serde_json::to_string(&f.properties).unwrap_or_else(|_| "{}".to_string()));
    out.push_str(",\"geometry\":");
    match &f.geometry {
        Geometry::Point(p) => {
            let mut buf = Vec::with_capacity(32);
            buf.extend_from_slice(b"{\"type\":\"Point\",\"coordinates\":[");
            write6(&mut buf, p.lon);
            buf.push(b',');
            write6(&mut buf, p.lat);
            buf.extend_from_slice(b"]}");
            out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
        }
        Geometry::Lines(parts) => {
            let _ = write!(
                out,
                "{{\"type\":\"MultiLineString\",\"decimals\":{LINE_DECIMALS},\"parts\":["
            );
            let parts: Vec<_> = parts
                .iter()
                .map(|p| quantise::line(p, LINE_DECIMALS))
                .filter(|p| p.len() >= 2)
                .collect();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quantise::write_deltas(out, part);
            }
            out.push_str("]}");
        }
        Geometry::Polygons(polys) => {
            let q = POLYGON_LEVELS
                .iter()
                .map(|&(tolerance, decimals)| quantise::polygons(polys, tolerance, decimals))
                .find(|q| !q.polygons.is_empty())
                .unwrap_or(Quantised {
                    decimals: 6,
                    polygons: Vec::new(),
                });
            let _ = write!(
                out,
                "{{\"type\":\"MultiPolygon\",\"decimals\":{},\"polygons\":",
                q.decimals
            );
            write_polygons(out, &q.polygons);
            out.push('}');
        }
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_licence_closes_no_comment_and_leaflet_closes_no_script() {
        assert!(!LEAFLET_LICENSE.contains("*/"));
        assert!(LEAFLET_LICENSE.starts_with("BSD 2-Clause License"));
        for text in [LEAFLET_JS, PREVIEW_JS] {
            assert!(!text.to_ascii_lowercase().contains("</script"));
        }
    }

    #[cfg(feature = "embedded")]
    #[test]
    fn the_embedded_basemap_is_the_one_the_embedded_outlines_give() {
        let shapes = crate::shapes::embedded().unwrap();
        assert!(
            BASEMAP_JSON.trim_end() == basemap_json(&shapes),
            "data/basemap.json is stale: scripts/build-data remakes it"
        );
    }

    #[test]
    fn a_script_hash_is_the_base64_sha256() {
        // RFC 6234's test vector "abc".
        assert_eq!(
            script_hash("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}
