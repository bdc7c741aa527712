//! Where a feature's properties go: a JSON object being built (serde_json's [`Map`], for the
//! writers that need a whole feature) or JSON text written straight into a buffer
//! ([`JsonProps`], for streaming a million table rows without building a map per row). The
//! property code of the point layers is written once against [`Props`], so the two cannot
//! differ; `tests/tables.rs` builds tables both ways and compares the bytes.

use std::io::Write as _;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::scenario::{PlaceRef, When};

/// One property value.
#[derive(Debug, Clone, Copy)]
pub enum Prop<'a> {
    Null,
    Str(&'a str),
    /// A string, or null.
    OptStr(Option<&'a str>),
    F64(f64),
    U64(u64),
    /// Place names as written, as a list of strings.
    Names(&'a [PlaceRef]),
    /// Words, as a list of strings.
    Words(&'a [String]),
    /// A date or date-time in its normal form (`2024-07-09`), or null.
    When(Option<When>),
}

/// A sink for properties, set in order; a key is set once.
pub trait Props {
    /// One of diplomap's own properties: its name is a plain ASCII constant.
    fn set(&mut self, key: &'static str, value: Prop<'_>);
    /// A property named by the user (a scenario's `[properties]`, a table's extra column).
    fn set_user(&mut self, key: &str, value: &Value);
    /// A run of properties that is the same for every feature (a layer's style), set in order.
    fn set_fixed(&mut self, fixed: &Fixed) {
        for (key, value) in fixed.props {
            self.set(key, *value);
        }
    }
}

/// Properties that every feature of a kind carries alike (its style). A JSON sink writes
/// them as one copy of their JSON text, made once.
pub struct Fixed {
    props: &'static [(&'static str, Prop<'static>)],
    json: OnceLock<Vec<u8>>,
}

impl Fixed {
    pub const fn new(props: &'static [(&'static str, Prop<'static>)]) -> Self {
        Self {
            props,
            json: OnceLock::new(),
        }
    }

    /// `"key":value,…`, as [`JsonProps`] writes the properties one by one.
    fn json(&self) -> &[u8] {
        self.json.get_or_init(|| {
            let mut buf = Vec::new();
            let mut j = JsonProps::new(&mut buf);
            for (key, value) in self.props {
                j.set(key, *value);
            }
            j.finish();
            buf[1..buf.len() - 1].to_vec()
        })
    }
}

impl Props for Map<String, Value> {
    fn set_user(&mut self, key: &str, value: &Value) {
        self.insert(key.to_string(), value.clone());
    }

    fn set(&mut self, key: &'static str, value: Prop<'_>) {
        let v = match value {
            Prop::Null => Value::Null,
            Prop::Str(s) => Value::from(s),
            Prop::OptStr(s) => s.map_or(Value::Null, Value::from),
            Prop::F64(n) => Value::from(n),
            Prop::U64(n) => Value::from(n),
            Prop::Names(list) => {
                Value::Array(list.iter().map(|p| Value::from(p.name.as_str())).collect())
            }
            Prop::Words(list) => {
                Value::Array(list.iter().map(|w| Value::from(w.as_str())).collect())
            }
            Prop::When(w) => w.map_or(Value::Null, |w| Value::from(w.to_string())),
        };
        self.insert(key.to_string(), v);
    }
}

/// Properties written as a JSON object into a buffer, byte for byte as serde_json writes the
/// same [`Map`]: `{"key":value,…}`. Call [`JsonProps::finish`] to close the object.
pub struct JsonProps<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> JsonProps<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Self { out, first: true }
    }

    pub fn finish(self) {
        self.out.push(b'}');
    }

    fn put(&mut self, v: impl Serialize) {
        // Writing to a Vec cannot fail, and every value here serialises.
        let _ = serde_json::to_writer(&mut *self.out, &v);
    }

    fn string(&mut self, s: &str) {
        crate::output::json_text::push_str(self.out, s);
    }
}

/// Names as a serialisable list of strings, without collecting them.
struct NameList<'a>(&'a [PlaceRef]);

impl Serialize for NameList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|p| p.name.as_str()))
    }
}

impl JsonProps<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }
}

impl Props for JsonProps<'_> {
    fn set_user(&mut self, key: &str, value: &Value) {
        self.comma();
        self.string(key);
        self.out.push(b':');
        match value {
            Value::String(s) => self.string(s),
            Value::Null => self.out.extend_from_slice(b"null"),
            v => self.put(v),
        }
    }

    fn set(&mut self, key: &'static str, value: Prop<'_>) {
        self.comma();
        // diplomap's own names need no escaping.
        debug_assert!(!crate::output::json_text::needs_escape(key.as_bytes()));
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
        match value {
            Prop::Null | Prop::OptStr(None) => self.out.extend_from_slice(b"null"),
            Prop::Str(s) | Prop::OptStr(Some(s)) => self.string(s),
            Prop::F64(n) => self.put(n),
            Prop::U64(n) => self.put(n),
            Prop::Names([]) | Prop::Words([]) => self.out.extend_from_slice(b"[]"),
            Prop::Names(list) => self.put(NameList(list)),
            Prop::Words(list) => self.put(list),
            Prop::When(None) => self.out.extend_from_slice(b"null"),
            // The normal form has nothing to escape.
            Prop::When(Some(w)) => match w.date_text() {
                Some(text) => {
                    self.out.push(b'"');
                    self.out.extend_from_slice(&text);
                    self.out.push(b'"');
                }
                None => {
                    let _ = write!(self.out, "\"{w}\"");
                }
            },
        }
    }

    fn set_fixed(&mut self, fixed: &Fixed) {
        if fixed.props.is_empty() {
            return;
        }
        self.comma();
        self.out.extend_from_slice(fixed.json());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIXED: Fixed = Fixed::new(&[
        ("fixed-str", Prop::Str("#d62728")),
        ("fixed-f", Prop::F64(1.5)),
        ("fixed-null", Prop::Null),
    ]);

    #[test]
    fn both_sinks_write_the_same_json() {
        let names = [PlaceRef {
            name: "Kyiv \"city\"".into(),
            origin: crate::scenario::Origin {
                file: "".into(),
                line: 1,
                column: 1,
            },
            at: None,
        }];
        let words = vec!["a\u{2028}b".to_string(), "ü".to_string()];
        let json = serde_json::json!({"x": [1, 2.5, null]});
        let fill = |p: &mut dyn Props| {
            p.set("null", Prop::Null);
            p.set("str", Prop::Str("</script>\n\t\u{1}"));
            p.set("none", Prop::OptStr(None));
            p.set("f", Prop::F64(1.0));
            p.set("g", Prop::F64(0.1 + 0.2));
            p.set("nan", Prop::F64(f64::NAN));
            p.set("u", Prop::U64(41));
            p.set("names", Prop::Names(&names));
            p.set("words", Prop::Words(&words));
            p.set("no names", Prop::Names(&[]));
            p.set("no words", Prop::Words(&[]));
            p.set("date", Prop::When(Some(When::parse("2024-07-09").unwrap())));
            p.set(
                "date-time",
                Prop::When(When::parse("2024-07-09T14:30+03:00").ok()),
            );
            p.set("no date", Prop::When(None));
            p.set_fixed(&FIXED);
            p.set_fixed(&Fixed::new(&[]));
            p.set_user("json", &json);
            p.set_user("a \"user\" key\n", &json);
            p.set_user("plain", &Value::from("x\\y"));
        };
        let mut map = Map::new();
        fill(&mut map);
        let mut buf = Vec::new();
        let mut j = JsonProps::new(&mut buf);
        fill(&mut j);
        j.finish();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
    }
}
