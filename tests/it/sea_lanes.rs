//! Issue 17's sea lanes on the embedded network: each passage the network once missed, routed
//! between real ports, checked against the land edge by edge and against an independent length
//! (searoute 1.6, `searoute.searoute(a, b, units='naut')` on the same points, or the peers'
//! figure the issue gives): never longer than it by more than 8 %, never shorter than the great
//! circle.

use crate::common::router;
use diplomap::geodesy::{great_circle::distance_km, LonLat};
use diplomap::routing::passages::{self, PassageKind};
use diplomap::routing::RouteOptions;

/// The route between two sea points, with its passages, after checking it stays off land and
/// is no shorter than the great circle and no longer than `peer_nm` (the best peer's length)
/// by more than 8 %.
fn lane(from: (f64, f64), to: (f64, f64), peer_nm: f64) -> (f64, Vec<&'static str>) {
    let (a, b) = (LonLat::new(from.0, from.1), LonLat::new(to.0, to.1));
    let r = router().route(a, b, &RouteOptions::default()).unwrap();
    // A canal's own course is dug through the land; every other segment must be clear of it.
    let on_canal = |p: LonLat| {
        passages::PASSAGES
            .iter()
            .filter(|c| c.kind == PassageKind::Canal)
            .any(|c| c.course().iter().any(|q| distance_km(*q, p) < 0.01))
    };
    for part in &r.parts {
        for w in part.windows(2) {
            let canal = on_canal(w[0]) && on_canal(w[1]);
            assert!(
                canal || !router().land().crosses(w[0], w[1]),
                "{from:?} → {to:?} crosses land at {:?}–{:?}",
                w[0],
                w[1]
            );
        }
    }
    let nm = r.length_km / 1.852;
    assert!(
        r.length_km >= distance_km(a, b) * 0.995,
        "{from:?} → {to:?}: {nm:.0} nm"
    );
    assert!(
        nm <= peer_nm * 1.08,
        "{from:?} → {to:?}: {nm:.0} nm, peers {peer_nm} nm"
    );
    (nm, r.passages.clone())
}

#[test]
fn the_strait_of_messina_is_open() {
    // Naples to Taranto: round the toe of Italy through the strait, not round Sicily (630 nm).
    let (nm, passages) = lane((14.27, 40.83), (17.2, 40.45), 398.6);
    assert_eq!(passages, ["Strait of Messina"], "{nm:.0} nm");
    // Messina's own harbour to Palermo, along Sicily's north coast.
    let (nm, passages) = lane((15.56, 38.19), (13.37, 38.13), 121.0);
    assert_eq!(passages, ["Strait of Messina"], "{nm:.0} nm");
}

#[test]
fn the_sea_of_azov_opens_through_the_kerch_strait() {
    // Mariupol, Taganrog and Berdyansk were "on a closed sea"; searoute 546.6, 591.4, 184.4 nm.
    let (nm, passages) = lane((37.55, 47.08), (28.98, 41.0), 546.6);
    assert_eq!(passages, ["Kerch Strait", "Bosporus"], "{nm:.0} nm");
    let (nm, passages) = lane((38.95, 47.2), (28.98, 41.0), 591.4);
    assert_eq!(passages, ["Kerch Strait", "Bosporus"], "{nm:.0} nm");
    let (nm, passages) = lane((36.80, 46.74), (37.79, 44.71), 184.4);
    assert_eq!(passages, ["Kerch Strait"], "{nm:.0} nm");
}

#[test]
fn the_gulf_of_aqaba_opens_through_the_strait_of_tiran() {
    // Aqaba was "on a closed sea"; searoute 571.0 nm to Jeddah.
    let (nm, passages) = lane((34.99, 29.50), (39.15, 21.48), 571.0);
    assert_eq!(passages, ["Strait of Tiran"], "{nm:.0} nm");
}

#[test]
fn a_canal_is_reported_only_when_its_edge_is_taken() {
    // Hamburg's Elbe lies inside the Kiel Canal's box, but these routes never enter the canal
    // (searoute 1.6: 294.3 and 371.5 nm on the same points, to Rotterdam and Felixstowe).
    for (from, to, peer) in [
        ((9.97, 53.54), (4.05, 51.98), 294.3),
        ((9.97, 53.54), (1.35, 51.95), 371.5),
    ] {
        let (nm, passages) = lane(from, to, peer);
        assert!(
            !passages.contains(&"Kiel Canal"),
            "{from:?} → {to:?}: {nm:.0} nm {passages:?}"
        );
    }
    // Copenhagen to Kiel ends in the canal's box, at its eastern lock, without taking it.
    let r = router()
        .route(
            LonLat::new(12.60, 55.69),
            LonLat::new(10.14, 54.33),
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(r.passages.is_empty(), "{:?}", r.passages);
    // Rotterdam to Gdańsk takes it (searoute, which has no canal, goes round Skagen: 869.1 nm).
    let (_, passages) = lane((4.05, 51.98), (18.66, 54.40), 869.1);
    assert_eq!(passages, ["Kiel Canal"]);
}
