//! The extraction evaluation set (`tests/data/extract/`, hand-labelled in `labels.toml`):
//! precision and recall of place mentions (a predicted span must match a labelled one exactly),
//! and resolution accuracy of the mentions found (a country by its code, a city or state within
//! 161 km, the field's usual yardstick). Targets: precision ≥ 0.95, recall ≥ 0.90, resolution
//! ≥ 0.95. Events are scored too: a drafted event is right when its kind and place (a
//! corridor's ends) are a labelled event's, and its date is checked where the label has one.
//! The scores are printed (`cargo test --test it extract_eval -- --nocapture`).

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use common::distance_km;
use diplomap::extract::extract;
use diplomap::gazetteer::Gazetteer;

#[derive(serde::Deserialize)]
struct Labels {
    article: Vec<Article>,
}

#[derive(serde::Deserialize)]
struct Article {
    /// Relative to `tests/data/extract/`, or with `shared = true` to `../shared/` (skipped when
    /// that is not beside the clone).
    file: String,
    #[serde(default)]
    shared: bool,
    date: Option<String>,
    places: Vec<toml::Value>,
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    events: Vec<Vec<String>>,
}

enum Truth {
    Country(String),
    Point(f64, f64),
}

/// Character offsets of every whole-word occurrence of `needle`.
fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(needle) {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let start = text[..at].chars().count();
        out.push((start, start + needle.chars().count()));
    }
    out
}

