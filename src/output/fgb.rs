//! FlatGeobuf writer: `<layer>.fgb`, one layer per file — the magic bytes, the header (name,
//! geometry type, typed columns, EPSG:4326, extent), the packed Hilbert R-tree spatial index,
//! then the features in index order. The schema types and the R-tree come from the
//! `flatgeobuf` crate; the features are encoded here.
//!
//! Why not the crate's own `FgbWriter`: it leaves out a single-part MultiLineString's `ends`
//! (which the format allows), and GDAL before 3.9.3 — Debian 12's 3.6, and the QGIS built on it —
//! then refuses the file ("Unexpected nullptr: MultiLineString ends data", OSGeo/gdal#10774).
//! Here every line part and polygon ring always has its `ends`.
//!
//! Columns are typed from the values: String, Long, Double, Bool; `start` and `end` DateTime
//! (FlatGeobuf has no date-only type; the values stay the ISO strings of the GeoJSON); lists and
//! tables Json. Coordinates are rounded to 6 decimals like every other format.

use std::io;

use flatbuffers::FlatBufferBuilder;
use flatgeobuf::packed_r_tree::{calc_extent, hilbert_sort, NodeItem, PackedRTree};
use flatgeobuf::{
    Column, ColumnArgs, ColumnType, Crs, CrsArgs, Feature as FbFeature, FeatureArgs,
    Geometry as FbGeometry, GeometryArgs, GeometryType, Header, HeaderArgs,
};

use crate::geodesy::precision::round6;
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, LayerName};

use super::map_writer::{Dest, Intake, MapSummary, MapWriter, Written};
use super::schema::ColumnKind;

/// The file's magic bytes: "fgb", the major version (3), "fgb", the patch version (0).
const MAGIC_BYTES: [u8; 8] = [b'f', b'g', b'b', 3, b'f', b'g', b'b', 0];

/// Children per node of the spatial index (the format's default).
const INDEX_NODE_SIZE: u16 = 16;

/// Writes a FlatGeobuf layer into a byte buffer.
#[derive(Default)]
pub struct FgbLayerWriter {
    out: Vec<u8>,
}

impl FgbLayerWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// The file's bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }
}

/// Every property column with its FlatGeobuf type (no date-only type: dates are DateTime).
fn columns(features: &[Feature]) -> Vec<(String, ColumnType)> {
    super::schema::columns(features)
        .into_iter()
        .map(|c| {
            let t = match c.kind {
                ColumnKind::Text => ColumnType::String,
                ColumnKind::Integer => ColumnType::Long,
                ColumnKind::Real => ColumnType::Double,
                ColumnKind::Boolean => ColumnType::Bool,
                ColumnKind::Date | ColumnKind::DateTime => ColumnType::DateTime,
                ColumnKind::Json => ColumnType::Json,
            };
            (c.key, t)
        })
        .collect()
}

/// The properties of one feature in FlatGeobuf's binary layout: for each value present, the
/// column index (u16), then the value (strings with a u32 byte length), all little-endian.
fn properties(f: &Feature, columns: &[(String, ColumnType)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (key, kind)) in columns.iter().enumerate() {
        let Some(v) = f.properties.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        out.extend_from_slice(&(i as u16).to_le_bytes());
        let text = |out: &mut Vec<u8>, s: &str| {
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        };
        match (*kind, v) {
            (ColumnType::Bool, serde_json::Value::Bool(b)) => out.push(u8::from(*b)),
            (ColumnType::Long, v) => out.extend_from_slice(&v.as_i64().unwrap_or(0).to_le_bytes()),
            (ColumnType::Double, v) => {
                out.extend_from_slice(&v.as_f64().unwrap_or(0.0).to_le_bytes())
            }
            (_, serde_json::Value::String(s)) => text(&mut out, s),
            (_, v) => text(&mut out, &v.to_string()),
        }
    }
    out
}

/// Flat coordinates and part ends of some lines (or rings), with their bounding box.
fn flatten(lines: &[Vec<LonLat>], bbox: &mut NodeItem) -> (Vec<f64>, Vec<u32>) {
    let mut xy = Vec::new();
    let mut ends = Vec::new();
    for line in lines {
        for p in line {
            let (x, y) = (round6(p.lon), round6(p.lat));
            bbox.expand_xy(x, y);
            xy.push(x);
            xy.push(y);
        }
        ends.push((xy.len() / 2) as u32);
    }
    (xy, ends)
}

