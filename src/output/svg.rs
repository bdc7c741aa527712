//! A static map of every layer as one SVG (`map.svg`): the picture a reporter drops into a
//! draft. Natural Earth country outlines as the basemap, in the Equal Earth projection (Šavrič,
//! Patterson and Jenny, 2018) centred on the scenario, framed on its events with a margin, with
//! the title, a legend of the kinds shown, labels for the named places (placed so that none
//! overlaps another or a marker), and the data attribution.
//!
//! Every string from a scenario is XML-escaped. The output depends only on the input: numbers
//! are written with one decimal (a tenth of a pixel).

use std::fmt::Write as _;

use crate::geodesy::{wrap_lon, LonLat};
use crate::layers::{Feature, Geometry, Layer};
use crate::shapes::CountryShapes;

use super::markup::escape;

/// Width of the map in pixels.
pub const WIDTH: f64 = 1200.0;
/// Height of the band under the map for the legend and the attribution, in pixels.
const FOOTER: f64 = 70.0;
/// Height of the band above the map for the title, in pixels.
const HEADER: f64 = 50.0;
const LABEL_FONT: f64 = 13.0;
/// Shortest step kept in a drawn line, in pixels (finer detail does not show).
const MIN_STEP: f64 = 0.9;
/// Basemap rings smaller than this on screen (width + height, pixels) are left out.
const MIN_RING: f64 = 1.5;
/// Width of a label character, estimated for a sans-serif face at [`LABEL_FONT`].
const CHAR_WIDTH: f64 = 7.4;

