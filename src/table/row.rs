//! One row of an event table as an [`Event`] of the scenario model, every value checked: the
//! kind, the coordinates (decimal degrees, in range), the dates (ISO 8601), the corridor mode.
//! Problems are reported at `file:line:column`, the column being the field's number (1-based),
//! with the column's name, the value and a hint.

use csv::StringRecord;
use serde_json::Value;

use super::columns::{Layout, Role};
use crate::gazetteer::resolve::ResolvedKind;
use crate::scenario::resolve::Resolved;
use crate::scenario::{
    Casualties, CorridorMode, Detail, Diagnostics, Event, EventKind, Origin, PlaceRef, When,
};

/// Where a row is: the table's name (for messages), its file stem (for ids) and the line.
pub struct RowAt<'a> {
    pub file: &'a std::sync::Arc<str>,
    pub stem: &'a str,
    pub line: u64,
}

impl RowAt<'_> {
    fn origin(&self, index: Option<usize>) -> Origin {
        Origin {
            file: self.file.clone(),
            line: self.line as usize,
            column: index.map_or(1, |i| i + 1),
        }
    }
}

/// What became of a row.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // made once per row and moved out at once
pub enum Row {
    Event(Event),
    /// A preset's kind with no diplomap layer (ACLED's protests): counted and skipped.
    NoLayer(String),
}

/// The kind named in a table's `kind` column (singular or plural, any case).
pub fn parse_kind(text: &str) -> Option<EventKind> {
    let t = text.trim();
    let t = t.strip_suffix(['s', 'S']).unwrap_or(t);
    [
        ("meeting", EventKind::Meeting),
        ("strike", EventKind::Strike),
        ("summit", EventKind::Summit),
        ("corridor", EventKind::Corridor),
    ]
    .into_iter()
    .find(|(name, _)| t.eq_ignore_ascii_case(name))
    .map(|(_, kind)| kind)
}