#[test]
fn place_mentions_meet_the_targets_on_the_evaluation_set() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract");
    let labels: Labels =
        toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
    let gazetteer = Gazetteer::embedded().unwrap();
    let (mut predicted, mut expected, mut matched, mut right) = (0usize, 0usize, 0usize, 0usize);
    let (mut events_drafted, mut events_labelled, mut events_right) = (0usize, 0usize, 0usize);
    let (mut dates_labelled, mut dates_right) = (0usize, 0usize);
    let mut report = Vec::new();
    for a in &labels.article {
        let path = if a.shared {
            match common::shared(&a.file) {
                Some(p) => p,
                None => continue,
            }
        } else {
            dir.join(&a.file)
        };
        let text = std::fs::read_to_string(path).unwrap();
        let date = a
            .date
            .as_deref()
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        let found = extract(&text, &gazetteer, date);
        let skipped: Vec<(usize, usize)> =
            a.skip.iter().flat_map(|s| occurrences(&text, s)).collect();
        let mut truth: Vec<((usize, usize), String, Truth)> = Vec::new();
        for p in &a.places {
            let p = p.as_array().unwrap();
            let surface = p[0].as_str().unwrap();
            let t = match &p[1] {
                toml::Value::String(cc) => Truth::Country(cc.clone()),
                v => Truth::Point(v.as_float().unwrap(), p[2].as_float().unwrap()),
            };
            for span in occurrences(&text, surface) {
                if skipped.iter().any(|s| s.0 <= span.0 && span.1 <= s.1) {
                    continue;
                }
                let t = match &t {
                    Truth::Country(c) => Truth::Country(c.clone()),
                    Truth::Point(lat, lon) => Truth::Point(*lat, *lon),
                };
                truth.push((span, surface.to_string(), t));
            }
        }
        let spans: BTreeSet<(usize, usize)> = truth.iter().map(|t| t.0).collect();
        assert_eq!(spans.len(), truth.len(), "{}: overlapping labels", a.file);
        predicted += found.mentions.len();
        expected += truth.len();
        for m in &found.mentions {
            match truth.iter().find(|t| t.0 == (m.start, m.end)) {
                None => report.push(format!(
                    "{}: extra {:?} at {} ({})",
                    a.file, m.text, m.start, m.place.name
                )),
                Some((_, surface, t)) => {
                    matched += 1;
                    let ok = match t {
                        Truth::Country(cc) => {
                            m.place.country.map(|c| c.to_string()) == Some(cc.clone())
                                && m.place.kind == diplomap::gazetteer::model::PlaceKind::Country
                        }
                        Truth::Point(lat, lon) => {
                            distance_km((m.place.lon, m.place.lat), (*lon, *lat)) <= 161.0
                        }
                    };
                    if ok {
                        right += 1;
                    } else {
                        report.push(format!(
                            "{}: {surface:?} at {} resolved to {} ({:?}, {}, {})",
                            a.file,
                            m.start,
                            m.place.name,
                            m.place.country.map(|c| c.to_string()),
                            m.place.lat,
                            m.place.lon
                        ));
                    }
                }
            }
        }
        // Events: kind and place names as the draft writes them.
        let name = |m: Option<usize>| {
            m.map(|m| {
                let x = &found.mentions[m];
                [x.text.to_string(), x.place.name.to_string()]
            })
        };
        let drafted: Vec<(String, Vec<[String; 2]>, String)> = found
            .events
            .iter()
            .map(|e| {
                let places = if e.kind == diplomap::scenario::EventKind::Corridor {
                    vec![name(e.from), name(e.to)]
                } else {
                    vec![name(e.place)]
                };
                let date = match (e.start, e.end) {
                    (Some(a), Some(b)) if a == b => a.to_string(),
                    (Some(a), Some(b)) => format!("{a}/{b}"),
                    _ => String::new(),
                };
                (
                    e.kind.as_str().to_string(),
                    places.into_iter().flatten().collect(),
                    date,
                )
            })
            .collect();
        let ends = |l: &[String]| -> Vec<String> {
            let n = if l[0] == "corridor" { 3 } else { 2 };
            l[1..n].to_vec()
        };
        let same = |kind: &str, places: &[[String; 2]], l: &[String]| {
            let want = ends(l);
            l[0] == kind
                && places.len() == want.len()
                && places.iter().zip(&want).all(|(p, w)| p.contains(w))
        };
        events_drafted += drafted.len();
        events_labelled += a.events.len();
        for label in &a.events {
            match drafted.iter().find(|(k, places, _)| same(k, places, label)) {
                Some((_, _, date)) => {
                    events_right += 1;
                    if let Some(want) = label.get(ends(label).len() + 1) {
                        dates_labelled += 1;
                        if date == want {
                            dates_right += 1;
                        } else {
                            report.push(format!("{}: {label:?} dated {date:?}", a.file));
                        }
                    }
                }
                None => report.push(format!("{}: missed event {label:?}", a.file)),
            }
        }
        for (kind, places, _) in &drafted {
            if !a.events.iter().any(|l| same(kind, places, l)) {
                report.push(format!("{}: extra event {kind} at {places:?}", a.file));
            }
        }
        for (span, surface, _) in &truth {
            if !found.mentions.iter().any(|m| (m.start, m.end) == *span) {
                report.push(format!("{}: missed {surface:?} at {}", a.file, span.0));
            }
        }
    }
    let precision = matched as f64 / predicted as f64;
    let recall = matched as f64 / expected as f64;
    let resolution = right as f64 / matched as f64;
    println!(
        "extract evaluation: {} articles, {expected} labelled mentions, {predicted} found, {matched} right spans\n  precision {precision:.3}, recall {recall:.3}, resolution {resolution:.3}",
        labels.article.len()
    );
    let event_precision = events_right as f64 / events_drafted as f64;
    let event_recall = events_right as f64 / events_labelled as f64;
    let dates = dates_right as f64 / dates_labelled as f64;
    println!(
        "  events: {events_labelled} labelled, {events_drafted} drafted, {events_right} right: precision {event_precision:.3}, recall {event_recall:.3}; dates right {dates_right} of {dates_labelled}"
    );
    for r in &report {
        println!("  {r}");
    }
    assert!(precision >= 0.95, "precision {precision:.3}: {report:#?}");
    assert!(recall >= 0.90, "recall {recall:.3}: {report:#?}");
    assert!(
        resolution >= 0.95,
        "resolution {resolution:.3}: {report:#?}"
    );
    assert!(
        event_precision >= 0.85,
        "event precision {event_precision:.3}: {report:#?}"
    );
    assert!(
        event_recall >= 0.85,
        "event recall {event_recall:.3}: {report:#?}"
    );
    assert!(dates >= 0.85, "dates {dates:.3}: {report:#?}");
}
