//! Property tests of the geometry every line layer is drawn with: for any two places on Earth,
//! the densified great circle, once cut at the antimeridian, stays in [-180, 180], never jumps
//! more than 180° of longitude inside a part, has a vertex at least every 100 km, meets ±180 with
//! a shared vertex, ends where it should, and is as long as the geodesic. And the scenario reader
//! answers any text with a scenario or diagnostics, never a panic.

use approx::assert_abs_diff_eq;
use diplomap::geodesy::bbox::BboxBuilder;
use diplomap::geodesy::great_circle::{arc, central_angle, distance_km};
use diplomap::geodesy::{antimeridian::cut, length, wrap_lon, LonLat};
use proptest::prelude::*;

fn position() -> impl Strategy<Value = LonLat> {
    (-180.0f64..=180.0, -89.9f64..=89.9).prop_map(|(lon, lat)| LonLat::new(lon, lat))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn cut_great_circles_are_well_formed(a in position(), b in position()) {
        prop_assume!(std::f64::consts::PI - central_angle(a, b) > 1e-6);
        let path = arc(a, b, 100.0).unwrap();
        let parts = cut(&path);
        prop_assert!(!parts.is_empty());
        for part in &parts {
            prop_assert!(part.len() >= 2);
            for p in part {
                prop_assert!((-180.0..=180.0).contains(&p.lon), "{p:?}");
                prop_assert!((-90.0..=90.0).contains(&p.lat), "{p:?}");
            }
            for w in part.windows(2) {
                prop_assert!((w[1].lon - w[0].lon).abs() <= 180.0, "jump {:?} → {:?}", w[0], w[1]);
                prop_assert!(distance_km(w[0], w[1]) <= 100.0 + 1e-6);
            }
        }
        for pair in parts.windows(2) {
            let (end, start) = (*pair[0].last().unwrap(), pair[1][0]);
            prop_assert_eq!(end.lon.abs(), 180.0);
            prop_assert_eq!(start.lon, -end.lon);
            prop_assert_eq!(end.lat, start.lat);
        }
        let first = parts[0][0];
        let last = *parts.last().unwrap().last().unwrap();
        prop_assert!((wrap_lon(first.lon) - wrap_lon(a.lon)).abs() < 1e-9 || (first.lon.abs() == 180.0 && a.lon.abs() == 180.0));
        assert_abs_diff_eq!(first.lat, a.lat, epsilon = 1e-9);
        assert_abs_diff_eq!(last.lat, b.lat, epsilon = 1e-9);
        let dlon = (wrap_lon(last.lon) - wrap_lon(b.lon)).abs();
        prop_assert!(dlon < 1e-6 || (dlon - 360.0).abs() < 1e-6 || b.lat.abs() > 89.0);
        // The drawn arc is as long as the geodesic between its ends (sphere vs ellipsoid: < 0.6 %).
        let drawn: f64 = parts.iter().map(|p| length::path_km(p)).sum();
        let geodesic = length::geodesic_km(a, b);
        prop_assert!((drawn - geodesic).abs() <= geodesic * 0.006 + 0.01, "{drawn} vs {geodesic}");
    }

    #[test]
    fn the_bbox_holds_every_vertex(a in position(), b in position()) {
        prop_assume!(std::f64::consts::PI - central_angle(a, b) > 1e-6);
        let parts = cut(&arc(a, b, 100.0).unwrap());
        let mut builder = BboxBuilder::default();
        parts.iter().for_each(|p| builder.add_part(p));
        let bbox = builder.finish().unwrap();
        for p in parts.iter().flatten() {
            prop_assert!(bbox.south <= p.lat && p.lat <= bbox.north);
            let inside = if bbox.crosses_antimeridian() {
                p.lon >= bbox.west || p.lon <= bbox.east
            } else {
                bbox.west <= p.lon && p.lon <= bbox.east
            };
            prop_assert!(inside, "{p:?} outside {bbox:?}");
        }
        // The box never spans more longitude than the line needs: under 360° unless it circles.
        let span = if bbox.crosses_antimeridian() { bbox.east + 360.0 - bbox.west } else { bbox.east - bbox.west };
        prop_assert!(span <= 360.0);
    }

    #[test]
    fn reading_any_scenario_text_never_panics(text in "(\\PC|\n){0,200}") {
        let _ = diplomap::scenario::toml::parse(&text, "fuzz.toml");
    }

    #[test]
    fn reading_scenario_shaped_text_never_panics(
        key in "(title|place|date|start|end|from|to|mode|via|hosts|id|casualties|lon|lat)",
        value in "(\"[^\"\\\\]{0,12}\"|-?[0-9]{1,6}(\\.[0-9]{1,3})?|\\[\\]|2024-0[1-9]-[0-3][0-9]|true)",
        table in "(meeting|strike|summit|corridor|place)",
    ) {
        let text = format!("title = \"t\"\n[[{table}]]\n{key} = {value}\n");
        let _ = diplomap::scenario::toml::parse(&text, "fuzz.toml");
    }
}
