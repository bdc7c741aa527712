//! Reading land polygons from a TopoJSON topology (the format of `world-atlas` on npm, which
//! packages Natural Earth's land at 1:10m, 1:50m and 1:110m): quantized, delta-encoded arcs
//! joined into rings. Coordinates stay quantized integers; the transform turns them into degrees.

use serde::Deserialize;

/// Why a topology cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TopoJsonError {
    #[error("not a TopoJSON topology: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the topology has no object named '{0}'")]
    NoObject(String),
    #[error("the topology is not quantized (it has no transform)")]
    NotQuantized,
    #[error("arc index {0} is out of range")]
    BadArc(i64),
    #[error("unsupported geometry type '{0}' (Polygon or MultiPolygon expected)")]
    Geometry(String),
}

#[derive(Deserialize)]
struct Topology {
    transform: Option<Transform>,
    arcs: Vec<Vec<[i64; 2]>>,
    objects: serde_json::Map<String, serde_json::Value>,
}

/// Quantized integer → degrees: `lon = x * scale[0] + translate[0]`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Transform {
    pub scale: [f64; 2],
    pub translate: [f64; 2],
}

impl Transform {
    pub fn lon(&self, x: i64) -> f64 {
        x as f64 * self.scale[0] + self.translate[0]
    }

    pub fn lat(&self, y: i64) -> f64 {
        y as f64 * self.scale[1] + self.translate[1]
    }
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    arcs: serde_json::Value,
    #[serde(default)]
    geometries: Vec<Geometry>,
}

/// A ring of quantized positions.
pub type TopoRing = Vec<[i64; 2]>;

/// Closed rings (first point repeated last) of every polygon of `object`, in quantized
/// coordinates, with the transform.
pub fn rings(json: &[u8], object: &str) -> Result<(Vec<TopoRing>, Transform), TopoJsonError> {
    let topo: Topology = serde_json::from_slice(json)?;
    let transform = topo.transform.ok_or(TopoJsonError::NotQuantized)?;
    // Delta-decode every arc once.
    let arcs: Vec<Vec<[i64; 2]>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0, 0);
            arc.iter()
                .map(|d| {
                    x += d[0];
                    y += d[1];
                    [x, y]
                })
                .collect()
        })
        .collect();
    let value = topo
        .objects
        .get(object)
        .ok_or_else(|| TopoJsonError::NoObject(object.to_string()))?;
    let geometry: Geometry = serde_json::from_value(value.clone())?;
    let mut out = Vec::new();
    collect(&geometry, &arcs, &mut out)?;
    Ok((out, transform))
}

fn collect(
    g: &Geometry,
    arcs: &[Vec<[i64; 2]>],
    out: &mut Vec<Vec<[i64; 2]>>,
) -> Result<(), TopoJsonError> {
    match g.kind.as_str() {
        "GeometryCollection" => g.geometries.iter().try_for_each(|c| collect(c, arcs, out)),
        "Polygon" => {
            let rings: Vec<Vec<i64>> = serde_json::from_value(g.arcs.clone())?;
            rings
                .iter()
                .try_for_each(|r| ring(r, arcs).map(|r| out.push(r)))
        }
        "MultiPolygon" => {
            let polygons: Vec<Vec<Vec<i64>>> = serde_json::from_value(g.arcs.clone())?;
            polygons
                .iter()
                .flatten()
                .try_for_each(|r| ring(r, arcs).map(|r| out.push(r)))
        }
        other => Err(TopoJsonError::Geometry(other.to_string())),
    }
}

/// Join arcs into a ring; a negative index `~i` is arc `i` reversed.
fn ring(indices: &[i64], arcs: &[Vec<[i64; 2]>]) -> Result<Vec<[i64; 2]>, TopoJsonError> {
    let mut out: Vec<[i64; 2]> = Vec::new();
    for &i in indices {
        let (index, reversed) = if i < 0 { (!i, true) } else { (i, false) };
        let arc = usize::try_from(index)
            .ok()
            .and_then(|k| arcs.get(k))
            .ok_or(TopoJsonError::BadArc(i))?;
        let points: Box<dyn Iterator<Item = &[i64; 2]>> = if reversed {
            Box::new(arc.iter().rev())
        } else {
            Box::new(arc.iter())
        };
        for (k, p) in points.enumerate() {
            // Consecutive arcs share their joining point.
            if k == 0 && !out.is_empty() {
                continue;
            }
            out.push(*p);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_are_delta_decoded_and_joined_with_reversal() {
        let json = br#"{"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[-180,-90]},
            "arcs":[[[0,0],[10,0],[0,10]],[[0,0],[10,10]]],
            "objects":{"land":{"type":"GeometryCollection","geometries":[
              {"type":"Polygon","arcs":[[0,-2]]}]}}}"#;
        let (rings, t) = rings(json, "land").unwrap();
        assert_eq!(rings, vec![vec![[0, 0], [10, 0], [10, 10], [0, 0]]]);
        assert_eq!((t.lon(10), t.lat(10)), (-175.0, -87.5));
        assert!(matches!(
            super::rings(json, "sea"),
            Err(TopoJsonError::NoObject(_))
        ));
    }
}
