//! An [`Extraction`] written out: as a draft scenario in TOML that `diplomap build` accepts as
//! it is (each event preceded by the sentence it came from as a comment, and carrying it in an
//! `evidence` property; the places found listed at the top with their character offsets), or as
//! one JSON object `{"mentions": […], "events": […], "warnings": […]}` for scripts.
//!
//! A place is written by the name that `build` resolves to the same gazetteer place: its own
//! name, else the name qualified by its country code ("Hyderabad, PK"), else a `geo:` URI.

use crate::gazetteer::CountryCode;
use serde_json::{json, Value};

use super::events::DraftEvent;
use super::mentions::Mention;
use super::Extraction;
use crate::gazetteer::{Gazetteer, Resolver};
use crate::scenario::EventKind;

/// A TOML basic string (serde_json's escapes are TOML's).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn comment(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The name `build` resolves to this mention's place.
pub fn scenario_name(m: &Mention, gazetteer: &Gazetteer) -> String {
    let resolver = Resolver::new(gazetteer);
    let same = |q: &str| {
        resolver
            .resolve(q)
            .is_ok_and(|r| r.place.index == Some(m.place.index))
    };
    // As written ("Hyderabad"), else the gazetteer's name ("Hyderābād").
    let capitals = !m.text.chars().any(char::is_lowercase);
    if m.via == super::mentions::FoundBy::Name && !capitals && same(&m.text) {
        return m.text.to_string();
    }
    if same(&m.place.name) {
        return m.place.name.to_string();
    }
    if let Some(cc) = m.place.country.map(|c| c.as_str().to_string()) {
        let q = format!("{}, {cc}", m.place.name);
        if same(&q) {
            return q;
        }
    }
    format!("geo:{},{}", m.place.lat, m.place.lon)
}

/// The scenario name of every mention an event refers to (by mention index), each distinct
/// place and spelling resolved once.
pub fn event_place_names(x: &Extraction, gazetteer: &Gazetteer) -> Vec<Option<String>> {
    let mut out = vec![None; x.mentions.len()];
    let mut cache: foldhash::HashMap<(u32, &str), String> = foldhash::HashMap::default();
    for e in &x.events {
        for m in [e.place, e.from, e.to].into_iter().flatten() {
            let mention = &x.mentions[m];
            let name = cache
                .entry((mention.place.index, &*mention.text))
                .or_insert_with(|| scenario_name(mention, gazetteer));
            out[m] = Some(name.clone());
        }
    }
    out
}

/// The name of a country by its code, as the gazetteer writes it.
pub fn country_name(gazetteer: &Gazetteer, code: CountryCode) -> String {
    super::mentions::country_candidates(gazetteer, code)
        .first()
        .map_or_else(|| code.to_string(), |c| c.place.name.to_string())
}

