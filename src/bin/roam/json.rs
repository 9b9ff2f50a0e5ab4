//! A tiny ordered JSON value for the output: keys come out in the order the
//! output format documents (serde_json's own map sorts them). Strings and
//! floats are escaped and formatted by serde_json.

use std::fmt::Write as _;

/// One JSON value; objects keep their key order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    /// `Some(v)` as `v`, `None` as `null`.
    pub(crate) fn opt<T: Into<Json>>(v: Option<T>) -> Json {
        v.map_or(Json::Null, Into::into)
    }

    /// Appends the compact JSON text of `self` to `out`.
    pub(crate) fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Unsigned(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Signed(n) => {
                let _ = write!(out, "{n}");
            }
            // JSON has no NaN or infinity: those print as strings.
            Json::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(n) => {
                    let _ = write!(out, "{n}");
                }
                None => write_str(out, &f.to_string()),
            },
            Json::Str(s) => write_str(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        // Serializing a &str cannot fail; keep a valid document regardless.
        Err(_) => out.push_str("\"\""),
    }
}

impl From<bool> for Json {
    fn from(v: bool) -> Json {
        Json::Bool(v)
    }
}
impl From<u8> for Json {
    fn from(v: u8) -> Json {
        Json::Unsigned(u64::from(v))
    }
}
impl From<u16> for Json {
    fn from(v: u16) -> Json {
        Json::Unsigned(u64::from(v))
    }
}
impl From<u32> for Json {
    fn from(v: u32) -> Json {
        Json::Unsigned(u64::from(v))
    }
}
impl From<u64> for Json {
    fn from(v: u64) -> Json {
        Json::Unsigned(v)
    }
}
impl From<usize> for Json {
    fn from(v: usize) -> Json {
        Json::Unsigned(v as u64)
    }
}
impl From<&str> for Json {
    fn from(v: &str) -> Json {
        Json::Str(v.to_owned())
    }
}
impl From<String> for Json {
    fn from(v: String) -> Json {
        Json::Str(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_escapes() {
        let j = Json::Object(vec![
            ("z", Json::Unsigned(1)),
            ("a", Json::Str("q\"\n".into())),
            ("n", Json::Null),
            ("f", Json::Float(f64::NAN)),
            ("l", Json::Array(vec![Json::Signed(-2), Json::Bool(true)])),
        ]);
        let mut s = String::new();
        j.write(&mut s);
        assert_eq!(s, r#"{"z":1,"a":"q\"\n","n":null,"f":"NaN","l":[-2,true]}"#);
    }
}