/// Read one row. `errors` gets every problem of the row.
pub fn read(
    rec: &StringRecord,
    layout: &Layout,
    at: &RowAt<'_>,
    errors: &mut Diagnostics,
) -> Option<Row> {
    let before = errors.0.len();
    let cell = |role: Role| -> Option<&str> {
        layout
            .get(role)
            .and_then(|i| rec.get(i))
            .map(trim)
            .filter(|s| !s.is_empty())
    };
    let origin = |role: Role| at.origin(layout.get(role));
    let text = |role: Role| cell(role).map(str::to_string);

    // Kind.
    let kind_text = cell(Role::Kind).unwrap_or("");
    let kind = match layout.preset {
        Some(p) => match p.kind(kind_text) {
            Some(k) => parse_kind(k),
            None => return Some(Row::NoLayer(kind_text.to_string())),
        },
        None => parse_kind(kind_text),
    };
    let Some(kind) = kind else {
        errors.push(
            &origin(Role::Kind),
            format!("unknown kind '{kind_text}'; hint: one of meeting, strike, summit, corridor"),
        );
        return None;
    };

    // Place: coordinates, when given, are used as they are; the name is then only a label.
    let coordinate =
        |role: Role, limit: f64, what: &str, example: &str, errors: &mut Diagnostics| {
            let raw = cell(role)?;
            match parse_f64(raw) {
                Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
                Ok(_) => {
                    errors.push(
                        &origin(role),
                        format!(
                        "{what} {raw} is out of range; hint: -{limit} to {limit} decimal degrees"
                    ),
                    );
                    None
                }
                Err(_) => {
                    errors.push(
                        &origin(role),
                        format!("bad {what} '{raw}'; hint: decimal degrees such as {example}"),
                    );
                    None
                }
            }
        };
    let lon = coordinate(Role::Lon, 180.0, "longitude", "30.5234", errors);
    let lat = coordinate(Role::Lat, 90.0, "latitude", "50.4501", errors);
    let name = text(Role::Place);
    let place = match (lon, lat) {
        (Some(lon), Some(lat)) => {
            // The coordinates as written, for a row that names no place.
            let label = name.unwrap_or_else(|| {
                let (lat, lon) = (
                    cell(Role::Lat).unwrap_or_default(),
                    cell(Role::Lon).unwrap_or_default(),
                );
                let mut label = String::with_capacity(5 + lat.len() + lon.len());
                label.push_str("geo:");
                label.push_str(lat);
                label.push(',');
                label.push_str(lon);
                label
            });
            Some(PlaceRef {
                at: Some(Box::new(Resolved::at(
                    label.clone(),
                    None,
                    ResolvedKind::Coordinates,
                    lon,
                    lat,
                ))),
                name: label,
                origin: origin(Role::Lon),
            })
        }
        (None, None) if cell(Role::Lon).is_some() || cell(Role::Lat).is_some() => None,
        (None, None) => name.map(|name| PlaceRef {
            name,
            origin: origin(Role::Place),
            at: None,
        }),
        _ => {
            if errors.0.len() == before {
                let missing = if lon.is_none() { Role::Lon } else { Role::Lat };
                errors.push(
                    &origin(missing),
                    format!("'{missing}' is empty but the row has the other coordinate; hint: give both, or neither and a place"),
                );
            }
            None
        }
    };
    if place.is_none() && kind != EventKind::Corridor && errors.0.len() == before {
        errors.push(
            &origin(Role::Place),
            "the row has no place; hint: name the place, or give lon and lat".to_string(),
        );
    }

    // Dates.
    let when = |role: Role, errors: &mut Diagnostics| {
        let raw = cell(role)?;
        match parse_date(raw, layout) {
            Ok(w) => Some(w),
            Err(crate::scenario::when::WhenError::LeapSecond(_)) => {
                let leap = crate::scenario::when::LEAP_SECOND;
                errors.push(&origin(role), format!("'{raw}' in column '{role}' {leap}"));
                None
            }
            Err(_) => {
                errors.push(
                    &origin(role),
                    format!("invalid date '{raw}' in column '{role}'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00"),
                );
                None
            }
        }
    };
    let (start, end) = match when(Role::Date, errors) {
        Some(_) if cell(Role::Start).is_some() || cell(Role::End).is_some() => {
            errors.push(
                &origin(Role::Date),
                "the row has both a date and a start or end; hint: 'date' is a one-day event, 'start'/'end' a longer one; fill one or the other".to_string(),
            );
            (None, None)
        }
        Some(d) => (Some(d), Some(d)),
        None => {
            let start = when(Role::Start, errors);
            let end = when(Role::End, errors);
            match (start, end) {
                (Some(s), Some(e)) if e.latest() < s.earliest() => {
                    errors.push(
                        &origin(Role::End),
                        format!("end {e} is before start {s}; hint: swap them"),
                    );
                    (Some(s), Some(e))
                }
                (Some(s), None) => (Some(s), Some(s)),
                (None, Some(_)) => {
                    errors.push(
                        &origin(Role::End),
                        "an end with no start; hint: give the start too, or use a date column for a one-day event".to_string(),
                    );
                    (None, None)
                }
                other => other,
            }
        }
    };

    let places = |role: Role| -> Vec<PlaceRef> {
        cell(role).map_or_else(Vec::new, |v| {
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|name| PlaceRef {
                    name: name.to_string(),
                    origin: origin(role),
                    at: None,
                })
                .collect()
        })
    };
    let place_one = |role: Role| {
        cell(role).map(|name| PlaceRef {
            name: name.to_string(),
            origin: origin(role),
            at: None,
        })
    };
    let detail = match kind {
        EventKind::Meeting => Detail::Meeting {
            participants: places(Role::Participants),
            from: places(Role::From),
        },
        EventKind::Strike => Detail::Strike {
            actor: text(Role::Actor),
            target: text(Role::Target),
            weapon: text(Role::Weapon),
            casualties: cell(Role::Casualties).map(|c| match c.parse::<u64>() {
                Ok(n) => Casualties::Count(n),
                Err(_) => Casualties::Text(c.to_string()),
            }),
            from: place_one(Role::From),
        },
        EventKind::Summit => Detail::Summit {
            organization: text(Role::Organization),
            hosts: places(Role::Hosts),
            members: places(Role::Members),
            absent: places(Role::Absent),
        },
        EventKind::Corridor => {
            let mode = match cell(Role::Mode) {
                Some(m) if m.eq_ignore_ascii_case("air") => Some(CorridorMode::Air),
                Some(m) if m.eq_ignore_ascii_case("sea") => Some(CorridorMode::Sea),
                other => {
                    errors.push(
                        &origin(Role::Mode),
                        format!(
                            "{}; hint: air (great circle) or sea",
                            match other {
                                Some(m) => format!("unknown corridor mode '{m}'"),
                                None => "corridor has no mode".to_string(),
                            }
                        ),
                    );
                    None
                }
            };
            let (from, to) = (place_one(Role::From), place_one(Role::To));
            for (role, given) in [(Role::From, from.is_some()), (Role::To, to.is_some())] {
                if !given {
                    errors.push(
                        &origin(role),
                        format!("corridor has no '{role}'; hint: corridors run from one place to another"),
                    );
                }
            }
            match (from, to, mode) {
                (Some(from), Some(to), Some(mode)) => Detail::Corridor {
                    from,
                    to,
                    via: places(Role::Via),
                    mode,
                    avoid: Vec::new(),
                    allow: Vec::new(),
                    cited_length_nm: None,
                    cited_days: None,
                    cited_source: None,
                },
                _ => return None,
            }
        }
    };
    if errors.0.len() > before {
        return None;
    }

    let mut properties = Vec::with_capacity(layout.extra.len());
    for (i, name) in &layout.extra {
        let v = rec.get(*i).map(trim).unwrap_or("");
        properties.push((
            name.clone(),
            if v.is_empty() {
                Value::Null
            } else {
                Value::String(v.to_string())
            },
        ));
    }
    let id = text(Role::Id).unwrap_or_else(|| {
        let mut line = itoa::Buffer::new();
        let line = line.format(at.line);
        let mut id = String::with_capacity(at.stem.len() + 1 + line.len());
        id.push_str(at.stem);
        id.push('-');
        id.push_str(line);
        id
    });
    Some(Row::Event(Event {
        id,
        kind,
        place,
        start,
        end,
        title: text(Role::Title),
        description: text(Role::Description),
        source: text(Role::Source),
        tags: cell(Role::Tags).map_or_else(Vec::new, |t| {
            t.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        }),
        properties,
        detail,
        origin: at.origin(None),
    }))
}