/// The Equal Earth projection of a longitude (relative to the central meridian, degrees) and a
/// latitude, in units of the Earth's radius; y grows northward.
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let theta = (m * lat.to_radians().sin()).asin();
    let (t2, t6) = (theta * theta, theta.powi(6));
    let x = 2.0 * 3f64.sqrt() * lon.to_radians() * theta.cos()
        / (3.0 * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Projection and framing: degrees to pixels.
struct Frame {
    centre: f64,
    /// Projected window `[x0, y0, x1, y1]` (y northward) mapped onto the map area.
    window: [f64; 4],
    scale: f64,
    height: f64,
}

impl Frame {
    /// The longitude relative to the central meridian, in [-180, 180].
    fn rel(&self, lon: f64) -> f64 {
        wrap_lon(lon - self.centre)
    }

    fn px(&self, p: LonLat) -> (f64, f64) {
        let (x, y) = equal_earth(self.rel(p.lon), p.lat);
        (
            (x - self.window[0]) * self.scale,
            HEADER + (self.window[3] - y) * self.scale,
        )
    }
}

/// Round to a tenth of a pixel for output.
fn r(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v == 0.0 {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// The frame around the events (the countries alone when there is nothing else), with a margin.
fn frame(layers: &[Layer]) -> Frame {
    let positions = super::extent::framed_positions(layers);
    let centre = super::extent::centre_lon(&positions);
    let mut window = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in &positions {
        let (x, y) = equal_earth(wrap_lon(p.lon - centre), p.lat);
        window = [
            window[0].min(x),
            window[1].min(y),
            window[2].max(x),
            window[3].max(y),
        ];
    }
    if !window[0].is_finite() {
        let (x, y) = equal_earth(180.0, 90.0);
        window = [-x, -y, x, y];
    }
    // A margin of a tenth of the span, and at least about 6° around a single place.
    let pad = |lo: f64, hi: f64| ((hi - lo) * 0.1).max(0.05);
    let (px, py) = (pad(window[0], window[2]), pad(window[1], window[3]));
    let mut w = [
        window[0] - px,
        window[1] - py,
        window[2] + px,
        window[3] + py,
    ];
    // Height from the aspect, within bounds; the window grows to fill the canvas.
    let height = (WIDTH * (w[3] - w[1]) / (w[2] - w[0])).clamp(450.0, 900.0);
    let want = (w[2] - w[0]) * height / WIDTH;
    if want > w[3] - w[1] {
        let grow = (want - (w[3] - w[1])) / 2.0;
        w[1] -= grow;
        w[3] += grow;
    } else {
        let want_w = (w[3] - w[1]) * WIDTH / height;
        let grow = (want_w - (w[2] - w[0])) / 2.0;
        w[0] -= grow;
        w[2] += grow;
    }
    Frame {
        centre,
        window: w,
        scale: WIDTH / (w[2] - w[0]),
        height,
    }
}

/// Each position in pixels, with its longitude relative to the centre (to find the seam).
fn project(frame: &Frame, line: &[LonLat]) -> Vec<(f64, f64, f64)> {
    line.iter()
        .map(|p| {
            let (x, y) = frame.px(*p);
            (x, y, frame.rel(p.lon))
        })
        .collect()
}

/// Projected positions (see [`project`]) as path data: points closer than [`MIN_STEP`] to the last kept one dropped,
/// broken where it would jump across the map's seam (the meridian opposite the centre).
fn path_data(points: &[(f64, f64, f64)], close: bool, out: &mut String) {
    let mut last: Option<(f64, f64, f64)> = None;
    let mut count = 0;
    for &(x, y, rel) in points {
        match last {
            Some((lx, ly, lrel)) if (rel - lrel).abs() <= 180.0 => {
                if (x - lx).hypot(y - ly) < MIN_STEP {
                    continue;
                }
                let _ = write!(out, "L{} {}", r(x), r(y));
            }
            _ => {
                let _ = write!(out, "M{} {}", r(x), r(y));
            }
        }
        last = Some((x, y, rel));
        count += 1;
    }
    if close && count > 2 {
        out.push('Z');
    }
}

fn prop<'a>(f: &'a Feature, key: &str) -> Option<&'a str> {
    f.properties.get(key).and_then(|v| v.as_str())
}

fn num(f: &Feature, key: &str, default: f64) -> f64 {
    f.properties
        .get(key)
        .and_then(|v| v.as_f64())
        .unwrap_or(default)
}

/// A colour from the data, if it is a plain `#rrggbb` (anything else is not written).
fn colour<'a>(f: &'a Feature, key: &str, default: &'a str) -> &'a str {
    match prop(f, key) {
        Some(c)
            if c.len() == 7
                && c.starts_with('#')
                && c[1..].bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            c
        }
        _ => default,
    }
}

/// Point radius in pixels for a simplestyle `marker-size`.
fn radius(f: &Feature) -> f64 {
    match prop(f, "marker-size") {
        Some("small") => 4.0,
        Some("large") => 8.0,
        _ => 6.0,
    }
}

