//! Reading a scenario from TOML. serde does the structure (`deny_unknown_fields` on every table,
//! so a misspelt key is an error, rewritten here with a "did you mean"); this file turns the raw
//! tables into the [`Scenario`] model, checking every value and recording where it was written.
//!
//! Place-name fields keep their byte spans (`toml::Spanned`), so an unknown place is reported at
//! its own line even inside a multi-line list.

use serde::Deserialize;
use toml::{Spanned, Value};

use super::diagnostic::Diagnostics;
use super::ids;
use super::when::When;
use super::{
    Casualties, CorridorMode, Detail, Event, EventKind, Origin, PlaceDef, PlaceRef, Scenario,
};

/// Feature property names diplomap writes itself; `[properties]` may not reuse them.
pub const RESERVED_PROPERTIES: &[&str] = &[
    "id",
    "kind",
    "title",
    "description",
    "start",
    "end",
    "place",
    "resolved_name",
    "country",
    "participants",
    "source",
    "tags",
    "event",
    "role",
    "actor",
    "target",
    "weapon",
    "casualties",
    "organization",
    "hosts",
    "members",
    "absent",
    "from",
    "to",
    "via",
    "mode",
    "length_km",
    "length_nm",
    "cited_length_nm",
    "cited_days",
    "cited_source",
    "marker-color",
    "marker-symbol",
    "marker-size",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "fill",
    "fill-opacity",
];

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

/// The fields every event kind shares, then the kind's own.
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
            title: Option<String>,
            description: Option<String>,
            source: Option<String>,
            #[serde(default)]
            tags: Vec<String>,
            #[serde(default)]
            properties: toml::Table,
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
                    title: self.title.take(),
                    description: self.description.take(),
                    source: self.source.take(),
                    tags: std::mem::take(&mut self.tags),
                    properties: std::mem::take(&mut self.properties),
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
    title: Option<String>,
    description: Option<String>,
    source: Option<String>,
    tags: Vec<String>,
    properties: toml::Table,
}

trait RawEvent {
    fn common(&mut self) -> Common;
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
    cited_length_nm: Option<Spanned<Value>>,
    cited_days: Option<Spanned<Value>>,
    cited_source: Option<String>,
});

/// Byte offsets to 1-based line and column (in characters).
struct Locator<'a> {
    text: &'a str,
    file: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, file: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text,
            file,
            line_starts,
        }
    }

    fn origin(&self, offset: usize) -> Origin {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Origin {
            file: self.file.to_string(),
            line,
            column,
        }
    }

    fn at<T>(&self, s: &Spanned<T>) -> Origin {
        self.origin(s.span().start)
    }

    /// The `[table]` or `[[array]]` header in force at `offset`, for messages. A key in a
    /// header line itself belongs to the level above, so the search starts at the line before.
    fn section(&self, offset: usize) -> Option<&'a str> {
        let line_start = self.text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
        let before = self.text.get(..line_start)?;
        before.lines().rev().map(str::trim).find_map(|l| {
            l.starts_with('[')
                .then(|| l.split('#').next().unwrap_or(l).trim())
        })
    }
}

/// An id written in the scenario, with where.
type ExplicitId = Option<(String, Origin)>;

