//! GeoPackage (OGC 12-128r18, version 1.3) writer: one SQLite file holding every layer as its own
//! feature table, written with rusqlite's bundled SQLite so no system library is needed.
//!
//! - Each layer is a table `<layer>` with `fid`, a `geom` column of the layer's one geometry type
//!   (POINT, MULTILINESTRING, MULTIPOLYGON) in EPSG:4326, and one column per property, typed from
//!   the values: TEXT, INTEGER, REAL, BOOLEAN; `start` and `end` as DATE (or DATETIME, in UTC,
//!   when any value has a time), so QGIS's Temporal Controller can use them. Lists and tables
//!   are stored as JSON text.
//! - Geometries are GeoPackage binary: the `GP` header with the envelope, then little-endian WKB.
//! - Each table has the R*Tree spatial index of the `gpkg_rtree_index` extension, filled as the
//!   features are written; its triggers are created afterwards (they call the `ST_*` functions
//!   that GDAL and QGIS provide, not plain SQLite).
//! - The table `diplomap_map` (one row: `generator = diplomap`), which nothing else writes, marks
//!   the file as ours, so a build never overwrites a GeoPackage it did not write; a table a user
//!   added to ours is found by [`foreign_tables`]. Every table's description says so too.
//! - Columns holding lists or tables are JSON text, declared `application/json` in
//!   `gpkg_data_columns` (the schema extension), as GDAL reads them back.
//! - `layer_styles` holds each table's default QGIS style ([`super::qml`]), so QGIS opens the
//!   GeoPackage styled and animated by date.
//! - Nothing depends on the clock: `last_change` is fixed, so the same scenario gives the same
//!   bytes.
//!
//! A layer comes whole ([`Intake::WholeLayers`]): a table's columns must be known before its rows.

use std::io;
use std::path::Path;

use rusqlite::{params, Connection};

use crate::geodesy::bbox::Bbox;
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, LayerName};

use super::map_writer::{Dest, Intake, MapSummary, MapWriter, Written};
use super::schema::ColumnKind;

/// `application_id` of a GeoPackage: "GPKG".
const APPLICATION_ID: i32 = 0x4750_4B47;
/// `user_version` of GeoPackage 1.3.0.
const USER_VERSION: i32 = 10300;
/// The fixed `last_change` of every table (no clock in the output).
const LAST_CHANGE: &str = "2000-01-01T00:00:00.000Z";
/// The end of every table's description.
const MARKER: &str = "written by diplomap";

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

fn sql_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(e)
}

/// The table only diplomap writes, which marks a GeoPackage as ours: one row
/// `('generator', 'diplomap')`. It is a plain attribute table outside `gpkg_contents`, so GIS
/// programs do not list it as a layer; `application_id` and `user_version` stay GeoPackage's.
const MARK_TABLE: &str = "diplomap_map";

/// True when the file at `path` is a GeoPackage diplomap wrote: it holds the `diplomap_map`
/// table with its generator row. A description that merely reads like ours does not count.
pub fn is_ours(path: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    conn.query_row(
        &format!("SELECT value FROM {MARK_TABLE} WHERE key = 'generator'"),
        [],
        |r| r.get::<_, String>(0),
    )
    .is_ok_and(|v| v == "diplomap")
}

/// The tables and views of a GeoPackage that diplomap did not write (a layer a user added with
/// `ogr2ogr -update`, say), sorted: everything but the GeoPackage's own tables, the spatial
/// indexes, SQLite's, `layer_styles`, the mark and the layers diplomap writes.
pub fn foreign_tables(path: &Path) -> io::Result<Vec<String>> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(sql_err)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        .map_err(sql_err)?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql_err)?
        .collect::<rusqlite::Result<Vec<String>>>()
        .map_err(sql_err)?;
    Ok(names
        .into_iter()
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            !(lower.starts_with("gpkg_")
                || lower.starts_with("rtree_")
                || lower.starts_with("sqlite_")
                || lower == "layer_styles"
                || lower == MARK_TABLE
                || LayerName::ALL.iter().any(|l| l.as_str() == lower))
        })
        .collect())
}

