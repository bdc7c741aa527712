//! Criterion benchmark of a whole `diplomap build --events` of a generated 1,000,000-row lat/lon
//! table (the shape of an ACLED export: kind, lon, lat, date, title, actor, fatalities), written
//! as GeoJSON into a fresh folder: reading, checking, the fast path for points, and the synced
//! files. It runs the release binary as a process, so the same bench measures any version side
//! by side (`--save-baseline` on one, `--baseline` on the other). Whole-process comparisons with
//! ogr2ogr are in `scripts/bench-vs-ogr2ogr`.
//! Run: `cargo bench --bench table`.

use std::io::Write;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

/// Rows of the generated table.
const ROWS: u32 = 1_000_000;

/// The table, made once with a fixed generator (xorshift), so every run reads the same bytes.
fn table(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "kind,lon,lat,date,title,actor,fatalities").unwrap();
    let mut x: u64 = 20240708;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..ROWS {
        let (a, b, c) = (next(), next(), next());
        writeln!(
            out,
            "strike,{:.5},{:.5},2024-{:02}-{:02},Strike {i},Russia,{}",
            22.0 + (a % 1_800_000) as f64 / 100_000.0,
            44.0 + (b % 800_000) as f64 / 100_000.0,
            1 + c % 12,
            1 + (c >> 8) % 28,
            (c >> 16) % 21,
        )
        .unwrap();
    }
}

fn big_table(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("latlon-1m.csv");
    table(&csv);
    let bin = env!("CARGO_BIN_EXE_diplomap");
    let mut group = c.benchmark_group("table");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("build a 1M-row lat/lon table as GeoJSON", |b| {
        b.iter(|| {
            let status = std::process::Command::new(bin)
                .args(["build", "-q", "--events"])
                .arg(&csv)
                .arg("-o")
                .arg(dir.path().join("map"))
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    group.finish();
}

criterion_group!(benches, big_table);
criterion_main!(benches);