/// Lines (or a polygon's rings) as one geometry with flat coordinates and every part's end.
fn part<'a>(
    fbb: &mut FlatBufferBuilder<'a>,
    lines: &[Vec<LonLat>],
    bbox: &mut NodeItem,
    type_: GeometryType,
) -> flatbuffers::WIPOffset<FbGeometry<'a>> {
    let (xy, ends) = flatten(lines, bbox);
    let (xy, ends) = (fbb.create_vector(&xy), fbb.create_vector(&ends));
    FbGeometry::create(
        fbb,
        &GeometryArgs {
            xy: Some(xy),
            ends: Some(ends),
            type_,
            ..Default::default()
        },
    )
}

/// One feature as a size-prefixed FlatBuffer, and its bounding box.
fn feature(f: &Feature, columns: &[(String, ColumnType)]) -> (Vec<u8>, NodeItem) {
    let mut fbb = FlatBufferBuilder::new();
    let mut bbox = NodeItem::create(0);
    let geometry = match &f.geometry {
        Geometry::Point(p) => {
            let (xy, _) = flatten(&[vec![*p]], &mut bbox);
            let xy = fbb.create_vector(&xy);
            FbGeometry::create(
                &mut fbb,
                &GeometryArgs {
                    xy: Some(xy),
                    ..Default::default()
                },
            )
        }
        Geometry::Lines(parts) => part(&mut fbb, parts, &mut bbox, GeometryType::Unknown),
        Geometry::Polygons(polygons) => {
            let parts: Vec<_> = polygons
                .iter()
                .map(|rings| part(&mut fbb, rings, &mut bbox, GeometryType::Polygon))
                .collect();
            let parts = fbb.create_vector(&parts);
            FbGeometry::create(
                &mut fbb,
                &GeometryArgs {
                    parts: Some(parts),
                    ..Default::default()
                },
            )
        }
    };
    let props = properties(f, columns);
    let props = fbb.create_vector(&props);
    let feature = FbFeature::create(
        &mut fbb,
        &FeatureArgs {
            geometry: Some(geometry),
            properties: Some(props),
            columns: None,
        },
    );
    fbb.finish_size_prefixed(feature, None);
    (fbb.finished_data().to_vec(), bbox)
}

impl FgbLayerWriter {
    fn write(&mut self, layer: LayerName, features: &[Feature]) -> io::Result<()> {
        let geometry_type = match features.first().map(|f| &f.geometry) {
            Some(Geometry::Point(_)) | None => GeometryType::Point,
            Some(Geometry::Lines(_)) => GeometryType::MultiLineString,
            Some(Geometry::Polygons(_)) => GeometryType::MultiPolygon,
        };
        let columns = columns(features);
        let encoded: Vec<(Vec<u8>, NodeItem)> =
            features.iter().map(|f| feature(f, &columns)).collect();
        let mut nodes: Vec<NodeItem> = encoded
            .iter()
            .enumerate()
            .map(|(i, (_, b))| NodeItem {
                offset: i as u64,
                ..b.clone()
            })
            .collect();
        let extent = calc_extent(&nodes);

        let mut fbb = FlatBufferBuilder::new();
        let cols: Vec<_> = columns
            .iter()
            .map(|(name, kind)| {
                let name = fbb.create_string(name);
                Column::create(
                    &mut fbb,
                    &ColumnArgs {
                        name: Some(name),
                        type_: *kind,
                        nullable: true,
                        ..Default::default()
                    },
                )
            })
            .collect();
        let cols = fbb.create_vector(&cols);
        let name = fbb.create_string(layer.as_str());
        let org = fbb.create_string("EPSG");
        let crs = Crs::create(
            &mut fbb,
            &CrsArgs {
                org: Some(org),
                code: 4326,
                ..Default::default()
            },
        );
        let envelope = fbb.create_vector(&[extent.min_x, extent.min_y, extent.max_x, extent.max_y]);
        let header = Header::create(
            &mut fbb,
            &HeaderArgs {
                name: Some(name),
                envelope: Some(envelope),
                geometry_type,
                columns: Some(cols),
                features_count: features.len() as u64,
                index_node_size: INDEX_NODE_SIZE,
                crs: Some(crs),
                ..Default::default()
            },
        );
        fbb.finish_size_prefixed(header, None);
        self.out.extend_from_slice(&MAGIC_BYTES);
        self.out.extend_from_slice(fbb.finished_data());

        // The index over the features in Hilbert order, each node pointing at its feature's
        // byte offset in the feature section; then the features in that order.
        hilbert_sort(&mut nodes, &extent);
        let mut offset = 0u64;
        let order: Vec<usize> = nodes.iter().map(|n| n.offset as usize).collect();
        for node in &mut nodes {
            let i = node.offset as usize;
            node.offset = offset;
            offset += encoded[i].0.len() as u64;
        }
        if !nodes.is_empty() {
            let tree = PackedRTree::build(&nodes, &extent, INDEX_NODE_SIZE)
                .map_err(|e| io::Error::other(format!("FlatGeobuf index: {e}")))?;
            tree.stream_write(&mut self.out)?;
        }
        for i in order {
            self.out.extend_from_slice(&encoded[i].0);
        }
        Ok(())
    }
}