/// The GeoPackage's file name.
pub const GPKG_NAME: &str = "map.gpkg";

/// Writes a GeoPackage file.
pub struct GpkgWriter {
    conn: Connection,
}

impl GpkgWriter {
    /// Create a new GeoPackage at `path` (which must not exist).
    pub fn create(path: &Path) -> io::Result<Self> {
        let conn = Connection::open(path).map_err(sql_err)?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID};
             PRAGMA user_version = {USER_VERSION};
             PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             BEGIN;
             CREATE TABLE gpkg_spatial_ref_sys (
               srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
               organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
               definition TEXT NOT NULL, description TEXT);
             CREATE TABLE gpkg_contents (
               table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
               identifier TEXT UNIQUE, description TEXT DEFAULT '',
               last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
               min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
               CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
                 REFERENCES gpkg_spatial_ref_sys(srs_id));
             CREATE TABLE gpkg_geometry_columns (
               table_name TEXT NOT NULL, column_name TEXT NOT NULL,
               geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
               z TINYINT NOT NULL, m TINYINT NOT NULL,
               CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
               CONSTRAINT uk_gc_table_name UNIQUE (table_name),
               CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
               CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id)
                 REFERENCES gpkg_spatial_ref_sys (srs_id));
             CREATE TABLE gpkg_extensions (
               table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
               definition TEXT NOT NULL, scope TEXT NOT NULL,
               CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
             CREATE TABLE gpkg_data_columns (
               table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
               description TEXT, mime_type TEXT, constraint_name TEXT,
               CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
               CONSTRAINT gdc_tn UNIQUE (table_name, name));
             CREATE TABLE gpkg_data_column_constraints (
               constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT,
               min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN,
               description TEXT,
               CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
             CREATE TABLE layer_styles (
               id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
               f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
               styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
               description TEXT, owner TEXT(30), ui TEXT(30),
               update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
             INSERT INTO gpkg_contents (table_name, data_type, identifier, description,
               last_change) VALUES ('layer_styles', 'attributes', 'layer_styles',
               'QGIS styles, {MARKER}', '{LAST_CHANGE}');
             CREATE TABLE {MARK_TABLE} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
             INSERT INTO {MARK_TABLE} VALUES ('generator', 'diplomap');
             INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema',
               'http://www.geopackage.org/spec/#extension_schema', 'read-write'),
               ('gpkg_data_column_constraints', NULL, 'gpkg_schema',
               'http://www.geopackage.org/spec/#extension_schema', 'read-write');
             INSERT INTO gpkg_spatial_ref_sys VALUES
               ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
                'undefined cartesian coordinate reference system'),
               ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
                'undefined geographic coordinate reference system'),
               ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}',
                'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
             COMMIT;"
        ))
        .map_err(sql_err)?;
        Ok(Self { conn })
    }

    /// Close the file.
    pub fn finish(self) -> io::Result<()> {
        self.conn.close().map_err(|(_, e)| sql_err(e))
    }

    fn write_table(
        &mut self,
        layer: LayerName,
        features: &[Feature],
        bbox: Option<Bbox>,
    ) -> rusqlite::Result<()> {
        let table = layer.as_str();
        let columns = table_columns(features);
        let geometry_type = match features.first().map(|f| &f.geometry) {
            Some(Geometry::Point(_)) | None => "POINT",
            Some(Geometry::Lines(_)) => "MULTILINESTRING",
            Some(Geometry::Polygons(_)) => "MULTIPOLYGON",
        };
        let tx = self.conn.transaction()?;
        let defs: String = columns
            .iter()
            .map(|c| format!(", {} {}", quote(&c.name), sql_type(c.kind)))
            .collect();
        tx.execute_batch(&format!(
            "CREATE TABLE {t} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometry_type}{defs});
             CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy);",
            t = quote(table),
            rtree = quote(&format!("rtree_{table}_geom")),
        ))?;
        let (min_x, min_y, max_x, max_y) = match bbox {
            Some(b) if b.west <= b.east => (b.west, b.south, b.east, b.north),
            Some(b) => (-180.0, b.south, 180.0, b.north),
            None => (-180.0, -90.0, 180.0, 90.0),
        };
        tx.execute(
            "INSERT INTO gpkg_contents VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, ?7, 4326)",
            params![
                table,
                format!("The {table} layer, {MARKER}"),
                LAST_CHANGE,
                min_x,
                min_y,
                max_x,
                max_y
            ],
        )?;
        tx.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
            params![table, geometry_type],
        )?;
        for c in columns.iter().filter(|c| c.kind == ColumnKind::Json) {
            tx.execute(
                "INSERT INTO gpkg_data_columns VALUES (?1, ?2, ?2, NULL, NULL, 'application/json', NULL)",
                params![table, c.name],
            )?;
        }
        tx.execute(
            "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index',
               'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
            [table],
        )?;
        {
            let placeholders: String = (0..columns.len())
                .map(|i| format!(", ?{}", i + 3))
                .collect();
            let names: String = columns
                .iter()
                .map(|c| format!(", {}", quote(&c.name)))
                .collect();
            let mut insert = tx.prepare(&format!(
                "INSERT INTO {} (fid, geom{names}) VALUES (?1, ?2{placeholders})",
                quote(table)
            ))?;
            let mut index = tx.prepare(&format!(
                "INSERT INTO {} VALUES (?1, ?2, ?3, ?4, ?5)",
                quote(&format!("rtree_{table}_geom"))
            ))?;
            for (i, f) in features.iter().enumerate() {
                let fid = i as i64 + 1;
                let (blob, envelope) = geometry_blob(&f.geometry);
                let mut values: Vec<rusqlite::types::Value> = vec![fid.into(), blob.into()];
                for c in &columns {
                    values.push(sql_value(c.kind, f.properties.get(&c.key)));
                }
                insert.execute(rusqlite::params_from_iter(values))?;
                if let Some([x0, x1, y0, y1]) = envelope {
                    index.execute(params![fid, x0, x1, y0, y1])?;
                }
            }
        }
        // QGIS applies the default row of layer_styles when it opens the table.
        tx.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,
               f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
               owner, ui, update_time)
             VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, ?3, '', NULL, ?4)",
            params![
                table,
                super::qml::style(features.first().map(|f| &f.geometry)),
                format!("simplestyle colours and the Temporal Controller, {MARKER}"),
                LAST_CHANGE
            ],
        )?;
        // The index's triggers, as the extension defines them, once the rows are in.
        tx.execute_batch(&rtree_triggers(table, "geom", "fid"))?;
        tx.commit()
    }
}

