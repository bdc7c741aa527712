//! Criterion benchmarks of `diplomap build`'s stages on the seed scenario: parse and check the
//! TOML, resolve its places, compute the layers (countries outlines, arcs), and write them as
//! GeoJSON; plus one densified, cut great circle. The whole-process target (under 50 ms wall for
//! `diplomap build`) is measured by `scripts/bench-build`.
//! Run: `cargo bench --bench build`.

use criterion::{criterion_group, criterion_main, Criterion};
use diplomap::gazetteer::Gazetteer;
use diplomap::geodesy::{antimeridian, great_circle, LonLat};
use diplomap::output::{geojson::GeoJsonWriter, write_layer};
use diplomap::scenario::{self, resolve};
use std::hint::black_box;

fn stages(c: &mut Criterion) {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let shapes = diplomap::shapes::embedded().expect("embedded shapes");
    let seed = vec![scenario::toml::parse(scenario::SEED, "seed").expect("seed parses")];
    let (places, _) = resolve::resolve(&seed, &gaz, false).expect("seed resolves");
    let router = diplomap::routing::embedded().expect("embedded sea network");
    let inputs = diplomap::layers::Inputs {
        scenarios: &seed,
        places: &places,
        shapes: &shapes,
        router: Some(&router),
    };
    let layers = diplomap::layers::build(&inputs).expect("seed builds");

    c.bench_function("parse seed scenario", |b| {
        b.iter(|| scenario::toml::parse(black_box(scenario::SEED), "seed").unwrap())
    });
    c.bench_function("resolve seed places", |b| {
        b.iter(|| resolve::resolve(black_box(&seed), &gaz, false).unwrap())
    });
    c.bench_function("compute seed layers (two sea corridors included)", |b| {
        b.iter(|| diplomap::layers::build(black_box(&inputs)).unwrap())
    });
    c.bench_function("write seed layers as GeoJSON", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for layer in &layers {
                let mut w = GeoJsonWriter::new(Vec::with_capacity(1 << 20));
                write_layer(&mut w, layer).unwrap();
                bytes += w.into_inner().len();
            }
            bytes
        })
    });
    c.bench_function(
        "great circle Vladivostok-San Francisco, densified and cut",
        |b| {
            let (a, z) = (LonLat::new(131.89, 43.11), LonLat::new(-122.42, 37.77));
            b.iter(|| {
                antimeridian::cut(&great_circle::arc(black_box(a), black_box(z), 100.0).unwrap())
            })
        },
    );
}

criterion_group!(benches, stages);
criterion_main!(benches);