/// The draft scenario as TOML.
pub fn toml(x: &Extraction, article: &str, source: &str, gazetteer: &Gazetteer) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Draft scenario from {}, written by `diplomap extract`. Check every event against the\n# article before publishing a map made from it; `diplomap build` accepts this file as it is.\n",
        comment(source)
    ));
    if !x.mentions.is_empty() {
        out.push_str("#\n# Places found (character offsets in the article, end exclusive):\n");
        // Each place once, in order of first mention, with all its spans.
        let mut order: Vec<u32> = Vec::new();
        let mut spans: foldhash::HashMap<u32, Vec<&Mention>> = foldhash::HashMap::default();
        for o in &x.mentions {
            spans
                .entry(o.place.index)
                .or_insert_with(|| {
                    order.push(o.place.index);
                    Vec::new()
                })
                .push(o);
        }
        for index in order {
            let spans = &spans[&index];
            let m = spans[0];
            out.push_str(&format!(
                "#   {} ({}, {}): ",
                m.place.name,
                m.place.country.map_or("--".to_string(), |c| c.to_string()),
                m.place.kind.as_str(),
            ));
            for (n, o) in spans.iter().enumerate() {
                use std::fmt::Write as _;
                let sep = if n == 0 { "" } else { ", " };
                let _ = write!(out, "{sep}{:?} {}-{}", o.text, o.start, o.end);
            }
            out.push('\n');
        }
    }
    for w in &x.warnings {
        out.push_str(&format!("# warning: {}\n", comment(w)));
    }
    let first_line = article
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut title: String = first_line.chars().take(100).collect();
    if title.len() < first_line.len() {
        title.push('…');
    }
    if title.is_empty() {
        title = "Draft scenario".to_string();
    }
    out.push_str(&format!(
        "\ntitle = {}\n",
        quote(&format!("Draft: {title}"))
    ));
    let names = event_place_names(x, gazetteer);
    for e in &x.events {
        out.push('\n');
        out.push_str(&format!(
            "# Sentence {}: {}\n",
            e.sentence + 1,
            comment(&e.evidence)
        ));
        out.push_str(&format!("[[{}]]\n", e.kind.as_str()));
        let name = |m: Option<usize>| m.and_then(|m| names[m].clone());
        let countries = |list: &[CountryCode]| {
            list.iter()
                .map(|c| quote(&country_name(gazetteer, *c)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match e.kind {
            EventKind::Corridor => {
                if let (Some(from), Some(to)) = (name(e.from), name(e.to)) {
                    out.push_str(&format!("from = {}\nto = {}\n", quote(&from), quote(&to)));
                }
                out.push_str(&format!("mode = {}\n", quote(e.mode.unwrap_or("air"))));
            }
            _ => {
                if let Some(place) = name(e.place) {
                    out.push_str(&format!("place = {}\n", quote(&place)));
                }
            }
        }
        match (e.start, e.end) {
            (Some(a), Some(b)) if a == b => out.push_str(&format!("date = {a}\n")),
            (Some(a), Some(b)) => out.push_str(&format!("start = {a}\nend = {b}\n")),
            (Some(a), None) => out.push_str(&format!("date = {a}\n")),
            // No date in the text: none is invented (corridors need none).
            _ if e.kind == EventKind::Corridor => {}
            _ => out.push_str("undated = true # no date in the text: add one by hand\n"),
        }
        if let Some(o) = e.organization {
            out.push_str(&format!("organization = {}\n", quote(o)));
        }
        if !e.absent.is_empty() {
            out.push_str(&format!("absent = [{}]\n", countries(&e.absent)));
        }
        if !e.participants.is_empty() {
            out.push_str(&format!(
                "participants = [{}]\n",
                countries(&e.participants)
            ));
        }
        if let Some(a) = e.actor {
            out.push_str(&format!("actor = {}\n", quote(&country_name(gazetteer, a))));
        }
        if let Some(w) = e.weapon {
            out.push_str(&format!("weapon = {}\n", quote(w)));
        }
        out.push_str(&format!(
            "properties = {{ evidence = {} }}\n",
            quote(&e.evidence)
        ));
    }
    out
}

fn code(c: Option<CountryCode>) -> Value {
    c.map_or(Value::Null, |c| Value::from(c.as_str()))
}

/// One mention as JSON.
pub fn mention_json(m: &Mention) -> Value {
    json!({
        "text": &*m.text,
        "start": m.start,
        "end": m.end,
        "name": &*m.place.name,
        "country": code(m.place.country),
        "kind": m.place.kind.as_str(),
        "via": m.via,
        "lon": m.place.lon,
        "lat": m.place.lat,
        "confidence": m.confidence,
        "reason": m.reason,
    })
}

/// One event as JSON.
pub fn event_json(e: &DraftEvent, names: &[Option<String>], gazetteer: &Gazetteer) -> Value {
    let name = |m: Option<usize>| {
        m.and_then(|m| names[m].clone())
            .map_or(Value::Null, Value::from)
    };
    let mut v = json!({ "kind": e.kind.as_str() });
    let o = v.as_object_mut().expect("an object");
    if e.kind == EventKind::Corridor {
        o.insert("from".into(), name(e.from));
        o.insert("to".into(), name(e.to));
        o.insert("mode".into(), json!(e.mode));
    } else {
        o.insert("place".into(), name(e.place));
    }
    o.insert("start".into(), json!(e.start.map(|d| d.to_string())));
    o.insert("end".into(), json!(e.end.map(|d| d.to_string())));
    if let Some(org) = e.organization {
        o.insert("organization".into(), json!(org));
    }
    let countries = |list: &[CountryCode]| -> Vec<String> {
        list.iter().map(|c| country_name(gazetteer, *c)).collect()
    };
    for (key, list) in [("absent", &e.absent), ("participants", &e.participants)] {
        if !list.is_empty() {
            o.insert(key.into(), json!(countries(list)));
        }
    }
    if let Some(a) = e.actor {
        o.insert("actor".into(), json!(country_name(gazetteer, a)));
    }
    if let Some(w) = e.weapon {
        o.insert("weapon".into(), json!(w));
    }
    o.insert("sentence".into(), json!(e.sentence + 1));
    o.insert("evidence".into(), json!(&*e.evidence));
    v
}

/// The whole extraction as one JSON object on one line, written piece by piece:
/// `{"id": …, "mentions": […], "events": […], "warnings": […]}` (`id` only in a batch).
pub fn write_json(
    out: &mut impl std::io::Write,
    id: Option<&str>,
    x: &Extraction,
    gazetteer: &Gazetteer,
) -> std::io::Result<()> {
    let put = |out: &mut dyn std::io::Write, v: &Value| {
        serde_json::to_writer(out, v).map_err(std::io::Error::from)
    };
    out.write_all(b"{")?;
    if let Some(id) = id {
        out.write_all(br#""id":"#)?;
        put(out, &Value::from(id))?;
        out.write_all(b",")?;
    }
    out.write_all(br#""mentions":["#)?;
    for (n, m) in x.mentions.iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        put(out, &mention_json(m))?;
    }
    out.write_all(br#"],"events":["#)?;
    let names = event_place_names(x, gazetteer);
    for (n, e) in x.events.iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        put(out, &event_json(e, &names, gazetteer))?;
    }
    out.write_all(br#"],"warnings":"#)?;
    put(out, &json!(x.warnings))?;
    out.write_all(b"}\n")
}
