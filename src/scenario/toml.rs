//! Reading a scenario from TOML. serde does the structure (`deny_unknown_fields` on every table,
//! so a misspelt key is an error, given a "did you mean" in `locate.rs`); this file turns the raw
//! tables into the [`Scenario`] model, checking every value and recording where it was written.
//!
//! Place-name fields keep their byte spans (`toml::Spanned`), so an unknown place is reported at
//! its own line even inside a multi-line list.

use serde::Deserialize;
use toml::{Spanned, Value};

use super::diagnostic::Diagnostics;
use super::fields::{number, opt_place_list, place_ref, positive, properties, show};
use super::ids;
use super::locate::{toml_error, Locator};
use super::when::When;
use super::{Casualties, CorridorMode, Detail, Event, EventKind, Origin, PlaceDef, Scenario};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    title: Option<Spanned<String>>,
    description: Option<String>,
    #[serde(default)]
    place: Vec<Spanned<RawPlace>>,
    #[serde(default)]
    meeting: Vec<Spanned<RawMeeting>>,
    #[serde(default)]
    strike: Vec<Spanned<RawStrike>>,
    #[serde(default)]
    summit: Vec<Spanned<RawSummit>>,
    #[serde(default)]
    corridor: Vec<Spanned<RawCorridor>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: Option<String>,
    lon: Option<Spanned<Value>>,
    lat: Option<Spanned<Value>>,
    country: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// The fields every event kind shares, then the kind's own. The shared fields are written out in
/// each struct (and moved into [`Common`]) because serde's `flatten` cannot be combined with
/// `deny_unknown_fields`, and unknown keys must stay errors.
macro_rules! raw_event {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            id: Option<Spanned<String>>,
            place: Option<Spanned<String>>,
            date: Option<Spanned<Value>>,
            start: Option<Spanned<Value>>,
            end: Option<Spanned<Value>>,
            undated: Option<Spanned<bool>>,
            title: Option<String>,
            description: Option<String>,
            source: Option<String>,
            #[serde(default)]
            tags: Vec<String>,
            properties: Option<Spanned<toml::Table>>,
            $($field: $ty),*
        }

        impl RawEvent for $name {
            fn common(&mut self) -> Common {
                Common {
                    id: self.id.take(),
                    place: self.place.take(),
                    date: self.date.take(),
                    start: self.start.take(),
                    end: self.end.take(),
                    undated: self.undated.take(),
                    title: self.title.take(),
                    description: self.description.take(),
                    source: self.source.take(),
                    tags: std::mem::take(&mut self.tags),
                    properties: self.properties.take(),
                }
            }
        }
    };
}

struct Common {
    id: Option<Spanned<String>>,
    place: Option<Spanned<String>>,
    date: Option<Spanned<Value>>,
    start: Option<Spanned<Value>>,
    end: Option<Spanned<Value>>,
    /// `undated = true`: the date is not known (a draft from `diplomap extract`).
    undated: Option<Spanned<bool>>,
    title: Option<String>,
    description: Option<String>,
    source: Option<String>,
    tags: Vec<String>,
    properties: Option<Spanned<toml::Table>>,
}

trait RawEvent {
    fn common(&mut self) -> Common;
}

/// An event table's position, its own fields, and the fields every kind shares.
fn open<T: RawEvent>(loc: &Locator<'_>, raw: Spanned<T>) -> (Origin, T, Common) {
    let origin = loc.at(&raw);
    let mut raw = raw.into_inner();
    let common = raw.common();
    (origin, raw, common)
}

raw_event!(RawMeeting {
    participants: Option<Spanned<Value>>,
    from: Option<Spanned<Value>>,
});
raw_event!(RawStrike {
    actor: Option<String>,
    target: Option<String>,
    weapon: Option<String>,
    casualties: Option<Spanned<Value>>,
    from: Option<Spanned<String>>,
});
raw_event!(RawSummit {
    organization: Option<String>,
    hosts: Option<Spanned<Value>>,
    members: Option<Spanned<Value>>,
    absent: Option<Spanned<Value>>,
});
raw_event!(RawCorridor {
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    via: Option<Spanned<Value>>,
    mode: Option<Spanned<String>>,
    avoid: Option<Spanned<Value>>,
    allow: Option<Spanned<Value>>,
    cited_length_nm: Option<Spanned<Value>>,
    cited_days: Option<Spanned<Value>>,
    cited_source: Option<String>,
});

/// An id written in the scenario, with where.
type ExplicitId = Option<(String, Origin)>;

