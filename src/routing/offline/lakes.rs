//! Lakes ships sail as water: the rings of named lakes from Natural Earth's 1:10m lakes
//! (`ne_10m_lakes`, GeoJSON), quantized to the land topology's transform. Natural Earth's land
//! fills its lakes; added to the land's rings, a lake's outline makes the even–odd test read it
//! as water again (and each island in it, a hole of the lake, as land).

use super::topojson::Transform;
use crate::gazetteer::import::natural_earth::multi_polygon;

/// The lakes of the Great Lakes–St. Lawrence system the network sails, by their Natural Earth
/// names; the Seaway, the Welland Canal, the Detroit and St. Clair rivers and the Soo Locks
/// join them ([`crate::routing::passages`]).
pub const GREAT_LAKES: &[&str] = &[
    "Lake Superior",
    "Lake Michigan",
    "Lake Huron",
    "Lake St. Clair",
    "Lake Erie",
    "Lake Ontario",
];

/// Why the lakes cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LakesError {
    #[error("not a GeoJSON FeatureCollection: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no lake named '{0}' in the lakes file")]
    Missing(String),
}

/// The outlines and islands of the lakes named `names`, quantized with `transform`, in the
/// file's order: closed rings, except where two lakes share a stretch of outline, which is left
/// out of both (see [`without_shared_edges`]).
pub fn rings(
    geojson: &[u8],
    names: &[&str],
    transform: &Transform,
) -> Result<Vec<Vec<[i64; 2]>>, LakesError> {
    let lakes: geojson::FeatureCollection = serde_json::from_slice(geojson)?;
    let quantize = |c: geo::Coord<f64>| {
        [
            ((c.x - transform.translate[0]) / transform.scale[0]).round() as i64,
            ((c.y - transform.translate[1]) / transform.scale[1]).round() as i64,
        ]
    };
    let mut out = Vec::new();
    for name in names {
        let polygons: Vec<geo::Polygon<f64>> = lakes
            .features
            .iter()
            .filter(|f| f.property("name").and_then(|v| v.as_str()) == Some(name))
            .filter_map(|f| f.geometry.as_ref().and_then(multi_polygon))
            .flat_map(|m| m.0)
            .collect();
        if polygons.is_empty() {
            return Err(LakesError::Missing(name.to_string()));
        }
        for ring in polygons
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        {
            // geo closes every ring; quantizing may merge neighbouring vertices.
            let mut r: Vec<[i64; 2]> = ring.coords().map(|&c| quantize(c)).collect();
            r.dedup();
            if r.len() >= 4 {
                out.push(r);
            }
        }
    }
    Ok(without_shared_edges(out))
}

/// The rings as lines, less every edge two lakes share: Lake Michigan and Lake Huron meet along
/// a line across the Straits of Mackinac that both outlines draw. Under the even–odd rule an
/// edge drawn twice cancels out, so dropping both copies reads the same everywhere, and leaves
/// no line across the water for a route to "cross".
fn without_shared_edges(rings: Vec<Vec<[i64; 2]>>) -> Vec<Vec<[i64; 2]>> {
    use std::collections::HashMap;
    let key = |a: [i64; 2], b: [i64; 2]| if a <= b { (a, b) } else { (b, a) };
    let mut count: HashMap<([i64; 2], [i64; 2]), usize> = HashMap::new();
    for r in &rings {
        for w in r.windows(2) {
            *count.entry(key(w[0], w[1])).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for r in rings {
        let mut line: Vec<[i64; 2]> = Vec::new();
        for w in r.windows(2) {
            if count[&key(w[0], w[1])] % 2 == 0 {
                if line.len() >= 2 {
                    out.push(std::mem::take(&mut line));
                }
                line.clear();
            } else {
                if line.is_empty() {
                    line.push(w[0]);
                }
                line.push(w[1]);
            }
        }
        if line.len() >= 2 {
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Transform = Transform {
        scale: [0.01, 0.01],
        translate: [-180.0, -90.0],
    };

    #[test]
    fn a_named_lake_gives_its_outline_and_islands_and_others_nothing() {
        let json = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Lake Erie"},"geometry":{"type":"Polygon","coordinates":[
            [[-83,41.5],[-79,42.5],[-79,43],[-83,42],[-83,41.5]],
            [[-82,42],[-81.9,42],[-81.9,42.1],[-82,42]]]}},
          {"type":"Feature","properties":{"name":"Lake Geneva"},"geometry":{"type":"Polygon","coordinates":[
            [[6,46],[7,46],[7,46.5],[6,46]]]}}]}"#;
        let rings = rings(json, &["Lake Erie"], &T).unwrap();
        assert_eq!(rings.len(), 2);
        assert_eq!(rings[0][0], [9700, 13150]);
        assert_eq!(rings[0].first(), rings[0].last());
    }

    #[test]
    fn an_outline_two_lakes_share_is_left_out_of_both() {
        let json = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[
            [[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Polygon","coordinates":[
            [[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
        let lines = rings(json, &["A", "B"], &T).unwrap();
        let x = |lon: f64| ((lon + 180.0) / 0.01).round() as i64;
        let shared = |p: &[i64; 2]| p[0] == x(1.0);
        // No line runs along lon 1 (both ends on it); the outer square stays whole.
        for l in &lines {
            assert!(
                !l.windows(2).any(|w| shared(&w[0]) && shared(&w[1])),
                "{l:?}"
            );
        }
        let edges: usize = lines.iter().map(|l| l.len() - 1).sum();
        assert_eq!(edges, 6);
    }

    #[test]
    fn a_missing_lake_is_an_error_naming_it() {
        let json = br#"{"type":"FeatureCollection","features":[]}"#;
        let err = rings(json, &["Lake Superior"], &T).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no lake named 'Lake Superior' in the lakes file"
        );
    }
}