/// Parse scenario TOML. `file` names the source in messages.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let loc = Locator::new(text, file);
    let raw: RawScenario = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(toml_error(&loc, &e)),
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
    let mut events = Vec::new();
    let mut explicit_ids = Vec::new();
    for m in raw.meeting {
        let origin = loc.at(&m);
        let mut m = m.into_inner();
        let common = m.common();
        let detail = Detail::Meeting {
            participants: opt_place_list(&loc, "participants", m.participants, &mut diags),
            from: opt_place_list(&loc, "from", m.from, &mut diags),
        };
        push_event(
            &loc,
            EventKind::Meeting,
            common,
            detail,
            origin,
            &mut events,
            &mut explicit_ids,
            &mut diags,
        );
    }
    for s in raw.strike {
        let origin = loc.at(&s);
        let mut s = s.into_inner();
        let common = s.common();
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
        push_event(
            &loc,
            EventKind::Strike,
            common,
            detail,
            origin,
            &mut events,
            &mut explicit_ids,
            &mut diags,
        );
    }
    for s in raw.summit {
        let origin = loc.at(&s);
        let mut s = s.into_inner();
        let common = s.common();
        let detail = Detail::Summit {
            organization: s.organization,
            hosts: opt_place_list(&loc, "hosts", s.hosts, &mut diags),
            members: opt_place_list(&loc, "members", s.members, &mut diags),
            absent: opt_place_list(&loc, "absent", s.absent, &mut diags),
        };
        push_event(
            &loc,
            EventKind::Summit,
            common,
            detail,
            origin,
            &mut events,
            &mut explicit_ids,
            &mut diags,
        );
    }
    for c in raw.corridor {
        let origin = loc.at(&c);
        let mut c = c.into_inner();
        let common = c.common();
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
                    cited_length_nm,
                    cited_days,
                    cited_source: c.cited_source,
                };
                push_event(
                    &loc,
                    EventKind::Corridor,
                    common,
                    detail,
                    origin,
                    &mut events,
                    &mut explicit_ids,
                    &mut diags,
                );
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
    // Events in the order they were written, whatever their kind.
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| (events[i].origin.line, events[i].origin.column));
    let mut slots: Vec<Option<(Event, ExplicitId)>> =
        events.into_iter().zip(explicit_ids).map(Some).collect();
    let (mut events, explicit_ids): (Vec<Event>, Vec<ExplicitId>) =
        order.iter().filter_map(|&i| slots[i].take()).unzip();
    ids::assign(&mut events, &explicit_ids, &mut diags);
    diags.into_result()?;
    Ok(Scenario {
        title,
        description: raw.description,
        places,
        events,
    })
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
    let (start, end) = dates(loc, kind, c.date, c.start, c.end, &origin, diags);
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
    let properties = properties(loc, c.properties, &origin, diags);
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

fn dates(
    loc: &Locator<'_>,
    kind: EventKind,
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
        (None, None, None) if kind == EventKind::Corridor => (None, None),
        (None, None, None) => {
            diags.push(
                origin,
                format!(
                    "{} has no date; hint: date = 2024-07-09 for one day, or start = … and end = …",
                    kind.as_str()
                ),
            );
            (None, None)
        }
    }
}

