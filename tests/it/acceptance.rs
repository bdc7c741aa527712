//! The public acceptance cases (`../shared/acceptance/gazetteer.tsv`) and the project's own larger
//! set of hard cases (`tests/data/hard_cases.tsv`), run through the real binary with
//! `resolve --json -`: every row must resolve to the expected country within 25 km.

use crate::common;

use common::{diplomap, distance_km, stdout};

struct Case {
    line: usize,
    query: String,
    country: String,
    lat: f64,
    lon: f64,
    kind: Option<String>,
}

/// Read a TSV with a header and columns query, expected, country, lat, lon[, why | kind].
fn read_cases(path: &std::path::Path, kind_column: Option<usize>) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("cases file readable");
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 5,
                "{}:{}: too few columns",
                path.display(),
                i + 1
            );
            Case {
                line: i + 1,
                query: cols[0].to_string(),
                country: cols[2].to_string(),
                lat: cols[3].parse().expect("lat"),
                lon: cols[4].parse().expect("lon"),
                kind: kind_column
                    .and_then(|k| cols.get(k))
                    .map(|s| s.to_string())
                    .filter(|s| !s.is_empty()),
            }
        })
        .collect()
}

fn check(cases: &[Case], file: &str) {
    let input: String = cases.iter().map(|c| format!("{}\n", c.query)).collect();
    let out = diplomap()
        .args(["resolve", "--json", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one JSON line per query");
    let mut failures = Vec::new();
    for (case, line) in cases.iter().zip(&lines) {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        assert_eq!(v["query"], case.query.as_str());
        if let Some(err) = v.get("error") {
            failures.push(format!(
                "{file}:{}: '{}' did not resolve: {err}",
                case.line, case.query
            ));
            continue;
        }
        let (lon, lat) = (v["lon"].as_f64().unwrap(), v["lat"].as_f64().unwrap());
        let km = distance_km((lon, lat), (case.lon, case.lat));
        let country = v["country"].as_str().unwrap_or("");
        let kind_ok = case.kind.as_deref().is_none_or(|k| v["kind"] == k);
        if country != case.country || km > 25.0 || !kind_ok {
            failures.push(format!(
                "{file}:{}: '{}' gave {} ({country}, {}) at {km:.0} km; expected {} within 25 km{}",
                case.line,
                case.query,
                v["name"],
                v["kind"],
                case.country,
                case.kind
                    .as_deref()
                    .map(|k| format!(" as {k}"))
                    .unwrap_or_default()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn public_acceptance_gazetteer_cases_resolve_within_25_km() {
    let Some(path) = common::acceptance("gazetteer.tsv") else {
        return;
    };
    let cases = read_cases(&path, None);
    assert!(cases.len() >= 20, "acceptance file has its rows");
    check(&cases, "gazetteer.tsv");
}

#[test]
fn project_hard_cases_resolve_within_25_km() {
    let path = common::data("hard_cases.tsv");
    let cases = read_cases(&path, Some(5));
    assert!(cases.len() >= 80);
    check(&cases, "hard_cases.tsv");
}

#[test]
fn nearly_every_capital_resolves_by_its_own_name_to_its_own_country() {
    use diplomap::gazetteer::model::{PlaceKind, FEATURE_CODES};
    use diplomap::gazetteer::{Gazetteer, Resolver};
    let gaz = Gazetteer::embedded().unwrap();
    let resolver = Resolver::new(&gaz);
    let store = gaz.store();
    let pplc = FEATURE_CODES.iter().position(|c| *c == "PPLC").unwrap() as u8;
    let (mut total, mut wrong) = (0, Vec::new());
    for i in 0..store.len() as u32 {
        let Some(p) = store
            .place(i)
            .filter(|p| p.kind == PlaceKind::City && p.feature == pplc)
        else {
            continue;
        };
        total += 1;
        let got = resolver.resolve(p.name).ok();
        let country = got
            .as_ref()
            .and_then(|r| r.place.country)
            .map(|c| c.to_string());
        if country.as_deref() != p.country_code() {
            wrong.push(format!(
                "{} ({:?}) -> {:?}",
                p.name,
                p.country_code(),
                got.map(|r| r.place.name)
            ));
        }
    }
    assert!(total >= 240, "{total} capitals");
    // Tiny capitals that share a name with a much bigger city may lose (Hamilton, Bermuda;
    // Plymouth, Montserrat); anything beyond a handful is a ranking regression.
    assert!(
        wrong.len() <= 5,
        "{} of {total} capitals resolve elsewhere:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
