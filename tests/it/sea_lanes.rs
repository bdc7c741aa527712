//! Issue 17's sea lanes on the embedded network: each passage the network once missed, routed
//! between real ports, checked against the land edge by edge and against an independent length
//! (searoute 1.6, `searoute.searoute(a, b, units='naut')` on the same points, or the peers'
//! figure the issue gives): never longer than it by more than 8 %, never shorter than the great
//! circle.

use crate::common::{allow, avoid, router};
use diplomap::geodesy::{great_circle::distance_km, LonLat};
use diplomap::routing::passages;
use diplomap::routing::route::{Route, RouteError};
use diplomap::routing::RouteOptions;

/// The route between two points (lon, lat) with the default options.
fn route(from: (f64, f64), to: (f64, f64)) -> Result<Route, RouteError> {
    router().route(
        LonLat::new(from.0, from.1),
        LonLat::new(to.0, to.1),
        &RouteOptions::default(),
    )
}

/// The route between two sea points, with its passages, after checking it stays off land and
/// is no shorter than the great circle and no longer than `peer_nm` (the best peer's length)
/// by more than 8 %.
fn lane(from: (f64, f64), to: (f64, f64), peer_nm: f64) -> (f64, Vec<&'static str>) {
    let r = checked(from, to, &RouteOptions::default());
    let nm = r.length_km / 1.852;
    assert!(
        nm <= peer_nm * 1.08,
        "{from:?} → {to:?}: {nm:.0} nm, peers {peer_nm} nm"
    );
    (nm, r.passages.clone())
}

