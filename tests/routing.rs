//! The sea router on the embedded network: the public reference distances
//! (`../shared/acceptance/routes.tsv`), passages, the antimeridian, and its refusals.

mod common;

use common::acceptance;
use diplomap::geodesy::{great_circle::distance_km, LonLat};
use diplomap::routing::passages;
use diplomap::routing::route::{RouteError, RouteOptions, Router};

fn router() -> &'static Router<'static> {
    static ROUTER: std::sync::OnceLock<Router<'static>> = std::sync::OnceLock::new();
    ROUTER.get_or_init(|| diplomap::routing::embedded().expect("embedded sea network"))
}

fn avoid(names: &[&str]) -> RouteOptions {
    RouteOptions {
        avoid: names
            .iter()
            .map(|n| passages::find(n).expect("known passage").0)
            .collect(),
        ..RouteOptions::default()
    }
}

#[test]
fn reference_distances_from_the_acceptance_file() {
    let text = std::fs::read_to_string(acceptance("routes.tsv")).unwrap();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| c[i].parse::<f64>().unwrap();
        let (from, to) = (LonLat::new(num(2), num(3)), LonLat::new(num(4), num(5)));
        let names: Vec<&str> = c[6].split(',').filter(|s| !s.is_empty()).collect();
        let route = router().route(from, to, &avoid(&names)).unwrap();
        let nm = route.length_km / 1.852;
        let (expected, tolerance) = (num(7), num(8));
        assert!(
            (nm - expected).abs() <= expected * tolerance / 100.0,
            "{} → {} avoiding {names:?}: {nm:.0} nm, expected {expected} ± {tolerance}% ({})",
            c[0],
            c[1],
            c[9]
        );
        // No sea route is shorter than the great circle between its ends.
        assert!(route.length_km >= distance_km(from, to) * 0.995);
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn passages_are_named_in_order_and_avoided() {
    let (rotterdam, shanghai) = (LonLat::new(4.0, 51.95), LonLat::new(121.8, 31.2));
    let suez = router()
        .route(rotterdam, shanghai, &RouteOptions::default())
        .unwrap();
    let order: Vec<&str> = suez
        .passages
        .iter()
        .copied()
        .filter(|p| {
            [
                "Strait of Gibraltar",
                "Suez Canal",
                "Bab-el-Mandeb",
                "Strait of Malacca",
            ]
            .contains(p)
        })
        .collect();
    assert_eq!(
        order,
        [
            "Strait of Gibraltar",
            "Suez Canal",
            "Bab-el-Mandeb",
            "Strait of Malacca"
        ]
    );
    let cape = router()
        .route(rotterdam, shanghai, &avoid(&["suez", "Panama Canal"]))
        .unwrap();
    assert!(
        cape.passages.contains(&"Cape of Good Hope"),
        "{:?}",
        cape.passages
    );
    assert!(!cape.passages.contains(&"Suez Canal"));

    let (chennai, vladivostok) = (LonLat::new(80.29, 13.09), LonLat::new(131.89, 43.11));
    let direct = router()
        .route(chennai, vladivostok, &RouteOptions::default())
        .unwrap();
    assert_eq!(direct.passages.first(), Some(&"Strait of Malacca"));
    for detour in [&["malacca"][..], &["malacca", "sunda"]] {
        let r = router()
            .route(chennai, vladivostok, &avoid(detour))
            .unwrap();
        assert!(!r.passages.contains(&"Strait of Malacca"));
        assert!(r.length_km > direct.length_km);
        if detour.len() == 2 {
            assert!(
                r.passages.contains(&"Lombok Strait") || r.passages.contains(&"Makassar Strait"),
                "{:?}",
                r.passages
            );
        }
    }
}

#[test]
fn pacific_crossings_are_cut_at_the_antimeridian() {
    let r = router()
        .route(
            LonLat::new(131.89, 43.11),
            LonLat::new(-118.26, 33.73),
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(r.parts.len(), 2);
    let (end, start) = (*r.parts[0].last().unwrap(), r.parts[1][0]);
    assert_eq!(end.lon.abs(), 180.0);
    assert_eq!(start.lon, -end.lon);
    assert_eq!(end.lat, start.lat);
    for p in r.parts.iter().flatten() {
        assert!((-180.0..=180.0).contains(&p.lon));
    }
}

#[test]
fn narrow_straits_are_followed() {
    // Istanbul to Odesa through the Bosporus, a channel under 1 km wide in places.
    let r = router()
        .route(
            LonLat::new(28.98, 41.0),
            LonLat::new(30.75, 46.48),
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(r.passages, ["Bosporus"]);
    for part in &r.parts {
        for w in part.windows(2) {
            assert!(!router().land().crosses(w[0], w[1]));
        }
    }
}

#[test]
fn fjord_ports_and_the_strait_of_magellan() {
    // Oslo sits behind the Drøbak narrows, a channel narrower than the network's sampling: the
    // way out is found through the water itself.
    let oslo = router()
        .route(
            LonLat::new(10.75, 59.91),
            LonLat::new(18.65, 54.35),
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(oslo.snap_from_km < 5.0);
    for part in &oslo.parts {
        for w in part.windows(2) {
            assert!(!router().land().crosses(w[0], w[1]));
        }
    }
    let (atlantic, pacific) = (LonLat::new(-67.9, -52.6), LonLat::new(-75.5, -52.6));
    let strait = router()
        .route(atlantic, pacific, &RouteOptions::default())
        .unwrap();
    assert_eq!(strait.passages, ["Strait of Magellan"]);
    let horn = router()
        .route(atlantic, pacific, &avoid(&["magellan"]))
        .unwrap();
    assert_eq!(horn.passages, ["Cape Horn"]);
    assert!(horn.length_km > strait.length_km * 1.5);
}

#[test]
fn refusals() {
    let astana = LonLat::new(71.4460, 51.1801);
    let err = router()
        .route(astana, LonLat::new(80.29, 13.09), &RouteOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, RouteError::Inland { end: "start", km, .. } if km > 500.0),
        "{err}"
    );
    let chennai = LonLat::new(80.29, 13.09);
    assert_eq!(
        router()
            .route(chennai, chennai, &RouteOptions::default())
            .unwrap_err(),
        RouteError::SamePlace
    );
    // Closing both ways out of the Black Sea leaves no route.
    let err = router()
        .route(
            LonLat::new(30.75, 46.3),
            LonLat::new(4.0, 51.95),
            &avoid(&["bosporus"]),
        )
        .unwrap_err();
    assert_eq!(
        err,
        RouteError::NoRoute {
            avoided: vec!["Bosporus"]
        }
    );
}

#[test]
fn embedded_files_pass_their_full_checks() {
    // The router opens them trusted (header and sizes only); here every check runs.
    let (land, network) = diplomap::routing::embedded_files();
    let land = diplomap::routing::land::Land::open(land).expect("land file");
    let network = diplomap::routing::network::Network::open(network).expect("network file");
    assert!(land.vertex_count() > 400_000);
    // Contracted: the shortcuts at least match the network's own edges in number.
    assert!(network.node_count() > 100_000 && network.edge_count() > 2 * network.node_count());
}
