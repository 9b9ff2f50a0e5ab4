//! Printing decoded messages as text or JSON Lines.

use std::io::Write;

use crate::json::Json;
use crate::proto::Decoded;

/// The `--format` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// tshark-like one-line summary plus an indented AVP, extension or option
    /// tree.
    Text,
    /// One JSON object per message (JSON Lines).
    Json,
}

/// Where a message came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// Frame number (1-based), or the message index for raw input.
    pub(crate) frame: u64,
    /// `"src → dst"` for captured messages.
    pub(crate) endpoints: Option<&'a str>,
}

/// Writes messages and remembers whether any failed.
pub(crate) struct Output<W: Write> {
    format: Format,
    out: W,
    any_failed: bool,
}

impl<W: Write> Output<W> {
    pub(crate) fn new(format: Format, out: W) -> Output<W> {
        Output {
            format,
            out,
            any_failed: false,
        }
    }

    /// Whether some message failed to parse.
    pub(crate) fn any_failed(&self) -> bool {
        self.any_failed
    }

    /// Prints a line of text output (a file heading); nothing in JSON.
    pub(crate) fn heading(&mut self, text: &str) -> std::io::Result<()> {
        match self.format {
            Format::Text => writeln!(self.out, "{text}"),
            Format::Json => Ok(()),
        }
    }

    /// Prints one message.
    pub(crate) fn message(
        &mut self,
        origin: Origin<'_>,
        protocol: &str,
        msg: &dyn Decoded,
    ) -> std::io::Result<()> {
        self.any_failed |= msg.failed();
        let protocol = msg.protocol().unwrap_or(protocol);
        let mut s = String::new();
        match self.format {
            Format::Json => {
                let mut fields = vec![
                    ("frame", Json::Unsigned(origin.frame)),
                    ("protocol", Json::from(protocol)),
                ];
                fields.extend(msg.json_fields());
                Json::Object(fields).write(&mut s);
                s.push('\n');
            }
            Format::Text => {
                s.push_str(&format!("{:>5} ", origin.frame));
                if let Some(e) = origin.endpoints {
                    s.push_str(e);
                    s.push(' ');
                }
                s.push_str(&msg.summary());
                s.push('\n');
                let mut lines = Vec::new();
                msg.detail(&mut lines);
                for line in lines {
                    s.push_str("    ");
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        }
        self.out.write_all(s.as_bytes())
    }

    pub(crate) fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
