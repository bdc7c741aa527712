//! What `build` writes in each format and picture: GeoJSON text sequences, the GeoPackage
//! (rebuilt byte for byte, never replacing a stranger's), the SVG map, the HTML preview (every
//! layer, a clean basemap, hostile strings shown as text), and the filters.

use crate::common;

use std::path::PathBuf;

use common::{build_seed_as, diplomap, read_json, snapshot, stderr, SEED_LAYERS};
use serde_json::Value;

/// The records of a GeoJSON text sequence (RFC 8142), each parsed.
fn records(bytes: &[u8]) -> Vec<Value> {
    assert_eq!(bytes.first(), Some(&0x1e), "a sequence starts with RS");
    assert_eq!(
        bytes.last(),
        Some(&b'\n'),
        "every record ends with a line feed"
    );
    bytes
        .split(|&b| b == 0x1e)
        .skip(1)
        .map(|r| serde_json::from_slice(r).expect("each record is one JSON text"))
        .collect()
}

#[test]
fn geojson_text_sequences_hold_the_same_features() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed_as(&out, "geojson,geojsonseq");
    let files = snapshot(&out);
    for layer in SEED_LAYERS {
        let collection = read_json(&out.join(format!("{layer}.geojson")));
        let seq = records(&files[&format!("{layer}.geojsons")]);
        assert_eq!(&Value::Array(seq), &collection["features"], "{layer}");
    }
    // Repeated flags and comma lists are the same request; formats not asked for are not written.
    let again = dir.path().join("again");
    diplomap()
        .args([
            "build",
            "--format",
            "geojsonseq",
            "--format",
            "geojson,geojsonseq",
            "-o",
        ])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(snapshot(&again), files);
    let only = dir.path().join("only");
    build_seed_as(&only, "geojsonseq");
    assert!(snapshot(&only)
        .keys()
        .all(|k| k.ends_with(".geojsons") || k.ends_with(".qml")));
    // A layer that empties is removed in every format asked for.
    std::fs::write(
        dir.path().join("one.toml"),
        "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    let out2 = diplomap()
        .args(["build", "one.toml", "--format", "geojson,geojsonseq", "-o"])
        .arg(&out)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out2.status.success(), "{}", stderr(&out2));
    let left: Vec<String> = snapshot(&out).into_keys().collect();
    assert_eq!(
        left,
        ["meetings.geojson", "meetings.geojsons", "meetings.qml"]
    );
    assert!(stderr(&out2).contains("strikes.geojsons (removed: layer now empty)"));
}