impl FgbLayerWriter {
    /// A whole layer as the bytes of its file.
    pub fn layer(layer: LayerName, features: &[Feature]) -> io::Result<Vec<u8>> {
        let mut w = FgbLayerWriter::new();
        w.write(layer, features)?;
        Ok(w.out)
    }
}

/// The FlatGeobuf files of a map, `<layer>.fgb`: each needs its whole layer, for the index.
pub struct FgbFiles;

impl MapWriter for FgbFiles {
    fn intake(&self) -> Intake {
        Intake::WholeLayers
    }

    fn finish(
        self: Box<Self>,
        map: &MapSummary<'_>,
        dest: &Dest<'_>,
    ) -> anyhow::Result<Vec<Written>> {
        let mut out = Vec::new();
        for layer in map.non_empty() {
            let file = format!("{}.{}", layer.name.as_str(), super::Format::Fgb.extension());
            let shown = dest.shown.join(&file);
            let bytes = FgbLayerWriter::layer(layer.name, &layer.features)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", shown.display()))?;
            dest.write(&file, &bytes)?;
            out.push(Written {
                layer: Some(layer.name),
                features: layer.features.len() as u64,
                file: shown.display().to_string(),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::Layer;

    #[test]
    fn a_layer_with_its_index_crs_typed_columns_and_line_ends() {
        let feature = |id: &str, lon: f64, start: &str| {
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), id.into());
            properties.insert("start".into(), start.into());
            properties.insert("tags".into(), serde_json::json!(["a", "b"]));
            properties.insert("stroke-width".into(), 1.5.into());
            Feature {
                id: id.into(),
                geometry: Geometry::Lines(vec![vec![
                    LonLat::new(lon, 10.0),
                    LonLat::new(lon + 1.0, 11.0),
                ]]),
                properties,
            }
        };
        let layer = Layer {
            name: LayerName::Travel,
            features: vec![
                feature("a", 1.0, "2024-07-08"),
                feature("b", 2.0, "2024-07-09"),
            ],
        };
        let bytes = FgbLayerWriter::layer(layer.name, &layer.features).unwrap();
        let mut cursor = std::io::Cursor::new(bytes);
        let mut reader = flatgeobuf::FgbReader::open(&mut cursor)
            .unwrap()
            .select_all()
            .unwrap();
        let header = reader.header();
        assert_eq!(header.name(), Some("travel"));
        assert_eq!(header.features_count(), 2);
        assert_eq!(header.index_node_size(), INDEX_NODE_SIZE);
        assert_eq!(header.crs().map(|c| c.code()), Some(4326));
        let columns: Vec<(String, ColumnType)> = header
            .columns()
            .unwrap()
            .iter()
            .map(|c| (c.name().to_string(), c.type_()))
            .collect();
        assert_eq!(
            columns,
            [
                ("id".to_string(), ColumnType::String),
                ("start".to_string(), ColumnType::DateTime),
                ("tags".to_string(), ColumnType::Json),
                ("stroke-width".to_string(), ColumnType::Double)
            ]
        );
        use flatgeobuf::FallibleStreamingIterator;
        let mut seen = Vec::new();
        while let Some(f) = reader.next().unwrap() {
            let g = f.geometry().unwrap();
            // Single-part lines keep their ends, which GDAL before 3.9.3 needs.
            assert_eq!(
                g.ends().map(|e| e.iter().collect::<Vec<_>>()),
                Some(vec![2])
            );
            assert_eq!(g.xy().unwrap().len(), 4);
            seen.push(g.xy().unwrap().get(0));
        }
        seen.sort_by(f64::total_cmp);
        assert_eq!(seen, [1.0, 2.0]);
    }
}
