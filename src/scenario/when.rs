//! Event dates: an ISO 8601 calendar date (`2024-07-09`) or date-time (`2024-07-09T10:30`,
//! `2024-07-09T10:30:00+03:00`, `…Z`), as a TOML string or a TOML date literal. They are written
//! out in the same normal form, which QGIS's Temporal Controller reads as dates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// A date or a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Date(NaiveDate),
    /// A local date-time with no offset: taken as UTC when compared.
    Local(NaiveDateTime),
    Offset(DateTime<FixedOffset>),
}

/// What was wrong with a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("invalid date '{0}'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00")]
    Invalid(String),
    /// A time of `…:60`: ISO 8601 and chrono read it as a leap second, but GeoPackage,
    /// FlatGeobuf, QGIS and browsers' `Date` cannot hold one, so it is refused as such.
    #[error("'{0}' {LEAP_SECOND}")]
    LeapSecond(String),
}

/// What is said of a leap second, after the value.
pub const LEAP_SECOND: &str = "has a leap second (:60), which GeoPackage, FlatGeobuf, QGIS and browsers cannot hold; hint: write :59";

impl When {
    /// Parse ISO 8601 (the RFC 3339 profile, with `T` or a space, seconds optional).
    ///
    /// ```
    /// use diplomap::scenario::When;
    /// assert_eq!(When::parse("2024-07-09").unwrap().to_string(), "2024-07-09");
    /// assert_eq!(When::parse("2024-07-09 14:30").unwrap().to_string(), "2024-07-09T14:30:00");
    /// assert_eq!(When::parse("2024-07-09T14:30:00+03:00").unwrap().to_string(), "2024-07-09T14:30:00+03:00");
    /// assert!(When::parse("2024-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, WhenError> {
        let err = || WhenError::Invalid(text.to_string());
        let s = text.trim();
        if !s.is_ascii() {
            // ISO 8601 is ASCII; this also keeps the byte positions below on characters.
            return Err(err());
        }
        // HH:MM:60 after the date's T: a leap second.
        if s.len() >= 19 && &s.as_bytes()[16..19] == b":60" && s.as_bytes()[13] == b':' {
            return Err(WhenError::LeapSecond(text.to_string()));
        }
        if s.len() == 10 {
            // YYYY-MM-DD by hand (a million-row table has a million of them); chrono checks
            // the day exists.
            let b = s.as_bytes();
            let digits = |r: std::ops::Range<usize>| {
                b[r].iter().try_fold(0u32, |n, &c| {
                    c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
                })
            };
            if b[4] != b'-' || b[7] != b'-' {
                return Err(err());
            }
            return match (digits(0..4), digits(5..7), digits(8..10)) {
                (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d)
                    .map(When::Date)
                    .ok_or_else(err),
                _ => Err(err()),
            };
        }
        if s.len() < 16
            || !matches!(s.as_bytes()[10], b'T' | b't' | b' ')
            || s.as_bytes()[4] != b'-'
        {
            return Err(err());
        }
        let normal = format!("{}T{}", &s[..10], &s[11..]);
        if let Ok(dt) = DateTime::parse_from_rfc3339(&normal) {
            return Ok(When::Offset(dt));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(&normal, fmt) {
                return Ok(When::Local(dt));
            }
        }
        // An offset with minutes but no seconds (2024-07-09T14:30+03:00).
        if let Some(split) = normal[16..].find(['+', '-', 'Z', 'z']) {
            let with_seconds = format!("{}:00{}", &normal[..16 + split], &normal[16 + split..]);
            if let Ok(dt) = DateTime::parse_from_rfc3339(&with_seconds) {
                return Ok(When::Offset(dt));
            }
        }
        Err(err())
    }

    /// The earliest instant the value covers (a date covers its whole day), as UTC.
    pub fn earliest(&self) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Local(dt) => *dt,
            When::Offset(dt) => dt.naive_utc(),
        }
    }

    /// The latest instant the value covers (a date: its last nanosecond), as UTC.
    pub fn latest(&self) -> NaiveDateTime {
        match self {
            When::Date(d) => {
                d.and_time(NaiveTime::MIN) + TimeDelta::days(1) - TimeDelta::nanoseconds(1)
            }
            other => other.earliest(),
        }
    }

    /// The calendar date, as written (local to the value's own offset).
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Date(d) => *d,
            When::Local(dt) => dt.date(),
            When::Offset(dt) => dt.date_naive(),
        }
    }
}

impl When {
    /// A date of the years 0 to 9999 as its ten bytes `2024-07-09`, made by hand: the
    /// commonest case, a million times in a large table. `None` for anything else.
    pub fn date_text(&self) -> Option<[u8; 10]> {
        use chrono::Datelike;
        let When::Date(d) = self else { return None };
        let (y, m, day) = (d.year(), d.month(), d.day());
        if !(0..=9999).contains(&y) {
            return None;
        }
        let y = y as u32;
        let digit = |v: u32| b'0' + v as u8;
        Some([
            digit(y / 1000),
            digit(y / 100 % 10),
            digit(y / 10 % 10),
            digit(y % 10),
            b'-',
            digit(m / 10),
            digit(m % 10),
            b'-',
            digit(day / 10),
            digit(day % 10),
        ])
    }
}

/// As its normal text ([`std::fmt::Display`]): `"2024-07-09"`.
impl serde::Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for When {
    /// `2024-07-09`, `2024-07-09T14:30:00`, `2024-07-09T14:30:00+03:00` or `…Z` for UTC.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Date(d) => match self.date_text() {
                // `date_text` writes only ASCII digits and dashes.
                Some(b) => f.write_str(std::str::from_utf8(&b).map_err(|_| std::fmt::Error)?),
                None => write!(f, "{}", d.format("%Y-%m-%d")),
            },
            When::Local(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S%.f")),
            When::Offset(dt) if dt.offset().local_minus_utc() == 0 => {
                write!(f, "{}Z", dt.format("%Y-%m-%dT%H:%M:%S%.f"))
            }
            When::Offset(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S%.f%:z")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms() {
        for (input, out) in [
            ("2024-07-08", "2024-07-08"),
            ("2024-07-08T09:15", "2024-07-08T09:15:00"),
            ("2024-07-08t09:15:30.5", "2024-07-08T09:15:30.500"),
            ("2024-07-08T09:15:30Z", "2024-07-08T09:15:30Z"),
            ("2024-07-08T09:15+03:00", "2024-07-08T09:15:00+03:00"),
            ("2024-07-08 09:15:30-05:00", "2024-07-08T09:15:30-05:00"),
        ] {
            assert_eq!(When::parse(input).unwrap().to_string(), out, "{input}");
        }
    }

    #[test]
    fn refused() {
        for bad in [
            "",
            "2024-13-01",
            "2024-7-8",
            "08/07/2024",
            "2024-07-08T25:00",
            "July 8",
            "2024-07-08T",
        ] {
            assert!(When::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_covers_its_day() {
        let d = When::parse("2024-07-09").unwrap();
        let t = When::parse("2024-07-09T23:00:00Z").unwrap();
        assert!(d.earliest() <= t.earliest() && t.latest() <= d.latest());
    }
}
