//! QGIS layer styles (QML): the style QGIS applies when it opens a layer — as a `<layer>.qml`
//! sidecar beside a GeoJSON file (QGIS loads a same-named .qml automatically) and as the default
//! row of a GeoPackage's `layer_styles` table.
//!
//! The symbol draws from each feature's own simplestyle properties ([`crate::layers::style`])
//! through data-defined expressions — `marker-color`, `marker-size`, `stroke`, `stroke-width`,
//! `stroke-opacity`, `fill`, `fill-opacity` — so one style serves every kind in a layer and a
//! colour changed in the data shows without restyling. The Temporal Controller is set up on the
//! `start` and `end` fields, so the map animates by date.
//!
//! Widths in the data are CSS pixels (simplestyle); QGIS draws them in millimetres at 0.26 mm
//! per pixel (96 dpi).

use crate::layers::Geometry;

/// The QML of a layer's style, by its geometry family (that of any of its features).
pub fn style(geometry: Option<&Geometry>) -> String {
    let symbol = match geometry {
        Some(Geometry::Point(_)) | None => marker(),
        Some(Geometry::Lines(_)) => line(),
        Some(Geometry::Polygons(_)) => fill(),
    };
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0" styleCategories="Symbology|Labeling|Temporal">
  <temporal enabled="1" mode="2" startField="start" endField="end" startExpression="" endExpression="" durationField="" durationUnit="min" fixedDuration="0" accumulate="0" limitMode="1">
    <fixedRange>
      <start></start>
      <end></end>
    </fixedRange>
  </temporal>
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <symbols>
{symbol}
    </symbols>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  <layerGeometryType>{kind}</layerGeometryType>
</qgis>
"#,
        kind = match geometry {
            Some(Geometry::Point(_)) | None => 0,
            Some(Geometry::Lines(_)) => 1,
            Some(Geometry::Polygons(_)) => 2,
        }
    )
}

/// A data-defined property bound to an expression (XML-escaped here).
fn defined(key: &str, expression: &str) -> String {
    let escaped = expression
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r#"              <Option name="{key}" type="Map">
                <Option name="active" value="true" type="bool"/>
                <Option name="expression" value="{escaped}" type="QString"/>
                <Option name="type" value="3" type="int"/>
              </Option>"#
    )
}

/// A symbol layer with its static options and data-defined properties.
fn symbol(kind: &str, class: &str, options: &[(&str, &str)], defined_props: &[String]) -> String {
    let options: String = options
        .iter()
        .map(|(k, v)| format!("          <Option name=\"{k}\" value=\"{v}\" type=\"QString\"/>\n"))
        .collect();
    format!(
        r#"      <symbol type="{kind}" name="0" alpha="1" clip_to_extent="1" force_rhr="0" is_animated="0" frame_rate="10">
        <layer class="{class}" enabled="1" pass="0" locked="0">
          <Option type="Map">
{options}          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString"/>
              <Option name="properties" type="Map">
{props}
              </Option>
              <Option name="type" value="collection" type="QString"/>
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>"#,
        props = defined_props.join("\n")
    )
}

/// A colour property (`#rrggbb`) with its opacity property (0–1) as the alpha.
fn color_with_opacity(color: &str, opacity: &str, fallback: &str) -> String {
    format!(
        "set_color_part(coalesce(\"{color}\", '{fallback}'), 'alpha', 255 * coalesce(\"{opacity}\", 1))"
    )
}

fn marker() -> String {
    symbol(
        "marker",
        "SimpleMarker",
        &[
            ("name", "circle"),
            ("color", "31,119,180,230"),
            ("outline_color", "255,255,255,255"),
            ("outline_width", "0.4"),
            ("outline_width_unit", "MM"),
            ("size", "3"),
            ("size_unit", "MM"),
        ],
        &[
            defined(
                "fillColor",
                &color_with_opacity("marker-color", "fill-opacity", "#1f77b4"),
            ),
            defined(
                "size",
                "CASE WHEN \"marker-size\" = 'small' THEN 2 WHEN \"marker-size\" = 'large' THEN 4.5 ELSE 3 END",
            ),
            defined("outlineColor", "coalesce(\"stroke\", '#ffffff')"),
            defined("outlineWidth", "coalesce(\"stroke-width\", 1.5) * 0.26"),
        ],
    )
}

fn line() -> String {
    symbol(
        "line",
        "SimpleLine",
        &[
            ("line_color", "31,119,180,230"),
            ("line_width", "0.6"),
            ("line_width_unit", "MM"),
            ("capstyle", "round"),
            ("joinstyle", "round"),
        ],
        &[
            defined(
                "outlineColor",
                &color_with_opacity("stroke", "stroke-opacity", "#1f77b4"),
            ),
            defined("outlineWidth", "coalesce(\"stroke-width\", 2) * 0.26"),
        ],
    )
}

fn fill() -> String {
    symbol(
        "fill",
        "SimpleFill",
        &[
            ("color", "127,127,127,64"),
            ("outline_color", "127,127,127,255"),
            ("outline_width", "0.26"),
            ("outline_width_unit", "MM"),
            ("style", "solid"),
        ],
        &[
            defined(
                "fillColor",
                &color_with_opacity("fill", "fill-opacity", "#7f7f7f"),
            ),
            defined("outlineColor", "coalesce(\"stroke\", '#7f7f7f')"),
            defined("outlineWidth", "coalesce(\"stroke-width\", 1) * 0.26"),
        ],
    )
}

/// The QGIS styles of a map's layer files, `<layer>.qml`, one per layer with features: sidecars,
/// written and removed with their layers, with no line of their own in the summary.
pub struct QmlFiles;

impl super::MapWriter for QmlFiles {
    fn intake(&self) -> super::Intake {
        super::Intake::Counts
    }

    fn finish(
        self: Box<Self>,
        map: &super::MapSummary<'_>,
        dest: &super::Dest<'_>,
    ) -> anyhow::Result<Vec<super::Written>> {
        for layer in crate::layers::LayerName::ALL {
            if map.count(layer) > 0 {
                let file = format!("{}.qml", layer.as_str());
                dest.write(&file, style(map.first(layer)).as_bytes())?;
            }
        }
        Ok(Vec::new())
    }
}