/// The route between two sea points with `opts`, after checking it stays off land and is no
/// shorter than the great circle.
fn checked(from: (f64, f64), to: (f64, f64), opts: &RouteOptions) -> Route {
    let (a, b) = (LonLat::new(from.0, from.1), LonLat::new(to.0, to.1));
    let r = router().route(a, b, opts).unwrap();
    // A canal's course is dug through the land, and a river's runs where the 1:10m land closes
    // it; every other segment must be clear of the land.
    let on_canal = |p: LonLat| {
        passages::PASSAGES
            .iter()
            .filter(|c| c.is_course())
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
    assert!(
        r.length_km >= distance_km(a, b) * 0.995,
        "{from:?} → {to:?}: {:.0} nm",
        r.length_km / 1.852
    );
    r
}

/// The route's northernmost latitude, degrees.
fn max_lat(r: &Route) -> f64 {
    r.parts
        .iter()
        .flatten()
        .map(|p| p.lat)
        .fold(f64::MIN, f64::max)
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
    // Rostov-on-Don's port, up the Don from Taganrog Bay (searoute 1.6: 619.6 nm to Istanbul,
    // from the bay).
    let r = checked((39.71, 47.16), (28.98, 41.0), &RouteOptions::default());
    assert_eq!(r.passages, ["Don", "Kerch Strait", "Bosporus"]);
    assert!(r.snap_from_km < 6.0, "{}", r.snap_from_km);
    assert!(
        r.length_km / 1.852 <= 619.6 * 1.08,
        "{}",
        r.length_km / 1.852
    );
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
    let r = route((12.60, 55.69), (10.14, 54.33)).unwrap();
    assert!(r.passages.is_empty(), "{:?}", r.passages);
    // Rotterdam's port, down the Nieuwe Waterweg, to Gdańsk takes it (searoute, which has no
    // canal, goes round Skagen: 879.0 nm).
    let (_, passages) = lane((4.29, 51.93), (18.66, 54.40), 879.0);
    assert_eq!(passages, ["Nieuwe Waterweg", "Kiel Canal"]);
}

#[test]
fn the_seto_inland_sea_opens_through_kanmon_akashi_naruto_and_kurushima() {
    // Tokyo, Osaka and Hiroshima to Busan went round Kyushu (846, 610, 520 nm); searoute 1.6
    // on the same points: 668.8, 355.6, 227.3 nm.
    let (nm, passages) = lane((139.77, 35.62), (129.04, 35.08), 668.8);
    assert!(
        passages.contains(&"Kanmon Strait"),
        "{nm:.0} nm {passages:?}"
    );
    let (nm, passages) = lane((135.43, 34.65), (129.04, 35.08), 355.6);
    for strait in ["Akashi Strait", "Kurushima Strait", "Kanmon Strait"] {
        assert!(passages.contains(&strait), "{nm:.0} nm {passages:?}");
    }
    let (nm, passages) = lane((132.45, 34.35), (129.04, 35.08), 227.3);
    assert_eq!(passages, ["Kanmon Strait", "Korea Strait"], "{nm:.0} nm");
    // Takamatsu to Wakayama: through the Naruto Strait (searoute 1.6: 68.8 nm).
    let (nm, passages) = lane((134.05, 34.36), (135.15, 34.22), 68.8);
    assert!(
        passages.contains(&"Naruto Strait"),
        "{nm:.0} nm {passages:?}"
    );
}

#[test]
fn the_caspian_is_routable_within_itself_and_apart_from_the_ocean() {
    // Baku–Aktau (searoute 1.6: 252.6 nm on these points); Bandar Anzali to Astrakhan up the
    // Volga–Caspian Canal (searoute 584.8 nm).
    lane((49.87, 40.36), (51.17, 43.65), 252.6);
    // Turkmenbashi, in Krasnovodsk Bay, to Baku: out of the bay round the tip of the Krasnovodsk
    // Spit (53.06 E, 39.72 N). searoute's 134.7 nm is shorter than the great circle (144 nm),
    // so the figure is the great circles by the spit's tip.
    let (turkmenbashi, tip, baku) = (
        LonLat::new(52.97, 40.02),
        LonLat::new(53.06, 39.72),
        LonLat::new(49.87, 40.36),
    );
    let by_tip = (distance_km(turkmenbashi, tip) + distance_km(tip, baku)) / 1.852;
    lane((52.97, 40.02), (49.87, 40.36), by_tip);
    let (nm, passages) = lane((49.46, 37.47), (48.03, 46.35), 584.8);
    assert_eq!(passages, ["Volga–Caspian Canal"], "{nm:.0} nm");
    // Baku to Rotterdam: no sea route, named as such.
    let err = route((49.87, 40.36), (4.29, 51.93)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the start point is on the Caspian Sea and the end point on the world ocean: no sea route joins them; hint: the Caspian is landlocked: its only way out, the Volga–Don Canal, takes river ships and is not in the network; route each sea on its own, or draw the land between by air"
    );
    assert!(matches!(err, RouteError::Apart { .. }));
}

#[test]
fn rivers_reach_their_ports() {
    // Natural Earth's port points, routed up the rivers the 1:10m land closes; searoute 1.6 on
    // the same points, which has these rivers too.
    for (from, to, peer, river) in [
        ((-73.52, 45.54), (4.29, 51.93), 3153.4, "St. Lawrence River"),
        (
            (-73.52, 45.54),
            (-71.20, 46.81),
            135.8,
            "St. Lawrence River",
        ),
        ((4.29, 51.30), (4.29, 51.93), 90.1, "Scheldt"),
        ((-0.067, 51.503), (4.29, 51.93), 160.2, "Thames"),
        ((8.75, 53.10), (10.73, 59.90), 427.0, "Weser"),
        ((88.31, 22.55), (103.85, 1.26), 1617.4, "Hooghly"),
        (
            (-95.20, 29.74),
            (-90.06, 29.95),
            444.8,
            "Houston Ship Channel",
        ),
        ((118.75, 32.08), (129.04, 35.08), 598.7, "Yangtze"),
    ] {
        let (nm, passages) = lane(from, to, peer);
        assert_eq!(
            passages.first(),
            Some(&river),
            "{from:?} → {to:?}: {nm:.0} nm"
        );
    }
    // Rouen: searoute cuts across the Seine's loops (115.7 nm to Southampton); the port of
    // Rouen is 120 km up the river from Le Havre. The course, drawn loop by loop but not bend by
    // bend, is within 15 % of that.
    let seine = passages::find("Seine").unwrap().1.course();
    let river_km: f64 = seine.windows(2).map(|w| distance_km(w[0], w[1])).sum();
    assert!((102.0..=138.0).contains(&river_km), "{river_km:.0} km");
    // To Southampton: the river, then the sea from its mouth (searoute 1.6: 109.3 nm).
    let (nm, passages) = lane((1.06, 49.44), (-1.40, 50.90), 109.3 + river_km / 1.852);
    assert_eq!(passages, ["Seine", "The Solent"], "{nm:.0} nm");
}

#[test]
fn adams_bridge_is_closed_unless_allowed() {
    // Doha to Chennai goes round Sri Lanka (searoute 1.6, which crosses the shoals: 2729.2 nm);
    // allowed, the route crosses Adam's Bridge.
    let (nm, passages) = lane((51.55, 25.30), (80.30, 13.10), 2729.2);
    assert!(
        !passages.contains(&"Adam's Bridge"),
        "{nm:.0} nm {passages:?}"
    );
    let shallow = passages::find("Adam's Bridge").unwrap().0;
    let opts = RouteOptions {
        allow: vec![shallow],
        ..RouteOptions::default()
    };
    let r = router()
        .route(LonLat::new(51.55, 25.30), LonLat::new(80.30, 13.10), &opts)
        .unwrap();
    assert!(r.passages.contains(&"Adam's Bridge"), "{:?}", r.passages);
    assert!(r.length_km / 1.852 < nm, "{} nm", r.length_km / 1.852);
}

#[test]
fn the_great_lakes_open_through_the_seaway_and_their_rivers_and_locks() {
    // searoute 1.6 with the ports on its line (append_orig_dest), on the same points.
    // Detroit's waterfront is at the head of the Detroit River, by Lake St. Clair.
    let (_, p) = lane((-87.60, 41.88), (-83.03, 42.33), 573.0);
    assert_eq!(p, ["Straits of Mackinac", "St. Clair River"]);
    let (_, p) = lane((-92.10, 46.76), (-87.60, 41.88), 725.0);
    assert_eq!(p, ["Soo Locks", "Straits of Mackinac"]);
    let (_, p) = lane((-81.71, 41.50), (-79.38, 43.61), 220.0);
    assert_eq!(p, ["Welland Canal"]);
    let (_, p) = lane((-89.23, 48.45), (-73.52, 45.54), 1078.0);
    assert_eq!(
        p,
        [
            "Soo Locks",
            "St. Clair River",
            "Detroit River",
            "Welland Canal",
            "St. Lawrence Seaway"
        ]
    );
    // Toronto to Rotterdam: down the Seaway and the river to the Atlantic.
    let (_, p) = lane((-79.38, 43.61), (4.29, 51.93), 3449.0);
    assert!(
        p.starts_with(&["St. Lawrence Seaway", "St. Lawrence River"]),
        "{p:?}"
    );
    // Avoiding the Seaway, the lakes are cut off from the sea.
    let err = router()
        .route(
            LonLat::new(-79.38, 43.61),
            LonLat::new(4.29, 51.93),
            &avoid(&["St. Lawrence Seaway"]),
        )
        .unwrap_err();
    assert!(matches!(err, RouteError::NoRoute { .. }), "{err}");
}

#[test]
fn the_east_river_cape_cod_canal_and_inside_passage_are_open() {
    // New York to Boston by Long Island Sound and the canal (scgraph's marnet: 232 nm).
    let (_, p) = lane((-74.02, 40.69), (-71.04, 42.36), 232.0);
    assert_eq!(p, ["East River", "Cape Cod Canal"]);
    // Vancouver to Juneau inside Vancouver Island (searoute 1.6: 821 nm, outside it).
    let (nm, p) = lane((-123.07, 49.30), (-134.67, 58.38), 821.0);
    assert_eq!(p, ["Inside Passage"], "{nm:.0} nm");
    assert!(nm < 800.0, "{nm:.0} nm");
}

#[test]
fn the_elbe_and_the_kaliningrad_sea_canal_reach_their_ports() {
    // Rotterdam to Hamburg: up the Elbe, never across the land between the two rivers
    // (searoute 1.6: 308 nm).
    let (_, p) = lane((4.29, 51.93), (9.96, 53.52), 308.0);
    assert_eq!(p, ["Nieuwe Waterweg", "Elbe"]);
    // Kaliningrad to Kiel: out through the Baltiysk Strait (searoute 1.6: 380 nm).
    let (_, p) = lane((20.46, 54.70), (10.16, 54.33), 380.0);
    assert_eq!(p.first(), Some(&"Kaliningrad Sea Canal"), "{p:?}");
}

#[test]
fn a_harbour_that_sees_only_far_nodes_finds_the_near_ones_through_its_mouth() {
    // Durban's bay looks out to sea through its mouth at nodes 130 km away; the way out through
    // the water reaches the coastal lane (searoute 1.6: 886 nm from Cape Town).
    let (nm, _) = lane((18.435, -33.909), (31.023, -29.881), 886.0);
    assert!(nm < 860.0, "{nm:.0} nm");
}

#[test]
fn the_northern_sea_route_follows_the_coast_through_the_vilkitsky_strait() {
    let (murmansk, pevek, yokohama) = ((33.09, 68.98), (170.30, 69.71), (139.65, 35.44));
    let nsr = allow(&["Northern Sea Route"]);
    // Murmansk to the Vilkitsky Strait round Cape Zhelaniya: about 1,260 nm (US Army CRREL,
    // "The Northern Sea Route", CR 96-03, 1996, p. 34).
    let r = checked(murmansk, (104.0, 77.95), &nsr);
    let nm = r.length_km / 1.852;
    assert!((1260.0 * 0.95..1260.0 * 1.08).contains(&nm), "{nm:.0} nm");
    // Murmansk to Pevek: by the Vilkitsky Strait (between Cape Chelyuskin and Bolshevik
    // Island), never north of 78.5° N, where the central Arctic's pack ice begins.
    let r = checked(murmansk, pevek, &nsr);
    assert_eq!(r.passages, ["Northern Sea Route"]);
    assert!(max_lat(&r) < 78.5, "{}", max_lat(&r));
    let through_vilkitsky = r
        .parts
        .iter()
        .flatten()
        .any(|p| (103.5..105.5).contains(&p.lon) && (77.6..78.3).contains(&p.lat));
    assert!(through_vilkitsky, "{:?}", r.parts);
    // Murmansk to Yokohama: 5,770 nm by the Northern Sea Route, 12,840 by Suez (Great Soviet
    // Encyclopedia's figures); this route keeps to the deep water north of the New Siberian
    // Islands, so it is somewhat shorter.
    let r = checked(murmansk, yokohama, &nsr);
    let coastal = r.length_km / 1.852;
    assert!(
        (5770.0 * 0.9..5770.0 * 1.08).contains(&coastal),
        "{coastal:.0} nm"
    );
    assert_eq!(r.passages, ["Northern Sea Route", "Bering Strait"]);
    let suez = checked(murmansk, yokohama, &RouteOptions::default());
    let nm = suez.length_km / 1.852;
    assert!((12840.0 * 0.95..12840.0 * 1.08).contains(&nm), "{nm:.0} nm");
    // With the Transpolar Sea Route allowed too, the route may cut north of Severnaya Zemlya.
    let r = checked(
        murmansk,
        yokohama,
        &allow(&["Northern Sea Route", "Transpolar Sea Route"]),
    );
    assert!(max_lat(&r) > 80.0, "{}", max_lat(&r));
    assert!(
        r.passages.contains(&"Transpolar Sea Route"),
        "{:?}",
        r.passages
    );
    assert!(r.length_km / 1.852 < coastal, "{} nm", r.length_km / 1.852);
    // A port on the route: Tiksi to Pevek (searoute 1.6: 810 nm), and closed by default.
    let (nm, passages) = {
        let r = checked((128.87, 71.64), pevek, &nsr);
        (r.length_km / 1.852, r.passages)
    };
    assert!(nm <= 810.0 * 1.08, "{nm:.0} nm");
    assert_eq!(passages, ["Northern Sea Route"]);
    let err = route((128.87, 71.64), pevek).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the start point is in the Northern Sea Route, closed by default; hint: add 'Northern Sea Route' to allow"
    );
}