impl GpkgWriter {
    /// Write one layer as a table; `bbox` is the box around its features.
    pub fn layer(&mut self, layer: &crate::layers::Layer) -> io::Result<()> {
        self.write_table(layer.name, &layer.features, layer.bbox())
            .map_err(sql_err)
    }
}

/// The map's GeoPackage, `map.gpkg`: every layer with features is a table.
pub struct GpkgFile;

impl MapWriter for GpkgFile {
    fn intake(&self) -> Intake {
        Intake::WholeLayers
    }

    fn finish(
        self: Box<Self>,
        map: &MapSummary<'_>,
        dest: &Dest<'_>,
    ) -> anyhow::Result<Vec<Written>> {
        use anyhow::Context as _;
        if map.non_empty().next().is_none() {
            return Ok(Vec::new());
        }
        let name = GPKG_NAME;
        let path = dest.stage.join(name);
        let written = (|| -> io::Result<()> {
            let mut w = GpkgWriter::create(&path)?;
            for layer in map.non_empty() {
                w.layer(layer)?;
            }
            w.finish()?;
            std::fs::File::open(&path)?.sync_all()
        })();
        written.context("cannot write the GeoPackage")?;
        let shown = dest.shown.join(name);
        Ok(map
            .non_empty()
            .map(|layer| Written {
                layer: Some(layer.name),
                features: layer.features.len() as u64,
                file: format!("{} (table {})", shown.display(), layer.name.as_str()),
            })
            .collect())
    }
}