fn place_ref(
    loc: &Locator<'_>,
    field: &str,
    v: Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<PlaceRef> {
    let origin = loc.at(&v);
    let name = v.into_inner().trim().to_string();
    if name.is_empty() {
        diags.push(&origin, format!("empty place name in '{field}'"));
        return None;
    }
    Some(PlaceRef { name, origin })
}

fn opt_place_list(
    loc: &Locator<'_>,
    field: &str,
    v: Option<Spanned<Value>>,
    diags: &mut Diagnostics,
) -> Vec<PlaceRef> {
    v.map(|v| place_list(loc, field, v, diags))
        .unwrap_or_default()
}

/// A place name or a list of them; each element keeps its own line.
fn place_list(
    loc: &Locator<'_>,
    field: &str,
    v: Spanned<Value>,
    diags: &mut Diagnostics,
) -> Vec<PlaceRef> {
    let span = v.span();
    let items: Vec<&Value> = match v.get_ref() {
        Value::String(_) => vec![v.get_ref()],
        Value::Array(a) => a.iter().collect(),
        other => {
            diags.push(
                &loc.at(&v),
                format!("'{field}' is {}; hint: give a place name or a list of them, such as [\"India\", \"Russia\"]", show(other)),
            );
            return Vec::new();
        }
    };
    let raw = loc.text.get(span.clone()).unwrap_or("");
    let mut cursor = 0;
    let mut out = Vec::new();
    for item in items {
        let Value::String(name) = item else {
            diags.push(
                &loc.at(&v),
                format!(
                    "'{field}' holds {}; hint: every element is a place name in quotes",
                    show(item)
                ),
            );
            continue;
        };
        // Find the element in the source text to report its own line.
        let found = [format!("\"{name}\""), format!("'{name}'")]
            .iter()
            .filter_map(|q| raw[cursor..].find(q.as_str()).map(|i| (i, q.len())))
            .min();
        let offset = match found {
            Some((i, len)) => {
                let at = span.start + cursor + i;
                cursor += i + len;
                at
            }
            None => span.start,
        };
        let origin = loc.origin(offset);
        let name = name.trim().to_string();
        if name.is_empty() {
            diags.push(&origin, format!("empty place name in '{field}'"));
            continue;
        }
        out.push(PlaceRef { name, origin });
    }
    out
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

fn positive(
    loc: &Locator<'_>,
    field: &str,
    v: Option<Spanned<Value>>,
    diags: &mut Diagnostics,
) -> Option<f64> {
    let v = v?;
    match number(v.get_ref()) {
        Some(n) if n > 0.0 => Some(n),
        _ => {
            diags.push(
                &loc.at(&v),
                format!(
                    "invalid {field} {}; hint: a positive number",
                    show(v.get_ref())
                ),
            );
            None
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
            _ => {
                diags.push(
                    &loc.at(&v),
                    format!("{field} {} of place '{name}' is out of range; hint: {field} is in degrees between -{limit} and {limit}", show(v.get_ref())),
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

fn properties(
    loc: &Locator<'_>,
    table: toml::Table,
    origin: &Origin,
    diags: &mut Diagnostics,
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for (key, value) in table {
        if RESERVED_PROPERTIES.contains(&key.as_str()) {
            diags.push(
                origin,
                format!("property '{key}' in [properties] would overwrite diplomap's own '{key}'; hint: rename it, such as 'my_{key}'"),
            );
            continue;
        }
        match to_json(&value) {
            Some(v) => {
                out.insert(key, v);
            }
            None => diags.push(
                origin,
                format!("property '{key}' holds a number JSON cannot represent (nan or inf)"),
            ),
        }
    }
    let _ = loc;
    out
}

fn to_json(v: &Value) -> Option<serde_json::Value> {
    Some(match v {
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Value::from(serde_json::Number::from_f64(*f)?),
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        Value::Array(a) => serde_json::Value::Array(a.iter().map(to_json).collect::<Option<_>>()?),
        Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| Some((k.clone(), to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// A TOML value as it would be written, for messages.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        Value::Array(_) => "a list".to_string(),
        Value::Table(_) => "a table".to_string(),
        other => other.to_string(),
    }
}

/// A TOML or structure error as one diagnostic; unknown keys get a "did you mean".
fn toml_error(loc: &Locator<'_>, e: &toml::de::Error) -> Diagnostics {
    let offset = e.span().map_or(0, |s| s.start);
    let origin = loc.origin(offset);
    let message = e.message().trim().replace('\n', "; ");
    let text = match unknown_field(&message) {
        Some((key, allowed)) => {
            let section = loc
                .section(offset)
                .map_or_else(|| "at the top level".to_string(), |s| format!("in {s}"));
            match suggest(&key, &allowed) {
                Some(best) => format!("unknown key '{key}' {section}; did you mean '{best}'?"),
                None => format!(
                    "unknown key '{key}' {section}; hint: the keys allowed here are {}",
                    allowed.join(", ")
                ),
            }
        }
        None if message.starts_with("invalid type") || message.starts_with("invalid value") => {
            message
        }
        None => format!("invalid TOML: {message}"),
    };
    let mut d = Diagnostics::default();
    d.push(&origin, text);
    d
}

/// `unknown field `x`, expected one of `a`, `b`` → ("x", ["a", "b"]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let allowed = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), allowed))
}

/// The allowed key closest to `key`, when it is close enough to be a typo.
pub fn suggest(key: &str, allowed: &[String]) -> Option<String> {
    let lower = key.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(&lower, a), a))
        .filter(|(d, a)| {
            *d <= (a.len() / 3).max(1)
                || a.starts_with(&lower)
                || (lower.starts_with(a.as_str()) && lower.len() <= a.len() + 2)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}