/// Parse scenario TOML. `file` names the source in messages.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    match parse_all(text, file) {
        (Some(scenario), d) if d.is_empty() => Ok(scenario),
        (_, d) => Err(d),
    }
}

/// Parse a scenario and say every problem: the scenario as far as it could be read (events
/// with a problem kept, so that their places can still be checked) with every problem found,
/// or no scenario when the text is not TOML at all. A build reports these together with the
/// problems of resolving the places, in one run.
pub fn parse_all(text: &str, file: &str) -> (Option<Scenario>, Diagnostics) {
    let loc = Locator::new(text, file);
    let raw: RawScenario = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return (None, toml_error(&loc, &e)),
    };
    let mut diags = Diagnostics::default();
    let title = match raw.title {
        Some(t) if !t.get_ref().trim().is_empty() => t.into_inner().trim().to_string(),
        Some(t) => {
            diags.push(&loc.at(&t), "empty title; hint: give the map a title");
            String::new()
        }
        None => {
            diags.push(
                &loc.origin(0),
                "scenario has no title; hint: add title = \"…\" at the top",
            );
            String::new()
        }
    };
    let places = raw
        .place
        .into_iter()
        .filter_map(|p| place_def(&loc, p, &mut diags))
        .collect();
    // Each event's kind, shared fields, own fields and position, read kind by kind.
    let mut pending: Vec<(EventKind, Common, Detail, Origin)> = Vec::new();
    for m in raw.meeting {
        let (origin, m, common) = open(&loc, m);
        let detail = Detail::Meeting {
            participants: opt_place_list(&loc, "participants", m.participants, &mut diags),
            from: opt_place_list(&loc, "from", m.from, &mut diags),
        };
        pending.push((EventKind::Meeting, common, detail, origin));
    }
    for s in raw.strike {
        let (origin, s, common) = open(&loc, s);
        let casualties = s.casualties.and_then(|c| match c.get_ref() {
            Value::Integer(n) if *n >= 0 => Some(Casualties::Count(*n as u64)),
            Value::String(t) if !t.trim().is_empty() => Some(Casualties::Text(t.trim().to_string())),
            other => {
                diags.push(
                    &loc.at(&c),
                    format!("invalid casualties {}; hint: a count such as 12, or words such as \"at least 41\"", show(other)),
                );
                None
            }
        });
        let detail = Detail::Strike {
            actor: s.actor,
            target: s.target,
            weapon: s.weapon,
            casualties,
            from: s.from.and_then(|f| place_ref(&loc, "from", f, &mut diags)),
        };
        pending.push((EventKind::Strike, common, detail, origin));
    }
    for s in raw.summit {
        let (origin, s, common) = open(&loc, s);
        let detail = Detail::Summit {
            organization: s.organization,
            hosts: opt_place_list(&loc, "hosts", s.hosts, &mut diags),
            members: opt_place_list(&loc, "members", s.members, &mut diags),
            absent: opt_place_list(&loc, "absent", s.absent, &mut diags),
        };
        pending.push((EventKind::Summit, common, detail, origin));
    }
    for c in raw.corridor {
        let (origin, c, common) = open(&loc, c);
        if let Some(p) = &common.place {
            diags.push(
                &loc.at(p),
                "a corridor has no 'place'; hint: give its ends as from = \"…\" and to = \"…\"",
            );
        }
        let from = c.from.and_then(|f| place_ref(&loc, "from", f, &mut diags));
        let to = c.to.and_then(|t| place_ref(&loc, "to", t, &mut diags));
        let mode = match c.mode {
            Some(m) => match m.get_ref().as_str() {
                "air" => Some(CorridorMode::Air),
                "sea" => Some(CorridorMode::Sea),
                other => {
                    diags.push(
                        &loc.at(&m),
                        format!("unknown corridor mode '{other}'; hint: mode = \"air\" (great circle) or mode = \"sea\""),
                    );
                    None
                }
            },
            None => {
                diags.push(
                    &origin,
                    "corridor has no mode; hint: mode = \"air\" (great circle) or mode = \"sea\"",
                );
                None
            }
        };
        let cited_length_nm = positive(&loc, "cited_length_nm", c.cited_length_nm, &mut diags);
        let cited_days = positive(&loc, "cited_days", c.cited_days, &mut diags);
        let via = opt_place_list(&loc, "via", c.via, &mut diags);
        use crate::routing::passages;
        let sea = mode == Some(CorridorMode::Sea);
        let sea_only = |key: &str| {
            format!("'{key}' applies to sea corridors; hint: remove it, or set mode = \"sea\"")
        };
        let mut avoid = Vec::new();
        for name in opt_place_list(&loc, "avoid", c.avoid, &mut diags) {
            match passages::avoidable(&name.name, "'avoid'") {
                Ok(k) if sea => avoid.push(k),
                Ok(_) => diags.push(&name.origin, sea_only("avoid")),
                Err(message) => diags.push(&name.origin, message),
            }
        }
        let mut allow = Vec::new();
        for name in opt_place_list(&loc, "allow", c.allow, &mut diags) {
            if !sea && passages::find(&name.name).is_some() {
                diags.push(&name.origin, sea_only("allow"));
                continue;
            }
            match passages::allowable(&name.name, "'allow'") {
                Ok(k) => allow.push(k),
                Err(message) => diags.push(&name.origin, message),
            }
        }
        match (from, to, mode) {
            (Some(from), Some(to), Some(mode)) => {
                if crate::gazetteer::normalize::normalize(&from.name)
                    == crate::gazetteer::normalize::normalize(&to.name)
                {
                    diags.push(
                        &to.origin,
                        format!("corridor goes from '{}' to itself; hint: 'from' and 'to' must be different places", from.name),
                    );
                }
                let detail = Detail::Corridor {
                    from,
                    to,
                    via,
                    mode,
                    avoid,
                    allow,
                    cited_length_nm,
                    cited_days,
                    cited_source: c.cited_source,
                };
                pending.push((EventKind::Corridor, common, detail, origin));
            }
            (from, to, _) => {
                if from.is_none() {
                    diags.push(&origin, "corridor has no 'from'; hint: from = \"Chennai\"");
                }
                if to.is_none() {
                    diags.push(&origin, "corridor has no 'to'; hint: to = \"Vladivostok\"");
                }
            }
        }
    }
    let mut events = Vec::new();
    let mut explicit_ids = Vec::new();
    for (kind, common, detail, origin) in pending {
        push_event(
            &loc,
            kind,
            common,
            detail,
            origin,
            &mut events,
            &mut explicit_ids,
            &mut diags,
        );
    }
    // Events in the order they were written, whatever their kind.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| (events[i].origin.line, events[i].origin.column));
    let mut slots: Vec<Option<(Event, ExplicitId)>> =
        events.into_iter().zip(explicit_ids).map(Some).collect();
    let (mut events, explicit_ids): (Vec<Event>, Vec<ExplicitId>) =
        order.iter().filter_map(|&i| slots[i].take()).unzip();
    ids::assign(&mut events, &explicit_ids, &mut diags);
    let scenario = Scenario {
        title,
        description: raw.description,
        places,
        events,
    };
    (Some(scenario), diags)
}

