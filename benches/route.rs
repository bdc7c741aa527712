//! Criterion benchmarks of the sea router: opening the embedded land and network (target under
//! 20 ms), and routes after load (target: Rotterdam–Shanghai under 1 ms median).
//! Run: `cargo bench --bench route`. Whole-process timings beside searoute: `scripts/bench-route`.

use criterion::{criterion_group, criterion_main, Criterion};
use diplomap::geodesy::LonLat;
use diplomap::routing::{passages, RouteOptions};
use std::hint::black_box;

fn routes(c: &mut Criterion) {
    c.bench_function("open embedded land and sea network", |b| {
        b.iter(|| diplomap::routing::embedded().unwrap())
    });
    let router = diplomap::routing::embedded().unwrap();
    let cases = [
        ("Rotterdam-Shanghai", (4.0, 51.95), (121.8, 31.2), vec![]),
        (
            "Rotterdam-Shanghai via the Cape",
            (4.0, 51.95),
            (121.8, 31.2),
            ["Suez Canal", "Panama Canal"]
                .iter()
                .map(|n| passages::find(n).expect("a passage").0)
                .collect(),
        ),
        (
            "Chennai-Vladivostok",
            (80.29, 13.09),
            (131.89, 43.11),
            vec![],
        ),
        (
            "Vladivostok-Los Angeles",
            (131.89, 43.11),
            (-118.26, 33.73),
            vec![],
        ),
    ];
    for (name, a, b, avoid) in cases {
        let opts = RouteOptions {
            avoid,
            ..RouteOptions::default()
        };
        let (a, b) = (LonLat::new(a.0, a.1), LonLat::new(b.0, b.1));
        c.bench_function(&format!("route {name}"), |bench| {
            bench.iter(|| router.route(black_box(a), black_box(b), &opts).unwrap())
        });
    }
}

criterion_group!(benches, routes);
criterion_main!(benches);