/// Boxes `[x0, y0, x1, y1]` overlap.
fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Render the map.
pub fn render(title: &str, layers: &[Layer], shapes: &CountryShapes<'_>) -> String {
    let frame = frame(layers);
    let total_height = HEADER + frame.height + FOOTER;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"{mark}
<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">
<title>{t}</title>
<rect width="{w}" height="{h}" fill="#ffffff"/>
<clipPath id="map"><rect x="0" y="{top}" width="{w}" height="{mh}"/></clipPath>
<g clip-path="url(#map)">
<rect x="0" y="{top}" width="{w}" height="{mh}" fill="#dceaf3"/>
"##,
        mark = super::owned::SVG_MARK,
        w = r(WIDTH),
        h = r(total_height),
        t = escape(title),
        top = r(HEADER),
        mh = r(frame.height),
    );
    // Basemap: every country, rings that straddle the seam left out.
    let mut land = String::new();
    for code in shapes.codes() {
        let Some(mp) = shapes.get(code) else { continue };
        for poly in &mp.0 {
            let ring: Vec<LonLat> = poly
                .exterior()
                .0
                .iter()
                .map(|c| LonLat::new(c.x, c.y))
                .collect();
            let pts = project(&frame, &ring);
            let (mut x0, mut y0, mut r0) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
            let (mut x1, mut y1, mut r1) =
                (f64::NEG_INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
            for &(x, y, rel) in &pts {
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
                (r0, r1) = (r0.min(rel), r1.max(rel));
            }
            if r1 - r0 > 180.0 {
                continue;
            }
            if !overlap(
                [x0, y0, x1, y1],
                [0.0, HEADER, WIDTH, HEADER + frame.height],
            ) || (x1 - x0) + (y1 - y0) < MIN_RING
            {
                continue;
            }
            path_data(&pts, true, &mut land);
        }
    }
    let _ = writeln!(
        svg,
        r##"<path d="{land}" fill="#f4f1ea" stroke="#b9b3a6" stroke-width="0.5" stroke-linejoin="round"/>"##
    );
    let mut legend: Vec<(String, String, &'static str)> = Vec::new();
    let mut add_legend = |label: String, colour: &str, shape: &'static str| {
        if !legend.iter().any(|(l, _, _)| *l == label) {
            legend.push((label, colour.to_string(), shape));
        }
    };
    let mut markers: Vec<[f64; 4]> = Vec::new();
    let mut labels: Vec<(String, (f64, f64), f64)> = Vec::new();
    for layer in layers {
        for f in &layer.features {
            match &f.geometry {
                Geometry::Polygons(polys) => {
                    let mut d = String::new();
                    for rings in polys {
                        for ring in rings {
                            path_data(&project(&frame, ring), true, &mut d);
                        }
                    }
                    let fill = colour(f, "fill", "#7f7f7f");
                    let _ = writeln!(
                        svg,
                        r#"<path d="{d}" fill="{fill}" fill-opacity="{}" fill-rule="evenodd" stroke="{}" stroke-width="{}"/>"#,
                        r(num(f, "fill-opacity", 0.3)),
                        colour(f, "stroke", fill),
                        r(num(f, "stroke-width", 1.0) * 0.75),
                    );
                    let label = match prop(f, "area_kind") {
                        Some(kind) => format!("area: {}", escape(kind)),
                        None => {
                            format!("country: {}", escape(prop(f, "role").unwrap_or("country")))
                        }
                    };
                    add_legend(label, fill, "area");
                }
                Geometry::Lines(parts) => {
                    let mut d = String::new();
                    for part in parts {
                        path_data(&project(&frame, part), false, &mut d);
                    }
                    let stroke = colour(f, "stroke", "#1f77b4");
                    let _ = writeln!(
                        svg,
                        r#"<path d="{d}" fill="none" stroke="{stroke}" stroke-opacity="{}" stroke-width="{}" stroke-linecap="round" stroke-linejoin="round"/>"#,
                        r(num(f, "stroke-opacity", 0.9)),
                        r(num(f, "stroke-width", 2.0)),
                    );
                    let kind = prop(f, "kind").unwrap_or("line");
                    add_legend(escape(kind), stroke, "line");
                }
                Geometry::Point(p) => {
                    let (x, y) = frame.px(*p);
                    let rad = radius(f);
                    let fill = colour(f, "marker-color", "#1f77b4");
                    let _ = writeln!(
                        svg,
                        r##"<circle cx="{}" cy="{}" r="{}" fill="{fill}" fill-opacity="0.9" stroke="#ffffff" stroke-width="1.5"/>"##,
                        r(x),
                        r(y),
                        r(rad),
                    );
                    markers.push([x - rad, y - rad, x + rad, y + rad]);
                    let kind = prop(f, "kind").unwrap_or("point");
                    add_legend(escape(kind), fill, "point");
                    if let Some(name) = prop(f, "resolved_name").or(prop(f, "place")) {
                        if !labels.iter().any(|(n, _, _)| n == name) {
                            labels.push((name.to_string(), (x, y), rad));
                        }
                    }
                }
            }
        }
    }
    svg.push_str("</g>\n");
    // Labels: the first of four places beside the marker that is free.
    let mut placed: Vec<[f64; 4]> = Vec::new();
    for (name, (x, y), rad) in &labels {
        let w = name.chars().count() as f64 * CHAR_WIDTH;
        let h = LABEL_FONT + 2.0;
        let gap = rad + 3.0;
        let candidates = [
            (x + gap, y + LABEL_FONT / 2.0 - 2.0, "start"),
            (x - gap, y + LABEL_FONT / 2.0 - 2.0, "end"),
            (*x, y - gap - 2.0, "middle"),
            (*x, y + gap + LABEL_FONT, "middle"),
            (x + gap, y - gap, "start"),
            (x + gap, y + gap + LABEL_FONT - 4.0, "start"),
            (x - gap, y - gap, "end"),
            (x - gap, y + gap + LABEL_FONT - 4.0, "end"),
        ];
        for (tx, ty, anchor) in candidates {
            let x0 = match anchor {
                "start" => tx,
                "end" => tx - w,
                _ => tx - w / 2.0,
            };
            let b = [x0, ty - LABEL_FONT + 1.0, x0 + w, ty - LABEL_FONT + 1.0 + h];
            let fits =
                b[0] >= 0.0 && b[2] <= WIDTH && b[1] >= HEADER && b[3] <= HEADER + frame.height;
            if fits
                && !placed.iter().any(|p| overlap(*p, b))
                && !markers.iter().any(|m| overlap(*m, b))
            {
                let _ = writeln!(
                    svg,
                    r##"<text class="label" x="{}" y="{}" text-anchor="{anchor}" font-size="{}" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke" data-box="{} {} {} {}">{}</text>"##,
                    r(tx),
                    r(ty),
                    r(LABEL_FONT),
                    r(b[0]),
                    r(b[1]),
                    r(b[2]),
                    r(b[3]),
                    escape(name)
                );
                placed.push(b);
                break;
            }
        }
    }
    // Title, legend and attribution.
    let _ = writeln!(
        svg,
        r##"<text x="16" y="32" font-size="22" font-weight="bold" fill="#222222">{}</text>"##,
        escape(title)
    );
    let (mut lx, ly) = (16.0, HEADER + frame.height + 26.0);
    for (label, colour, shape) in &legend {
        let swatch = match *shape {
            "point" => format!(
                r##"<circle cx="{}" cy="{}" r="5" fill="{colour}" stroke="#ffffff"/>"##,
                r(lx + 5.0),
                r(ly - 4.0)
            ),
            "line" => format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="3"/>"#,
                r(lx),
                r(ly - 4.0),
                r(lx + 14.0),
                r(ly - 4.0)
            ),
            _ => format!(
                r#"<rect x="{}" y="{}" width="14" height="10" fill="{colour}" fill-opacity="0.5" stroke="{colour}"/>"#,
                r(lx),
                r(ly - 9.0)
            ),
        };
        let _ = writeln!(
            svg,
            r##"<g class="legend">{swatch}<text x="{}" y="{}" font-size="12" fill="#333333">{label}</text></g>"##,
            r(lx + 20.0),
            r(ly)
        );
        lx += 20.0 + label.chars().count() as f64 * 6.8 + 18.0;
    }
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{}" font-size="11" fill="#555555" text-anchor="end">Basemap and borders: Natural Earth (public domain) · Places: GeoNames (CC BY 4.0) · Equal Earth projection · diplomap</text>"##,
        r(WIDTH - 12.0),
        r(total_height - 12.0)
    );
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_earth_matches_the_published_bounds() {
        // The map is 2 × 2.7064 wide and 2 × 1.3173 tall in units of the radius.
        let (x, _) = equal_earth(180.0, 0.0);
        let (_, y) = equal_earth(0.0, 90.0);
        approx::assert_abs_diff_eq!(x, 2.7064, epsilon = 1e-3);
        approx::assert_abs_diff_eq!(y, 1.3173, epsilon = 1e-3);
    }
}