#[test]
fn an_unknown_format_lists_the_valid_ones() {
    diplomap()
        .args(["build", "--format", "geojson,kml"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid value 'kml' for '--format <FORMAT>'\n  [possible values: geojson, geojsonseq, gpkg, fgb]\n\nFor more information, try '--help'.\n",
        );
}

#[test]
fn the_geopackage_is_rebuilt_byte_for_byte_and_never_replaces_a_stranger() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    for _ in 0..2 {
        build_seed_as(&out, "gpkg");
    }
    let first = std::fs::read(out.join("map.gpkg")).unwrap();
    assert_eq!(&first[..16], b"SQLite format 3\0");
    // application_id "GPKG" at byte 68, user_version 10300 at byte 60 (big-endian).
    assert_eq!(&first[68..72], b"GPKG");
    assert_eq!(u32::from_be_bytes(first[60..64].try_into().unwrap()), 10300);
    let other = dir.path().join("other");
    build_seed_as(&other, "gpkg");
    assert_eq!(std::fs::read(other.join("map.gpkg")).unwrap(), first);
    assert_eq!(snapshot(&out).len(), 1, "only map.gpkg is written");
    // FlatGeobuf too is the same from build to build.
    let (f1, f2) = (dir.path().join("f1"), dir.path().join("f2"));
    for d in [&f1, &f2] {
        build_seed_as(d, "fgb");
    }
    assert_eq!(snapshot(&f1), snapshot(&f2));
    assert!(snapshot(&f1).contains_key("corridors.fgb"));

    // A GeoPackage (or any file) of that name that diplomap did not write stays as it was.
    let stranger = dir.path().join("stranger");
    std::fs::create_dir(&stranger).unwrap();
    std::fs::write(stranger.join("map.gpkg"), b"someone else's work").unwrap();
    diplomap()
        .args(["build", "--format", "gpkg", "-o", "stranger"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: 'stranger/map.gpkg' exists and was not written by diplomap; hint: move it, or pass --force to replace it\n");
    assert_eq!(
        std::fs::read(stranger.join("map.gpkg")).unwrap(),
        b"someone else's work"
    );
    diplomap()
        .args(["build", "--format", "gpkg", "--force", "-o", "stranger"])
        .current_dir(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read(stranger.join("map.gpkg")).unwrap(), first);
}

/// The boxes of the labels drawn in an SVG map (`data-box="x0 y0 x1 y1"`).
fn label_boxes(svg: &str) -> Vec<[f64; 4]> {
    svg.lines()
        .filter(|l| l.contains(r#"class="label""#))
        .map(|l| {
            let b = l.split(r#"data-box=""#).nth(1).unwrap();
            let b: Vec<f64> = b[..b.find('"').unwrap()]
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            [b[0], b[1], b[2], b[3]]
        })
        .collect()
}

#[test]
fn the_svg_map_draws_every_layer_labels_apart_and_escapes_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    for _ in 0..2 {
        diplomap()
            .args(["build", "--svg", "-o"])
            .arg(&out)
            .assert()
            .success();
    }
    let svg = std::fs::read_to_string(out.join("map.svg")).unwrap();
    // The README shows this very map.
    let shown = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/seed-map.svg");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&shown, &svg).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&shown).unwrap(),
        svg,
        "docs/seed-map.svg is stale; UPDATE_GOLDEN=1 rewrites it"
    );
    // One marker per point feature (1 meeting, 5 strikes, 2 summits).
    assert_eq!(
        svg.matches("<circle ").count() - svg.matches(r#"<g class="legend"><circle"#).count(),
        8
    );
    assert!(svg.contains("Natural Earth (public domain)") && svg.contains("GeoNames (CC BY 4.0)"));
    for name in ["Moscow", "Kyiv", "Washington", "Astana"] {
        assert!(
            svg.contains(&format!(">{name}</text>")),
            "{name} is labelled"
        );
    }
    let boxes = label_boxes(&svg);
    assert!(boxes.len() >= 6);
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
            assert!(apart, "labels {a:?} and {b:?} overlap");
        }
    }
    // A hostile title is text, not markup.
    std::fs::write(
        dir.path().join("x.toml"),
        "title = \"<script>alert(1)</script> & </svg>\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    diplomap()
        .args(["build", "x.toml", "--svg", "-o", "x"])
        .current_dir(dir.path())
        .assert()
        .success();
    let svg = std::fs::read_to_string(dir.path().join("x/map.svg")).unwrap();
    assert!(!svg.contains("<script") && !svg.contains("</svg> &"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/svg&gt;"));
    assert_eq!(svg.matches("</svg>").count(), 1);
}

/// The JSON data block of a preview page.
fn preview_data(html: &str) -> Value {
    let open = r#"<script type="application/json" id="diplomap-data">"#;
    let start = html.find(open).expect("the page has its data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// Delta-coded positions decoded to `(lon, lat)` degrees.
fn decode(deltas: &Value, decimals: &Value) -> Vec<(f64, f64)> {
    let scale = 10f64.powi(-(decimals.as_i64().unwrap() as i32));
    let d: Vec<i64> = deltas
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let (mut x, mut y) = (0, 0);
    d.chunks(2)
        .map(|c| {
            (x, y) = (x + c[0], y + c[1]);
            (x as f64 * scale, y as f64 * scale)
        })
        .collect()
}

/// Check rings as RFC 7946 and a flat map ask: closed, exteriors counter-clockwise and holes
/// clockwise, no step across the antimeridian (a streak across the map); returns the number of
/// rings.
fn check_polygons(polygons: &Value, decimals: &Value) -> usize {
    let mut rings = 0;
    for polygon in polygons.as_array().unwrap() {
        for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
            let pts = decode(ring, decimals);
            assert!(
                pts.len() >= 4 && pts.first() == pts.last(),
                "closed: {pts:?}"
            );
            let area: f64 = pts
                .windows(2)
                .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                .sum();
            assert_eq!(area > 0.0, i == 0, "orientation of ring {i}: {area}");
            for w in pts.windows(2) {
                // Only Antarctica's closing edge runs along the pole from -180 to 180.
                let along_pole = w[0].1 == w[1].1 && w[0].1.abs() == 90.0;
                assert!(
                    along_pole || (w[1].0 - w[0].0).abs() < 180.0,
                    "a streak: {w:?}"
                );
                assert!(w[0].0.abs() <= 180.0 && w[0].1.abs() <= 90.0);
            }
            rings += 1;
        }
    }
    rings
}

#[test]
fn the_html_preview_holds_every_layer_and_a_clean_basemap() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    let mut pages = Vec::new();
    for _ in 0..2 {
        let run = diplomap()
            .args(["build", "--html", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success());
        assert!(stderr(&run).contains(&format!(
            "(all)      55        {}/index.html (preview)\n",
            out.display()
        )));
        pages.push(std::fs::read(out.join("index.html")).unwrap());
    }
    assert_eq!(pages[0], pages[1], "the same input gives the same page");
    let html = String::from_utf8(pages.remove(0)).unwrap();
    let data = preview_data(&html);

    // Every layer, every feature, with its properties as the GeoJSON has them.
    let layers = data["layers"].as_array().unwrap();
    assert_eq!(
        layers
            .iter()
            .map(|l| l["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        SEED_LAYERS
    );
    for layer in layers {
        let name = layer["name"].as_str().unwrap();
        let geojson = read_json(&out.join(format!("{name}.geojson")));
        let (ours, theirs) = (
            layer["features"].as_array().unwrap(),
            geojson["features"].as_array().unwrap(),
        );
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.iter().zip(theirs) {
            assert_eq!(a["properties"], b["properties"], "{name}");
            let g = &a["geometry"];
            match g["type"].as_str().unwrap() {
                "Point" => assert_eq!(g["coordinates"], b["geometry"]["coordinates"]),
                "MultiLineString" => {
                    let parts = g["parts"].as_array().unwrap();
                    let want = b["geometry"]["coordinates"].as_array().unwrap();
                    assert_eq!(parts.len(), want.len());
                    for (part, want) in parts.iter().zip(want) {
                        let got = decode(part, &g["decimals"]);
                        let (first, last) = (&want[0], &want[want.as_array().unwrap().len() - 1]);
                        for (p, w) in [(got[0], first), (got[got.len() - 1], last)] {
                            assert!((p.0 - w[0].as_f64().unwrap()).abs() <= 1e-5);
                            assert!((p.1 - w[1].as_f64().unwrap()).abs() <= 1e-5);
                        }
                    }
                }
                "MultiPolygon" => assert!(check_polygons(&g["polygons"], &g["decimals"]) > 0),
                other => panic!("geometry type {other}"),
            }
        }
    }

    // The basemap: land and borders of the world, cut at the antimeridian, no streaks.
    let basemap = &data["basemap"];
    let rings = check_polygons(&basemap["polygons"], &basemap["decimals"]);
    assert!(rings > 1000, "{rings} basemap rings");
    let touches = |lon: f64| {
        basemap["polygons"].as_array().unwrap().iter().any(|p| {
            decode(&p[0], &basemap["decimals"])
                .iter()
                .any(|q| (q.0 - lon).abs() < 1e-9)
        })
    };
    assert!(
        touches(180.0) && touches(-180.0),
        "Chukotka and Alaska meet the seam from both sides"
    );

    // Self-contained: Leaflet with its licence inlined, only the page's own scripts allowed, and
    // nothing loaded from anywhere.
    assert!(html
        .contains("Leaflet 1.9.4 (https://leafletjs.com), inlined by diplomap under its licence"));
    assert!(html.contains("BSD 2-Clause License\n\nCopyright (c) 2010-2023, Volodymyr Agafonkin"));
    let csp_start = html
        .find(r#"<meta http-equiv="Content-Security-Policy" content=""#)
        .unwrap();
    let csp = &html[csp_start..csp_start + html[csp_start..].find('>').unwrap()];
    assert!(
        csp.contains("default-src 'none'; script-src 'sha256-"),
        "{csp}"
    );
    let scripts: Vec<&str> = html
        .split("<script>")
        .skip(1)
        .map(|s| &s[..s.find("</script>").unwrap()])
        .collect();
    assert_eq!(scripts.len(), 2);
    for script in scripts {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
        assert!(
            csp.contains(&format!("'sha256-{hash}'")),
            "the CSP allows each script"
        );
    }
    for tag in ["<img", "<link", "<iframe", "src=", "href="] {
        let outside_scripts: String = html
            .split("<script")
            .map(|s| s.split_once("</script>").map_or(s, |(_, rest)| rest))
            .collect();
        assert!(!outside_scripts.contains(tag), "{tag} outside the scripts");
    }
}

#[test]
fn the_html_preview_shows_hostile_strings_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = diplomap()
        .arg("build")
        .arg(common::data("hostile-strings.toml"))
        .args(["--html", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    // Three script elements (data, Leaflet, the page's own) and no other markup from a string.
    assert_eq!(html.matches("<script").count(), 3);
    assert_eq!(html.matches("</script>").count(), 3);
    let title = "&lt;img src=x onerror=alert(1)&gt; &lt;/script&gt;&lt;script&gt;window.__pwned=1;alert(&apos;title&apos;)&lt;/script&gt;";
    assert!(html.contains(&format!("<title>{title}</title>")));
    assert!(html.contains(&format!("<h1>{title}</h1>")));
    assert!(!html.contains("<img") && !html.contains("<svg onload") && !html.contains("<iframe"));
    // The data block reads back as the very strings of the scenario.
    let data = preview_data(&html);
    assert_eq!(
        data["title"],
        "<img src=x onerror=alert(1)> </script><script>window.__pwned=1;alert('title')</script>"
    );
    let strike = &data["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "strikes")
        .unwrap()["features"][0];
    assert_eq!(
        strike["properties"]["title"],
        "<img src=x onerror=\"window.__pwned=2;alert(2)\">"
    );
    assert_eq!(
        strike["properties"]["description"],
        "<b>bold</b> </script><script>window.__pwned=3</script> & &amp; \u{2028} line separator"
    );
}

#[test]
fn an_empty_map_removes_its_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    diplomap()
        .args(["build", "--html", "--svg", "-o"])
        .arg(&out)
        .assert()
        .success();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "title = \"nothing yet\"\n").unwrap();
    let run = diplomap()
        .arg("build")
        .arg(&empty)
        .args(["--html", "--svg", "--format", "geojson", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let o = out.display();
    assert!(
        stderr(&run).starts_with(&format!(
            "layer      features  file\n\
         (all)      0         {o}/index.html (removed: the map is now empty)\n\
         (all)      0         {o}/map.svg (removed: the map is now empty)\n"
        )),
        "{}",
        stderr(&run)
    );
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

#[test]
fn filters_keep_layers_kinds_and_a_date_window() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed_as(&out, "geojson");
    let run = diplomap()
        .args([
            "build",
            "--layers",
            "strikes,meetings",
            "--since",
            "2024-07-09",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let o = out.display();
    assert_eq!(
        stderr(&run),
        format!(
            "layer      features  file\n\
             countries  0         {o}/countries.geojson (removed: left out by --layers)\n\
             corridors  0         {o}/corridors.geojson (removed: left out by --layers)\n\
             travel     0         {o}/travel.geojson (removed: left out by --layers)\n\
             summits    0         {o}/summits.geojson (removed: left out by --layers)\n\
             meetings   1         {o}/meetings.geojson\n\
             strikes    0         {o}/strikes.geojson (removed: layer now empty)\n\
             look at it: drag {o}/*.geojson into QGIS, or add --html and open {o}/index.html in a browser\n"
        )
    );
    // Kinds, and a window that ends before the NATO summit: only the SCO summit and its 10
    // countries.
    let run = diplomap()
        .args(["build", "--kinds", "summit", "--until", "2024-07-05", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(stderr(&run).contains(&format!("countries  10        {o}/countries.geojson\n")));
    assert!(stderr(&run).contains(&format!("summits    1         {o}/summits.geojson\n")));
    let run = diplomap()
        .args(["build", "--until", "9 July"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        stderr(&run),
        "diplomap: error: --until: invalid date '9 July'; hint: an ISO 8601 date such as 2024-07-01\n"
    );
}
