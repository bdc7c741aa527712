//! Criterion benchmarks of the gazetteer: opening the embedded data, exact lookups (the target is
//! at least 1,000,000 per second on one core) and fuzzy lookups (under 2 ms each).
//! Run: `cargo bench --bench resolve`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use diplomap::gazetteer::{Gazetteer, Resolver};
use std::hint::black_box;

/// Seed-story places plus common and hard names, exact after normalisation.
const EXACT: [&str; 20] = [
    "Moscow",
    "Kyiv",
    "Washington",
    "Kazakhstan",
    "Chennai",
    "Vladivostok",
    "Astana",
    "Beijing",
    "New Delhi",
    "Kiev",
    "Madras",
    "São Paulo",
    "Paris",
    "Georgia",
    "London",
    "Москва",
    "UK",
    "Mumbai",
    "Springfield",
    "Geneva",
];

const FUZZY: [&str; 4] = ["Vladivostock", "Washingtn", "Kathmandoo", "Phillipines"];

fn benches(c: &mut Criterion) {
    c.bench_function("open embedded gazetteer", |b| {
        b.iter(|| black_box(Gazetteer::embedded().unwrap()))
    });

    let gaz = Gazetteer::embedded().unwrap();
    let resolver = Resolver::new(&gaz);
    let mut group = c.benchmark_group("resolve");
    group.throughput(Throughput::Elements(EXACT.len() as u64));
    group.bench_function("exact (20 names)", |b| {
        b.iter(|| {
            for q in EXACT {
                black_box(resolver.resolve(black_box(q)).unwrap());
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("qualified (Paris, TX)", |b| {
        b.iter(|| black_box(resolver.resolve("Paris, TX").unwrap()))
    });
    for q in FUZZY {
        group.bench_function(format!("fuzzy ({q})"), |b| {
            b.iter_batched(
                || q,
                |q| black_box(resolver.resolve(q).unwrap()),
                BatchSize::SmallInput,
            )
        });
    }
    group.bench_function("unknown with suggestions (Xqzzyplace)", |b| {
        b.iter(|| black_box(resolver.resolve("Xqzzyplace").unwrap_err()))
    });
    group.finish();
}

criterion_group!(gazetteer, benches);
criterion_main!(gazetteer);