#[allow(clippy::too_many_arguments)]
fn push_event(
    loc: &Locator<'_>,
    kind: EventKind,
    c: Common,
    detail: Detail,
    origin: Origin,
    events: &mut Vec<Event>,
    explicit_ids: &mut Vec<ExplicitId>,
    diags: &mut Diagnostics,
) {
    let place = match c.place {
        Some(p) => place_ref(loc, "place", p, diags),
        None if kind != EventKind::Corridor => {
            diags.push(
                &origin,
                format!(
                    "{} has no 'place'; hint: place = \"Moscow\", or a place defined in [[place]]",
                    kind.as_str()
                ),
            );
            None
        }
        None => None,
    };
    let undated = match c.undated {
        Some(u) if *u.get_ref() && (c.date.is_some() || c.start.is_some()) => {
            diags.push(
                &loc.at(&u),
                "'undated = true' with a date; hint: remove one or the other",
            );
            true
        }
        Some(u) => *u.get_ref(),
        None => false,
    };
    let (start, end) = dates(loc, kind, undated, c.date, c.start, c.end, &origin, diags);
    let id = c.id.and_then(|id| {
        let o = loc.at(&id);
        let id = id.into_inner();
        if id.trim().is_empty() || id.chars().any(char::is_control) {
            diags.push(
                &o,
                format!("invalid id {id:?}; hint: an id is plain text such as \"modi-putin-2024\""),
            );
            None
        } else {
            Some((id, o))
        }
    });
    // A property's problem is said where the table of properties starts.
    let properties = match c.properties {
        Some(table) => {
            let at = loc.at(&table);
            properties(table.into_inner(), &at, diags)
        }
        None => Vec::new(),
    };
    explicit_ids.push(id);
    events.push(Event {
        id: String::new(),
        kind,
        place,
        start,
        end,
        title: c.title,
        description: c.description,
        source: c.source,
        tags: c.tags,
        properties,
        detail,
        origin,
    });
}