/// A number as [`str::parse`] reads it, with a fast path for the usual cell, `-30.52345`: at
/// most 15 digits and no exponent. Then the digits as an integer and the power of ten are both
/// exact doubles, and one division rounds correctly, as the full parser does (Clinger's fast
/// path).
fn parse_f64(raw: &str) -> Result<f64, std::num::ParseFloatError> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = raw.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa = 0u64;
    let (mut count, mut decimals, mut point) = (0usize, 0usize, None);
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                count += 1;
                if point.is_some() {
                    decimals += 1;
                }
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return raw.parse(),
        }
        if count > 15 {
            return raw.parse();
        }
    }
    // "", "-", ".", "5." and ".5" go the long way, to be read (or refused) exactly as before.
    match point {
        _ if count == 0 => return raw.parse(),
        Some(i) if i == 0 || i + 1 == digits.len() => return raw.parse(),
        _ => {}
    }
    let value = mantissa as f64 / POW10[decimals];
    Ok(if negative { -value } else { value })
}

/// A cell without its leading and trailing white space (as [`str::trim`]), at the cost of two
/// byte tests for the usual cell that has none.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// An ISO 8601 date or date-time; with the ACLED preset also ACLED's older `08 July 2024`.
fn parse_date(raw: &str, layout: &Layout) -> Result<When, crate::scenario::when::WhenError> {
    match When::parse(raw) {
        Ok(w) => Ok(w),
        Err(e) if layout.preset.is_some() => chrono::NaiveDate::parse_from_str(raw, "%d %B %Y")
            .map(When::Date)
            .map_err(|_| e),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_f64_reads_what_str_parse_reads() {
        let mut cases: Vec<String> = [
            "",
            "-",
            ".",
            "-.",
            "5.",
            ".5",
            "-.5",
            "0",
            "-0",
            "-0.0",
            "30.52345",
            "-122.41942",
            "180",
            "180.000001",
            "90.0000000000001",
            "123456789012345",
            "1234567890123456",
            "0.000000000000001",
            "1e5",
            "+5",
            "inf",
            "NaN",
            "1.2.3",
            "1,5",
            " 1",
            "１",
            "179.99999999999999",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = (state % 16) as usize;
            let point = (state >> 8) as usize % (digits + 2);
            let mut s = String::new();
            if state >> 20 & 1 == 1 {
                s.push('-');
            }
            let mut r = state >> 24;
            for i in 0..digits {
                if i == point {
                    s.push('.');
                }
                s.push(char::from(b'0' + (r % 10) as u8));
                r = r / 10 + (state >> (i % 40));
            }
            cases.push(s);
        }
        for s in &cases {
            match (parse_f64(s), s.parse::<f64>()) {
                (Ok(a), Ok(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{s:?}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{s:?}: {a:?} against {b:?}"),
            }
        }
    }
}
