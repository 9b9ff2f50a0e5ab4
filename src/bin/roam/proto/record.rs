//! A decoded message as a flat list of named fields plus a list of children
//! (extensions or options): the shape the Mobile IPv4 and Mobile IPv6
//! dissectors share. JSON prints the fields in order, then the children
//! under their key, then `error`; text prints a summary line and one line
//! per child.

use crate::json::Json;
use crate::proto::Decoded;

/// A named field in output order.
pub(crate) type Field = (&'static str, Json);

/// One extension or option.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Child {
    /// The text line's head, e.g. `"Mobile Node NAI (131) len=15"`.
    pub(crate) title: String,
    /// The JSON object's keys, starting with `type`.
    pub(crate) fields: Vec<Field>,
}

impl Child {
    /// Appends a field.
    pub(crate) fn push(&mut self, name: &'static str, value: impl Into<Json>) {
        self.fields.push((name, value.into()));
    }
}

/// Why a message could not be decoded completely.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    /// A stable name for the kind of error (`"truncated"`).
    pub(crate) kind: &'static str,
    /// Offset of the failure from the first byte of the message, when known.
    pub(crate) offset: Option<usize>,
    /// The library's description.
    pub(crate) message: String,
}

impl Failure {
    fn json(&self) -> Json {
        Json::Object(vec![
            ("kind", self.kind.into()),
            ("offset", Json::opt(self.offset)),
            ("message", self.message.clone().into()),
        ])
    }
}

/// One decoded message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// The `protocol` key.
    pub(crate) protocol: &'static str,
    /// The text summary line (without frame and endpoints).
    pub(crate) summary: String,
    /// The message's own fields, in output order.
    pub(crate) fields: Vec<Field>,
    /// The key the children go under (`"extensions"`, `"options"`).
    pub(crate) children_key: &'static str,
    /// Extensions or options, in wire order.
    pub(crate) children: Vec<Child>,
    /// Set when decoding stopped early; the fields and children then hold
    /// what was decoded before.
    pub(crate) error: Option<Failure>,
}

impl Record {
    /// Sets the value of field `name`, appending it if absent.
    pub(crate) fn set(&mut self, name: &'static str, value: impl Into<Json>) {
        let value = value.into();
        match self.fields.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((name, value)),
        }
    }

    /// The value of field `name`, if set.
    pub(crate) fn get(&self, name: &str) -> Option<&Json> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

impl Decoded for Record {
    fn protocol(&self) -> Option<&'static str> {
        Some(self.protocol)
    }

    fn json_fields(&self) -> Vec<(&'static str, Json)> {
        let mut out = self.fields.clone();
        let children = self
            .children
            .iter()
            .map(|c| Json::Object(c.fields.clone()))
            .collect();
        out.push((self.children_key, Json::Array(children)));
        out.push((
            "error",
            self.error.as_ref().map_or(Json::Null, Failure::json),
        ));
        out
    }

    fn summary(&self) -> String {
        self.summary.clone()
    }

    fn detail(&self, out: &mut Vec<String>) {
        for c in &self.children {
            let mut line = c.title.clone();
            let mut first = true;
            for (k, v) in &c.fields {
                if matches!(*k, "type" | "length" | "name") || *v == Json::Null {
                    continue;
                }
                line.push_str(if first { ": " } else { " " });
                first = false;
                line.push_str(k);
                line.push('=');
                line.push_str(&text(v));
            }
            out.push(line);
        }
        if let Some(e) = &self.error {
            let at = e
                .offset
                .map(|o| format!(" at offset {o}"))
                .unwrap_or_default();
            out.push(format!("[{}{at}: {}]", e.kind, e.message));
        }
    }

    fn failed(&self) -> bool {
        self.error.is_some()
    }
}

/// A JSON value as text: strings bare, arrays and objects compact.
pub(crate) fn text(v: &Json) -> String {
    match v {
        Json::Str(s) => s.clone(),
        Json::Array(items) => {
            let inner: Vec<String> = items.iter().map(text).collect();
            format!("[{}]", inner.join(", "))
        }
        Json::Object(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}={}", text(v)))
                .collect();
            format!("{{{}}}", inner.join(" "))
        }
        other => {
            let mut s = String::new();
            other.write(&mut s);
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_text_shapes() {
        let mut r = Record {
            protocol: "mip4",
            summary: "MIP Reg Request".into(),
            fields: vec![("type", Json::Unsigned(1)), ("flags", Json::Null)],
            children_key: "extensions",
            children: vec![Child {
                title: "Mobile Node NAI (131) len=3".into(),
                fields: vec![("type", Json::Unsigned(131)), ("nai", "a@b".into())],
            }],
            error: Some(Failure {
                kind: "truncated",
                offset: Some(24),
                message: "cut".into(),
            }),
        };
        r.set("flags", 2u32);
        r.set("lifetime", 60u32);
        assert_eq!(r.get("flags"), Some(&Json::Unsigned(2)));
        let mut s = String::new();
        Json::Object(r.json_fields()).write(&mut s);
        assert_eq!(
            s,
            r#"{"type":1,"flags":2,"lifetime":60,"extensions":[{"type":131,"nai":"a@b"}],"error":{"kind":"truncated","offset":24,"message":"cut"}}"#
        );
        let mut lines = Vec::new();
        r.detail(&mut lines);
        assert_eq!(
            lines,
            [
                "Mobile Node NAI (131) len=3: nai=a@b",
                "[truncated at offset 24: cut]"
            ]
        );
        assert!(r.failed());
        assert_eq!(r.protocol(), Some("mip4"));
    }
}
