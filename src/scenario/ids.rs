//! Event ids. An id given in the scenario is kept; otherwise one is derived from the event's
//! content — kind, place and first day (`meeting-moscow-2024-07-08`) — so it survives reordering
//! and the addition of other events, and a map that is rebuilt keeps its feature ids. Two derived
//! ids that would clash both take a short hash of their whole content. Duplicate ids are errors.

use std::collections::BTreeMap;

use super::diagnostic::Diagnostics;
use super::{Detail, Event, Origin};

/// A lower-case ASCII slug: `Astana, Kazakhstan` → `astana-kazakhstan`.
///
/// ```
/// assert_eq!(diplomap::scenario::ids::slug("Kryvyi Rih, Ukraine"), "kryvyi-rih-ukraine");
/// assert_eq!(diplomap::scenario::ids::slug("Hyderābād"), "hyderabad");
/// ```
pub fn slug(text: &str) -> String {
    let folded = crate::gazetteer::normalize::normalize(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // Names with no ASCII letters (Москва): fall back to a hash.
        out = format!("{:08x}", crc32fast::hash(text.as_bytes()));
    }
    out
}

fn derived(e: &Event) -> String {
    let place = match (&e.place, &e.detail) {
        (Some(p), _) => slug(&p.name),
        (None, Detail::Corridor { from, to, .. }) => {
            format!("{}-{}", slug(&from.name), slug(&to.name))
        }
        (None, _) => "event".to_string(),
    };
    match &e.start {
        Some(s) => format!(
            "{}-{}-{}",
            e.kind.as_str(),
            place,
            s.date().format("%Y-%m-%d")
        ),
        None => format!("{}-{}", e.kind.as_str(), place),
    }
}

/// A hash of everything the event says, for telling apart events with the same derived id.
fn content_hash(e: &Event) -> String {
    // The Debug form covers every field; positions in the file are left out.
    let nowhere = || Origin {
        file: "".into(),
        line: 0,
        column: 0,
    };
    let mut e = e.clone();
    e.origin = nowhere();
    e.id.clear();
    e.for_each_place_mut(|p, _| p.origin = nowhere());
    format!("{:08x}", crc32fast::hash(format!("{e:?}").as_bytes()))
}

/// Give every event its id; `explicit[i]` is the id written for `events[i]`, if any.
pub fn assign(
    events: &mut [Event],
    explicit: &[Option<(String, Origin)>],
    diags: &mut Diagnostics,
) {
    let mut derived_ids: Vec<String> = events.iter().map(derived).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, id) in derived_ids.iter().enumerate() {
        if explicit.get(i).is_none_or(|e| e.is_none()) {
            *count.entry(id.as_str()).or_default() += 1;
        }
    }
    let clashing: Vec<bool> = derived_ids
        .iter()
        .map(|id| count.get(id.as_str()).copied().unwrap_or(0) > 1)
        .collect();
    for (i, id) in derived_ids.iter_mut().enumerate() {
        if clashing[i] {
            *id = format!("{id}-{}", content_hash(&events[i]));
        }
    }
    let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
    for (i, event) in events.iter_mut().enumerate() {
        let (id, written) = match explicit.get(i).cloned().flatten() {
            Some((id, origin)) => (id, Some(origin)),
            None => (std::mem::take(&mut derived_ids[i]), None),
        };
        let here = written.unwrap_or_else(|| event.origin.clone());
        if let Some(first) = seen.get(&id) {
            let message = if explicit.get(i).is_none_or(|e| e.is_none()) {
                format!("event repeats the {} at {first} word for word; hint: delete one, or give each an id", event.kind.as_str())
            } else {
                format!("duplicate id '{id}', first used at {first}; hint: ids must be unique within a map")
            };
            diags.push(&here, message);
        } else {
            seen.insert(id.clone(), here);
        }
        event.id = id;
    }
}