/// An SQL identifier in double quotes.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL type of a column.
fn sql_type(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Text | ColumnKind::Json => "TEXT",
        ColumnKind::Integer => "INTEGER",
        ColumnKind::Real => "REAL",
        ColumnKind::Boolean => "BOOLEAN",
        ColumnKind::Date => "DATE",
        ColumnKind::DateTime => "DATETIME",
    }
}

/// A property value as stored in a column of `kind`.
fn sql_value(kind: ColumnKind, v: Option<&serde_json::Value>) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    use serde_json::Value as J;
    match (kind, v) {
        (_, None | Some(J::Null)) => V::Null,
        (ColumnKind::Boolean, Some(J::Bool(b))) => V::Integer(i64::from(*b)),
        (ColumnKind::Integer, Some(J::Number(n))) => n.as_i64().map_or(V::Null, V::Integer),
        (ColumnKind::Real, Some(J::Number(n))) => n.as_f64().map_or(V::Null, V::Real),
        (ColumnKind::DateTime, Some(J::String(s))) => V::Text(utc_datetime(s).unwrap_or_default()),
        (_, Some(J::String(s))) => V::Text(s.clone()),
        (_, Some(other)) => V::Text(other.to_string()),
    }
}

/// A table column: the property's column, under a name the table can take (`fid` and `geom`
/// belong to the table, so properties of those names get a `_`).
struct Column {
    key: String,
    name: String,
    kind: ColumnKind,
}

fn table_columns(features: &[Feature]) -> Vec<Column> {
    super::schema::columns(features)
        .into_iter()
        .map(|c| {
            let name = if c.key.eq_ignore_ascii_case("fid") || c.key.eq_ignore_ascii_case("geom") {
                format!("{}_", c.key)
            } else {
                c.key.clone()
            };
            Column {
                key: c.key,
                name,
                kind: c.kind,
            }
        })
        .collect()
}