#[test]
fn the_northwest_passage_keeps_to_the_archipelago() {
    // New York to Yokohama by the Canadian Arctic Archipelago's channels, south of 82.5° N
    // (north of it is the Transpolar Sea Route's pack ice): 7,480 nm, against 9,720 by the
    // Panama Canal (the figures Grist gave in 2018 for the first container ships' plans).
    let (new_york, yokohama) = ((-74.02, 40.69), (139.65, 35.44));
    let r = checked(new_york, yokohama, &allow(&["Northwest Passage"]));
    assert!(max_lat(&r) < 82.5, "{}", max_lat(&r));
    assert!(
        r.passages.contains(&"Northwest Passage") && !r.passages.contains(&"Transpolar Sea Route"),
        "{:?}",
        r.passages
    );
    let nm = r.length_km / 1.852;
    assert!((7480.0 * 0.9..7480.0 * 1.08).contains(&nm), "{nm:.0} nm");
    let r = checked(new_york, yokohama, &RouteOptions::default());
    assert!(r.passages.contains(&"Panama Canal"), "{:?}", r.passages);
    let nm = r.length_km / 1.852;
    assert!((9720.0 * 0.95..9720.0 * 1.08).contains(&nm), "{nm:.0} nm");
}

#[test]
fn the_panama_canal_is_its_locks_and_its_ports_are_on_its_approaches() {
    let (colon, balboa) = ((-79.8851, 9.37333), (-79.5688, 8.9556));
    // Colón to Balboa through the locks: 72 km on the canal's course (the Panama Canal
    // Authority gives 77 km from deep water to deep water), never out past the breakwater
    // (9.39° N) or down the Pacific channel past Balboa before turning back.
    let r = checked(colon, balboa, &RouteOptions::default());
    assert_eq!(r.passages, ["Panama Canal"]);
    assert!((60.0..80.0).contains(&r.length_km), "{} km", r.length_km);
    let lats: Vec<f64> = r.parts.iter().flatten().map(|p| p.lat).collect();
    assert!(lats.iter().all(|&l| (8.955..9.39).contains(&l)), "{lats:?}");
    assert!(r.snap_to_km < 0.01, "{}", r.snap_to_km);
    // Balboa to Valparaíso leaves by the Pacific channel, which is not the canal: no label,
    // and the route stays when the canal is avoided (searoute 1.6: 2,658 nm from Balboa).
    let (nm, passages) = lane(balboa, (-71.63, -33.03), 2658.0);
    assert!(
        !passages.contains(&"Panama Canal"),
        "{nm:.0} nm {passages:?}"
    );
    let r = checked(balboa, (-71.63, -33.03), &avoid(&["Panama Canal"]));
    assert!(
        (r.length_km / 1.852 - nm).abs() < 1.0,
        "{}",
        r.length_km / 1.852
    );
    // Avoiding it, Balboa to Colón is round South America.
    let r = checked(balboa, colon, &avoid(&["Panama Canal"]));
    assert!(r.length_km / 1.852 > 8000.0, "{}", r.length_km / 1.852);
    assert!(
        r.passages.contains(&"Strait of Magellan"),
        "{:?}",
        r.passages
    );
}