#[allow(clippy::too_many_arguments)]
fn dates(
    loc: &Locator<'_>,
    kind: EventKind,
    undated: bool,
    date: Option<Spanned<Value>>,
    start: Option<Spanned<Value>>,
    end: Option<Spanned<Value>>,
    origin: &Origin,
    diags: &mut Diagnostics,
) -> (Option<When>, Option<When>) {
    let mut when = |v: &Spanned<Value>| -> Option<When> {
        let text = match v.get_ref() {
            Value::String(s) => s.clone(),
            Value::Datetime(d) => d.to_string(),
            other => {
                diags.push(
                    &loc.at(v),
                    format!(
                        "invalid date {}; hint: write an ISO 8601 date such as 2024-07-09",
                        show(other)
                    ),
                );
                return None;
            }
        };
        When::parse(&text)
            .map_err(|e| diags.push(&loc.at(v), e.to_string()))
            .ok()
    };
    match (date, start, end) {
        (Some(d), None, None) => {
            let w = when(&d);
            (w, w)
        }
        (Some(d), _, _) => {
            diags.push(
                &loc.at(&d),
                "'date' given with 'start' or 'end'; hint: 'date' is shorthand for a one-day event, use start and end for longer ones",
            );
            (None, None)
        }
        (None, Some(s), e) => {
            let start = when(&s);
            let end = match &e {
                Some(e) => when(e),
                None => start,
            };
            if let (Some(a), Some(b), Some(e)) = (start, end, &e) {
                if b.latest() < a.earliest() {
                    diags.push(
                        &loc.at(e),
                        format!("end {b} is before start {a}; hint: swap them, or fix the typo"),
                    );
                }
            }
            (start, end)
        }
        (None, None, Some(e)) => {
            diags.push(
                &loc.at(&e),
                "'end' without 'start'; hint: add start = …, or use date = … for a one-day event",
            );
            (None, None)
        }
        (None, None, None) if kind == EventKind::Corridor || undated => (None, None),
        (None, None, None) => {
            diags.push(
                origin,
                format!(
                    "{} has no date; hint: date = 2024-07-09 for one day, start = … and end = …, or undated = true if it is not known",
                    kind.as_str()
                ),
            );
            (None, None)
        }
    }
}

fn place_def(loc: &Locator<'_>, p: Spanned<RawPlace>, diags: &mut Diagnostics) -> Option<PlaceDef> {
    let origin = loc.at(&p);
    let p = p.into_inner();
    let Some(name) = p
        .name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
    else {
        diags.push(
            &origin,
            "[[place]] has no name; hint: name = \"Novo-Ogaryovo\"",
        );
        return None;
    };
    let mut coord = |field: &str, v: Option<Spanned<Value>>, limit: f64| -> Option<f64> {
        let Some(v) = v else {
            diags.push(
                &origin,
                format!(
                    "place '{name}' has no {field}; hint: {field} = degrees ({}), WGS 84",
                    if field == "lon" {
                        "east positive"
                    } else {
                        "north positive"
                    }
                ),
            );
            return None;
        };
        match number(v.get_ref()) {
            Some(n) if n.abs() <= limit => Some(n),
            Some(_) => {
                diags.push(
                    &loc.at(&v),
                    format!("{field} {} of place '{name}' is out of range; hint: {field} is in degrees between -{limit} and {limit}", show(v.get_ref())),
                );
                None
            }
            None => {
                // A string, a date, a list…: say a number is needed, not that it is too big.
                let hint = match v.get_ref() {
                    Value::String(t) if t.trim().parse::<f64>().is_ok() => {
                        format!("write it without quotes: {field} = {}", t.trim())
                    }
                    _ => format!(
                        "{field} = degrees between -{limit} and {limit}, such as {field} = 30.52"
                    ),
                };
                diags.push(
                    &loc.at(&v),
                    format!(
                        "{field} {} of place '{name}' is not a number; hint: {hint}",
                        show(v.get_ref())
                    ),
                );
                None
            }
        }
    };
    let lon = coord("lon", p.lon, 180.0);
    let lat = coord("lat", p.lat, 90.0);
    let country = p.country.and_then(|c| {
        let code = c.get_ref().trim().to_ascii_uppercase();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(code)
        } else {
            diags.push(&loc.at(&c), format!("invalid country '{}' for place '{name}'; hint: an ISO 3166-1 alpha-2 code such as RU", c.get_ref()));
            None
        }
    });
    Some(PlaceDef {
        name,
        lon: lon?,
        lat: lat?,
        country,
        aliases: p.aliases,
        origin,
    })
}