/// A date or RFC 3339 date-time as GeoPackage's DATETIME: UTC, `YYYY-MM-DDTHH:MM:SS.SSSZ` (a date
/// alone is its midnight UTC).
fn utc_datetime(s: &str) -> Option<String> {
    let t = if super::schema::is_date(s) {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
    } else {
        chrono::DateTime::parse_from_rfc3339(s).ok()?.to_utc()
    };
    Some(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

/// The GeoPackage binary geometry (header with the xy envelope, then little-endian ISO WKB) and
/// its envelope `[min_x, max_x, min_y, max_y]`.
fn geometry_blob(g: &Geometry) -> (Vec<u8>, Option<[f64; 4]>) {
    let mut wkb = Vec::new();
    let mut env = [
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut grow = |p: LonLat| {
        env[0] = env[0].min(p.lon);
        env[1] = env[1].max(p.lon);
        env[2] = env[2].min(p.lat);
        env[3] = env[3].max(p.lat);
    };
    let header = |wkb: &mut Vec<u8>, kind: u32| {
        wkb.push(1); // little-endian
        wkb.extend_from_slice(&kind.to_le_bytes());
    };
    let point = |wkb: &mut Vec<u8>, p: LonLat| {
        wkb.extend_from_slice(&crate::geodesy::precision::round6(p.lon).to_le_bytes());
        wkb.extend_from_slice(&crate::geodesy::precision::round6(p.lat).to_le_bytes());
    };
    let ring = |wkb: &mut Vec<u8>, line: &[LonLat], grow: &mut dyn FnMut(LonLat)| {
        wkb.extend_from_slice(&(line.len() as u32).to_le_bytes());
        for &p in line {
            grow(p);
            point(wkb, p);
        }
    };
    match g {
        Geometry::Point(p) => {
            grow(*p);
            header(&mut wkb, 1);
            point(&mut wkb, *p);
        }
        Geometry::Lines(parts) => {
            header(&mut wkb, 5);
            wkb.extend_from_slice(&(parts.len() as u32).to_le_bytes());
            for part in parts {
                header(&mut wkb, 2);
                ring(&mut wkb, part, &mut grow);
            }
        }
        Geometry::Polygons(polygons) => {
            header(&mut wkb, 6);
            wkb.extend_from_slice(&(polygons.len() as u32).to_le_bytes());
            for rings in polygons {
                header(&mut wkb, 3);
                wkb.extend_from_slice(&(rings.len() as u32).to_le_bytes());
                for r in rings {
                    ring(&mut wkb, r, &mut grow);
                }
            }
        }
    }
    let envelope = env[0]
        .is_finite()
        .then(|| env.map(crate::geodesy::precision::round6));
    let mut out = Vec::with_capacity(8 + 32 + wkb.len());
    out.extend_from_slice(b"GP");
    out.push(0); // version 1
                 // Flags: standard binary, envelope [minx, maxx, miny, maxy] (1), little-endian; or empty.
    out.push(if envelope.is_some() {
        0b0000_0011
    } else {
        0b0001_0001
    });
    out.extend_from_slice(&4326i32.to_le_bytes());
    if let Some(e) = envelope {
        for v in e {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out.extend_from_slice(&wkb);
    (out, envelope)
}

/// The triggers that keep `rtree_<t>_<c>` in step with the table, as the GeoPackage R-tree
/// extension gives them (they need the `ST_*` functions of a GeoPackage-aware SQLite).
fn rtree_triggers(t: &str, c: &str, i: &str) -> String {
    let r = format!("rtree_{t}_{c}");
    let (qt, qr) = (quote(t), quote(&r));
    format!(
        "CREATE TRIGGER {ins} AFTER INSERT ON {qt} WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
         BEGIN INSERT OR REPLACE INTO {qr} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}),
           ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END;
         CREATE TRIGGER {u1} AFTER UPDATE OF {c} ON {qt} WHEN OLD.{i} = NEW.{i} AND
           (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
         BEGIN INSERT OR REPLACE INTO {qr} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}),
           ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END;
         CREATE TRIGGER {u2} AFTER UPDATE OF {c} ON {qt} WHEN OLD.{i} = NEW.{i} AND
           (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
         BEGIN DELETE FROM {qr} WHERE id = OLD.{i}; END;
         CREATE TRIGGER {u3} AFTER UPDATE ON {qt} WHEN OLD.{i} != NEW.{i} AND
           (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
         BEGIN DELETE FROM {qr} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {qr} VALUES (NEW.{i},
           ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END;
         CREATE TRIGGER {u4} AFTER UPDATE ON {qt} WHEN OLD.{i} != NEW.{i} AND
           (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
         BEGIN DELETE FROM {qr} WHERE id IN (OLD.{i}, NEW.{i}); END;
         CREATE TRIGGER {del} AFTER DELETE ON {qt} WHEN old.{c} NOT NULL
         BEGIN DELETE FROM {qr} WHERE id = OLD.{i}; END;",
        ins = quote(&format!("{r}_insert")),
        u1 = quote(&format!("{r}_update1")),
        u2 = quote(&format!("{r}_update2")),
        u3 = quote(&format!("{r}_update3")),
        u4 = quote(&format!("{r}_update4")),
        del = quote(&format!("{r}_delete")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_blob_has_the_header_envelope_and_wkb() {
        let (blob, env) = geometry_blob(&Geometry::Lines(vec![vec![
            LonLat::new(170.0, 50.0),
            LonLat::new(180.0, 54.8445134),
        ]]));
        assert_eq!(&blob[..4], b"GP\x00\x03");
        assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
        assert_eq!(env, Some([170.0, 180.0, 50.0, 54.844513]));
        // WKB after the 40-byte header: little-endian MultiLineString of one LineString.
        assert_eq!(blob[40], 1);
        assert_eq!(u32::from_le_bytes(blob[41..45].try_into().unwrap()), 5);
        assert_eq!(u32::from_le_bytes(blob[45..49].try_into().unwrap()), 1);
        assert_eq!(blob.len(), 40 + 9 + 9 + 4 * 8);
    }

    #[test]
    fn datetimes_go_to_utc_and_dates_stay_dates() {
        assert_eq!(
            utc_datetime("2024-07-08T10:30:00+03:00").as_deref(),
            Some("2024-07-08T07:30:00.000Z")
        );
        assert_eq!(
            utc_datetime("2024-07-08").as_deref(),
            Some("2024-07-08T00:00:00.000Z")
        );
        assert_eq!(utc_datetime("July 8"), None);
    }
}
