//! Loads Wireshark's XML Diameter dictionaries (feature `alloc`).
//!
//! Wireshark ships `dictionary.xml` (the base protocol and the vendor list)
//! which pulls in one file per application or vendor through external
//! entities declared in its DOCTYPE:
//!
//! ```text
//! <!DOCTYPE dictionary SYSTEM "dictionary.dtd" [
//!     <!ENTITY nasreq SYSTEM "nasreq.xml">
//!     ...
//! ]>
//! <dictionary>
//!   <base uri="...">
//!     <command name="Capabilities-Exchange" code="257" vendor-id="None"/>
//!     <typedefn type-name="AppId" type-parent="Unsigned32"/>
//!     <avp name="Session-Id" code="263" mandatory="must" vendor-bit="mustnot">
//!       <type type-name="UTF8String"/>
//!     </avp>
//!     <avp name="Vendor-Specific-Application-Id" code="260" ...>
//!       <grouped> <gavp name="Vendor-Id"/> ... </grouped>
//!     </avp>
//!   </base>
//!   &nasreq;
//!   <vendor vendor-id="TGPP" code="10415" name="3GPP"/>
//! </dictionary>
//! ```
//!
//! The loader understands `<base>`, `<application id name>`, `<vendor
//! vendor-id code name>`, `<typedefn type-name type-parent>`, `<command name
//! code [proxiable]>`, `<avp name code mandatory vendor-bit vendor-id ...>`
//! with `<type type-name>` or `<grouped>` (of `<gavp name>`), and `<enum name
//! code>`. Commands and grouped AVPs may also carry explicit grammars, which
//! Wireshark's own files do not: `<request>` / `<answer>` (or, inside
//! `<grouped>`, directly) holding `<fixed>`, `<required>` and `<optional>`
//! lists of `<avp name [min] [max]>` (defaults: exactly one for fixed and
//! required, at most one for optional; `max="*"` is unbounded; `<avp
//! name="AVP"/>` in `<optional>` means `* [ AVP ]`).
//!
//! A `<gavp>` list carries no arity, so it becomes optional rules `* [ X ]`
//! and an extensible grammar: it names the members without constraining
//! them. Commands without a grammar accept any AVP. Commands are proxiable
//! unless `proxiable="no"` or they are CER, DWR or DPR (RFC 6733 §5: their
//! CCFs lack `PXY`).
//!
//! Type names map to [`AvpType`] by name for the RFC 6733 types, through
//! `type-parent` otherwise (`AppId` and `VendorId` are Unsigned32,
//! `MIPRegistrationRequest` and `OctetStringOrUTF8` OctetString). Wireshark's
//! `IPAddress` becomes [`AvpType::Address`] (Wireshark dissects it as one;
//! the validator keeps address families other than 1 and 2 raw, so raw
//! 4-byte RADIUS-style addresses still pass).
//!
//! The XML scanner is small, strict and bounded: elements, attributes in
//! either quote style, comments, CDATA, processing instructions, the five
//! predefined entities and character references, and a DOCTYPE whose
//! internal subset holds only comments and `<!ENTITY name SYSTEM "file">`.
//! Other DTD declarations are errors. Every failure is a [`LoadError`] with
//! the file and line. The library does no I/O: included files come from the
//! caller's resolver closure.
//!
//! # Precedence
//!
//! Definitions the built-in tables already have are skipped unless
//! [`LoadOptions::replace_builtin`] is set (Wireshark's base definitions are
//! looser than the built-in grammars). Within the XML, a later definition of
//! the same key replaces an earlier one.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::dictionary::Dictionary;
use super::runtime::{
    avp_type_from_name, RuntimeApplication, RuntimeAvp, RuntimeCommand, RuntimeGrouped,
};
use super::table::{FlagRule, Position, RuleEntry, UNBOUNDED};
use super::validate::MAX_GRAMMAR_RULES;
use crate::diameter::wire::{ApplicationId, AvpCode, AvpType, CommandCode, VendorId};

/// Largest XML file the loader accepts.
pub const MAX_XML_BYTES: usize = 16 * 1024 * 1024;
/// Deepest element nesting.
pub const MAX_XML_DEPTH: usize = 32;
/// Deepest chain of entity includes.
pub const MAX_INCLUDE_DEPTH: usize = 4;
/// Most included files in one load.
pub const MAX_INCLUDES: usize = 256;
/// Longest `type-parent` chain.
const MAX_TYPE_CHAIN: usize = 8;

/// How to merge the loaded definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadOptions {
    /// Replace built-in definitions with the same key (default `false`:
    /// only add what the built-ins lack).
    pub replace_builtin: bool,
}

/// What a load added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadReport {
    /// Files read (the root and every include).
    pub files: usize,
    /// Applications added.
    pub applications: usize,
    /// Vendors named.
    pub vendors: usize,
    /// AVP definitions added.
    pub avps: usize,
    /// Commands added.
    pub commands: usize,
    /// Grouped grammars added.
    pub grouped: usize,
    /// Definitions skipped because the built-ins have them.
    pub skipped_builtin: usize,
    /// AVP definitions that redefined a key already seen in the XML.
    pub duplicates: usize,
    /// Grammar members naming no AVP defined anywhere (dropped; the grammar
    /// then accepts any AVP).
    pub unresolved_names: usize,
}

/// Why a load failed, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("dictionary XML file #{file} line {line}: {kind}")]
pub struct LoadError {
    /// Which file: 0 for the root, n for the n-th file included (in the
    /// order they were read).
    pub file: u16,
    /// 1-based line number.
    pub line: u32,
    /// What went wrong.
    pub kind: LoadErrorKind,
}

/// The kinds of [`LoadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The input ends inside a construct.
    #[error("unexpected end of input")]
    UnexpectedEof,
    /// A character that cannot appear here.
    #[error("unexpected character {found:?}")]
    UnexpectedChar {
        /// The character.
        found: char,
    },
    /// An end tag that does not close the open element.
    #[error("mismatched end tag")]
    MismatchedEndTag,
    /// An attribute given twice.
    #[error("duplicate attribute")]
    DuplicateAttribute,
    /// An `&name;` that is neither predefined nor declared.
    #[error("unknown entity")]
    UnknownEntity,
    /// A DTD declaration other than `<!ENTITY name SYSTEM "file">`.
    #[error("unsupported DTD declaration")]
    UnsupportedDeclaration,
    /// The resolver did not find an included file.
    #[error("included file not found")]
    IncludeNotFound,
    /// Element nesting deeper than [`MAX_XML_DEPTH`].
    #[error("elements nested deeper than {MAX_XML_DEPTH}")]
    TooDeep,
    /// Includes nested deeper than [`MAX_INCLUDE_DEPTH`] or more than
    /// [`MAX_INCLUDES`] files.
    #[error("too many or too deeply nested includes")]
    TooManyIncludes,
    /// A file larger than [`MAX_XML_BYTES`].
    #[error("file larger than {MAX_XML_BYTES} bytes")]
    TooLarge,
    /// An element where the format does not allow it.
    #[error("unexpected element")]
    UnexpectedElement,
    /// A required attribute is absent.
    #[error("missing attribute {attr}")]
    MissingAttribute {
        /// The attribute.
        attr: &'static str,
    },
    /// An attribute value that is not what the format allows.
    #[error("invalid value for attribute {attr}")]
    InvalidAttribute {
        /// The attribute.
        attr: &'static str,
    },
    /// A `type-name` that resolves to no Diameter type.
    #[error("unknown AVP type")]
    UnknownType,
    /// A `vendor-id` symbol no `<vendor>` declares.
    #[error("unknown vendor")]
    UnknownVendor,
    /// A grammar longer than [`MAX_GRAMMAR_RULES`].
    #[error("grammar longer than {MAX_GRAMMAR_RULES} rules")]
    GrammarTooLarge,
}

// ---------------------------------------------------------------------------
// The scanner.

#[derive(Debug)]
enum Event<'s> {
    Start {
        name: &'s str,
        attrs: Vec<(&'s str, String)>,
        empty: bool,
    },
    End {
        name: &'s str,
    },
    Include(&'s str),
    Eof,
}

struct Scanner<'s> {
    src: &'s str,
    pos: usize,
    line: u32,
    file: u16,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-') || b >= 0x80
}

impl<'s> Scanner<'s> {
    fn err(&self, kind: LoadErrorKind) -> LoadError {
        LoadError {
            file: self.file,
            line: self.line,
            kind,
        }
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.src.len());
        let skipped = self.src.as_bytes().get(self.pos..end).unwrap_or(&[]);
        self.line = self
            .line
            .saturating_add(skipped.iter().filter(|&&b| b == b'\n').count() as u32);
        self.pos = end;
    }

    fn unexpected(&self) -> LoadError {
        match self.rest().chars().next() {
            Some(found) => self.err(LoadErrorKind::UnexpectedChar { found }),
            None => self.err(LoadErrorKind::UnexpectedEof),
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.advance(1);
        }
    }

    fn expect(&mut self, s: &str) -> Result<(), LoadError> {
        if self.rest().starts_with(s) {
            self.advance(s.len());
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// Skips past the next `end`.
    fn skip_past(&mut self, end: &str) -> Result<(), LoadError> {
        match self.rest().find(end) {
            Some(i) => {
                self.advance(i + end.len());
                Ok(())
            }
            None => {
                self.advance(self.src.len());
                Err(self.err(LoadErrorKind::UnexpectedEof))
            }
        }
    }

    fn name(&mut self) -> Result<&'s str, LoadError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut end = start;
        while bytes.get(end).is_some_and(|&b| is_name_byte(b)) {
            end += 1;
        }
        if end == start {
            return Err(self.unexpected());
        }
        let n = self.src.get(start..end).ok_or_else(|| self.unexpected())?;
        self.advance(end - start);
        Ok(n)
    }

    fn quoted(&mut self) -> Result<&'s str, LoadError> {
        let q = match self.peek() {
            Some(q @ (b'"' | b'\'')) => q,
            _ => return Err(self.unexpected()),
        };
        self.advance(1);
        let rest = self.rest();
        let Some(i) = rest.bytes().position(|b| b == q) else {
            self.advance(rest.len());
            return Err(self.err(LoadErrorKind::UnexpectedEof));
        };
        let v = rest.get(..i).unwrap_or("");
        self.advance(i + 1);
        Ok(v)
    }

    /// Replaces the predefined entities and character references.
    fn unescape(&self, raw: &str) -> Result<String, LoadError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(i) = rest.find('&') {
            out.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i + 1..).unwrap_or("");
            let Some(semi) = after.find(';') else {
                return Err(self.err(LoadErrorKind::UnknownEntity));
            };
            let ent = after.get(..semi).unwrap_or("");
            out.push(self.entity_char(ent)?);
            rest = after.get(semi + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }

    fn entity_char(&self, ent: &str) -> Result<char, LoadError> {
        let c = match ent {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let num = if let Some(h) = ent.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = ent.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                num.and_then(char::from_u32)
            }
        };
        c.ok_or_else(|| self.err(LoadErrorKind::UnknownEntity))
    }

    /// Parses a DOCTYPE (after `<!DOCTYPE`), collecting SYSTEM entities.
    fn doctype(&mut self, entities: &mut Vec<(String, String)>) -> Result<(), LoadError> {
        self.skip_ws();
        self.name()?;
        self.skip_ws();
        if self.rest().starts_with("SYSTEM") {
            self.advance(6);
            self.skip_ws();
            self.quoted()?;
            self.skip_ws();
        } else if self.rest().starts_with("PUBLIC") {
            self.advance(6);
            self.skip_ws();
            self.quoted()?;
            self.skip_ws();
            self.quoted()?;
            self.skip_ws();
        }
        if self.peek() == Some(b'[') {
            self.advance(1);
            loop {
                self.skip_ws();
                let rest = self.rest();
                if rest.starts_with(']') {
                    self.advance(1);
                    break;
                } else if rest.starts_with("<!--") {
                    self.skip_past("-->")?;
                } else if rest.starts_with("<!ENTITY") {
                    self.advance(8);
                    self.skip_ws();
                    if self.peek() == Some(b'%') {
                        return Err(self.err(LoadErrorKind::UnsupportedDeclaration));
                    }
                    let name = self.name()?;
                    self.skip_ws();
                    if !self.rest().starts_with("SYSTEM") {
                        return Err(self.err(LoadErrorKind::UnsupportedDeclaration));
                    }
                    self.advance(6);
                    self.skip_ws();
                    let file = self.quoted()?;
                    self.skip_ws();
                    self.expect(">")?;
                    entities.push((name.to_string(), file.to_string()));
                } else if rest.is_empty() {
                    return Err(self.err(LoadErrorKind::UnexpectedEof));
                } else {
                    return Err(self.err(LoadErrorKind::UnsupportedDeclaration));
                }
            }
            self.skip_ws();
        }
        self.expect(">")
    }

    /// The next element event; text, comments, CDATA and processing
    /// instructions are skipped.
    fn next(&mut self, entities: &mut Vec<(String, String)>) -> Result<Event<'s>, LoadError> {
        loop {
            // Text up to the next markup; only entity references matter.
            let rest = self.rest();
            let lt = rest.find('<').unwrap_or(rest.len());
            let text = rest.get(..lt).unwrap_or("");
            if let Some(amp) = text.find('&') {
                self.advance(amp + 1);
                let r = self.rest();
                let Some(semi) = r.find(';') else {
                    return Err(self.err(LoadErrorKind::UnknownEntity));
                };
                let ent = r.get(..semi).unwrap_or("");
                self.advance(semi + 1);
                if entities.iter().any(|(n, _)| n == ent) {
                    return Ok(Event::Include(ent));
                }
                self.entity_char(ent)?;
                continue;
            }
            self.advance(lt);
            let rest = self.rest();
            if rest.is_empty() {
                return Ok(Event::Eof);
            }
            if rest.starts_with("<!--") {
                self.skip_past("-->")?;
            } else if rest.starts_with("<![CDATA[") {
                self.skip_past("]]>")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>")?;
            } else if rest.starts_with("<!DOCTYPE") {
                self.advance(9);
                self.doctype(entities)?;
            } else if rest.starts_with("<!") {
                return Err(self.err(LoadErrorKind::UnsupportedDeclaration));
            } else if rest.starts_with("</") {
                self.advance(2);
                let name = self.name()?;
                self.skip_ws();
                self.expect(">")?;
                return Ok(Event::End { name });
            } else {
                self.advance(1);
                let name = self.name()?;
                let mut attrs: Vec<(&'s str, String)> = Vec::new();
                loop {
                    self.skip_ws();
                    if self.rest().starts_with("/>") {
                        self.advance(2);
                        return Ok(Event::Start {
                            name,
                            attrs,
                            empty: true,
                        });
                    }
                    if self.peek() == Some(b'>') {
                        self.advance(1);
                        return Ok(Event::Start {
                            name,
                            attrs,
                            empty: false,
                        });
                    }
                    let an = self.name()?;
                    self.skip_ws();
                    self.expect("=")?;
                    self.skip_ws();
                    let raw = self.quoted()?;
                    if raw.contains('<') {
                        return Err(self.err(LoadErrorKind::UnexpectedChar { found: '<' }));
                    }
                    let v = self.unescape(raw)?;
                    if attrs.iter().any(|(n, _)| *n == an) {
                        return Err(self.err(LoadErrorKind::DuplicateAttribute));
                    }
                    attrs.push((an, v));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The loader.

#[derive(Debug, Clone)]
struct PRule {
    name: String,
    position: Position,
    min: u16,
    max: u16,
}

#[derive(Debug, Clone, Default)]
struct PGrammar {
    rules: Vec<PRule>,
    extensible: bool,
}

#[derive(Debug, Clone)]
struct PAvp {
    name: String,
    code: u32,
    vendor: Option<String>,
    type_name: Option<String>,
    grouped: Option<PGrammar>,
    enums: Vec<(i32, String)>,
    m: FlagRule,
    v: FlagRule,
    file: u16,
    line: u32,
}

#[derive(Debug, Clone)]
struct PCommand {
    name: String,
    code: u32,
    application: u32,
    proxiable: bool,
    request: Option<PGrammar>,
    answer: Option<PGrammar>,
}

/// Where we are in the element tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Dictionary,
    Section,
    /// Inside `<vendor>`: AVPs without `vendor-id` belong to it.
    Vendor,
    Command,
    Grammar {
        request: bool,
    },
    RuleList {
        position: Position,
        request: Option<bool>,
    },
    AvpDef,
    Grouped,
    Leaf,
}

#[derive(Default)]
struct State {
    files: usize,
    includes: usize,
    app: u32,
    vendor: Option<String>,
    apps: Vec<RuntimeApplication>,
    vendors: Vec<(String, u32, String)>,
    typedefs: Vec<(String, Option<String>)>,
    avps: Vec<PAvp>,
    commands: Vec<PCommand>,
}

fn attr<'a>(attrs: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn parse_u32(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).ok()
    } else {
        s.parse().ok()
    }
}

fn flag_rule(v: Option<&str>, default: FlagRule) -> Option<FlagRule> {
    Some(match v {
        None => default,
        Some("must") => FlagRule::Must,
        Some("may" | "shouldnot") => FlagRule::May,
        Some("mustnot") => FlagRule::MustNot,
        Some(_) => return None,
    })
}

impl State {
    fn parse_file(
        &mut self,
        src: &str,
        file: u16,
        depth: usize,
        stack: &mut Vec<Ctx>,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), LoadError> {
        let mut sc = Scanner {
            src,
            pos: 0,
            line: 1,
            file,
        };
        if src.len() > MAX_XML_BYTES {
            return Err(sc.err(LoadErrorKind::TooLarge));
        }
        self.files += 1;
        let base_depth = stack.len();
        let mut entities: Vec<(String, String)> = Vec::new();
        // The element names open in this file, to match end tags.
        let mut names: Vec<&str> = Vec::new();
        loop {
            match sc.next(&mut entities)? {
                Event::Eof => {
                    if names.is_empty() {
                        return Ok(());
                    }
                    return Err(sc.err(LoadErrorKind::UnexpectedEof));
                }
                Event::Include(ent) => {
                    let target = entities
                        .iter()
                        .find(|(n, _)| n == ent)
                        .map(|(_, f)| f.clone())
                        .ok_or_else(|| sc.err(LoadErrorKind::UnknownEntity))?;
                    if depth + 1 > MAX_INCLUDE_DEPTH || self.includes >= MAX_INCLUDES {
                        return Err(sc.err(LoadErrorKind::TooManyIncludes));
                    }
                    let text =
                        resolve(&target).ok_or_else(|| sc.err(LoadErrorKind::IncludeNotFound))?;
                    self.includes += 1;
                    let idx = u16::try_from(self.includes).unwrap_or(u16::MAX);
                    self.parse_file(&text, idx, depth + 1, stack, resolve)?;
                }
                Event::End { name } => {
                    if names.pop() != Some(name) || stack.len() <= base_depth {
                        return Err(sc.err(LoadErrorKind::MismatchedEndTag));
                    }
                    let ctx = stack.pop();
                    self.close(ctx);
                }
                Event::Start { name, attrs, empty } => {
                    if stack.len() >= MAX_XML_DEPTH {
                        return Err(sc.err(LoadErrorKind::TooDeep));
                    }
                    let parent = stack.last().copied();
                    let ctx = self.open(&sc, parent, name, &attrs)?;
                    if empty {
                        self.close(Some(ctx));
                    } else {
                        stack.push(ctx);
                        names.push(name);
                    }
                }
            }
        }
    }

    fn open(
        &mut self,
        sc: &Scanner<'_>,
        parent: Option<Ctx>,
        name: &str,
        attrs: &[(&str, String)],
    ) -> Result<Ctx, LoadError> {
        let need = |a: &'static str| {
            attr(attrs, a).ok_or_else(|| sc.err(LoadErrorKind::MissingAttribute { attr: a }))
        };
        let num = |a: &'static str| {
            need(a).and_then(|v| {
                parse_u32(v).ok_or_else(|| sc.err(LoadErrorKind::InvalidAttribute { attr: a }))
            })
        };
        let bad = || Err(sc.err(LoadErrorKind::UnexpectedElement));
        Ok(match (parent, name) {
            (None, "dictionary") => Ctx::Dictionary,
            (Some(Ctx::Dictionary) | None, "base") => {
                self.app = 0;
                Ctx::Section
            }
            (Some(Ctx::Dictionary) | None, "application") => {
                let id = num("id")?;
                self.app = id;
                self.apps.push(RuntimeApplication {
                    id,
                    name: attr(attrs, "name").unwrap_or("").to_string(),
                });
                Ctx::Section
            }
            (Some(Ctx::Dictionary | Ctx::Section) | None, "vendor") => {
                let sym = need("vendor-id")?.to_string();
                let code = num("code")?;
                let vname = attr(attrs, "name").unwrap_or(&sym).to_string();
                self.vendor = Some(sym.clone());
                self.vendors.push((sym, code, vname));
                Ctx::Vendor
            }
            (Some(Ctx::Section) | None, "typedefn") => {
                self.typedefs.push((
                    need("type-name")?.to_string(),
                    attr(attrs, "type-parent").map(ToString::to_string),
                ));
                Ctx::Leaf
            }
            (Some(Ctx::Section) | None, "command") => {
                let code = num("code")?;
                let proxiable = match attr(attrs, "proxiable") {
                    Some("yes" | "true") => true,
                    Some("no" | "false") => false,
                    Some(_) => {
                        return Err(sc.err(LoadErrorKind::InvalidAttribute { attr: "proxiable" }))
                    }
                    // RFC 6733 §5.3.1, §5.4.1, §5.5.1: CER, DPR, DWR lack PXY.
                    None => !matches!(code, 257 | 280 | 282),
                };
                self.commands.push(PCommand {
                    name: need("name")?.to_string(),
                    code,
                    application: self.app,
                    proxiable,
                    request: None,
                    answer: None,
                });
                Ctx::Command
            }
            (Some(Ctx::Command), "request" | "answer") => {
                let request = name == "request";
                if let Some(c) = self.commands.last_mut() {
                    let g = Some(PGrammar::default());
                    if request {
                        c.request = g;
                    } else {
                        c.answer = g;
                    }
                }
                Ctx::Grammar { request }
            }
            (Some(Ctx::Grammar { request }), "fixed" | "required" | "optional") => Ctx::RuleList {
                position: position_of(name),
                request: Some(request),
            },
            (Some(Ctx::Grouped), "fixed" | "required" | "optional") => Ctx::RuleList {
                position: position_of(name),
                request: None,
            },
            (Some(Ctx::RuleList { position, request }), "avp" | "gavp") => {
                let rname = need("name")?.trim().to_string();
                let (dmin, dmax) = match position {
                    Position::Optional => (0, 1),
                    _ => (1, 1),
                };
                let min = match attr(attrs, "min") {
                    None => dmin,
                    Some(v) => v
                        .trim()
                        .parse()
                        .map_err(|_| sc.err(LoadErrorKind::InvalidAttribute { attr: "min" }))?,
                };
                let max = match attr(attrs, "max") {
                    None => dmax,
                    Some("*" | "unbounded") => UNBOUNDED,
                    Some(v) => v
                        .trim()
                        .parse()
                        .map_err(|_| sc.err(LoadErrorKind::InvalidAttribute { attr: "max" }))?,
                };
                let g = self.grammar_mut(request);
                if let Some(g) = g {
                    if rname == "AVP" {
                        g.extensible = true;
                    } else {
                        g.rules.push(PRule {
                            name: rname,
                            position,
                            min,
                            max,
                        });
                    }
                }
                Ctx::Leaf
            }
            (Some(Ctx::Section | Ctx::Vendor) | None, "avp") => {
                let v_attr = attr(attrs, "vendor-bit");
                let vendor = attr(attrs, "vendor-id")
                    .map(ToString::to_string)
                    .or_else(|| {
                        if parent == Some(Ctx::Vendor) {
                            self.vendor.clone()
                        } else {
                            None
                        }
                    });
                self.avps.push(PAvp {
                    name: need("name")?.trim().to_string(),
                    code: num("code")?,
                    vendor,
                    type_name: None,
                    grouped: None,
                    enums: Vec::new(),
                    m: flag_rule(attr(attrs, "mandatory"), FlagRule::May).ok_or_else(|| {
                        sc.err(LoadErrorKind::InvalidAttribute { attr: "mandatory" })
                    })?,
                    v: flag_rule(v_attr, FlagRule::MustNot).ok_or_else(|| {
                        sc.err(LoadErrorKind::InvalidAttribute { attr: "vendor-bit" })
                    })?,
                    file: sc.file,
                    line: sc.line,
                });
                Ctx::AvpDef
            }
            (Some(Ctx::AvpDef), "type") => {
                let t = need("type-name")?.to_string();
                if let Some(a) = self.avps.last_mut() {
                    a.type_name = Some(t);
                }
                Ctx::Leaf
            }
            (Some(Ctx::AvpDef), "grouped") => {
                if let Some(a) = self.avps.last_mut() {
                    a.grouped = Some(PGrammar {
                        rules: Vec::new(),
                        extensible: false,
                    });
                }
                Ctx::Grouped
            }
            (Some(Ctx::Grouped), "gavp") => {
                let rname = need("name")?.trim().to_string();
                if let Some(g) = self.avps.last_mut().and_then(|a| a.grouped.as_mut()) {
                    // No arity in Wireshark's format: name only, open grammar.
                    g.extensible = true;
                    g.rules.push(PRule {
                        name: rname,
                        position: Position::Optional,
                        min: 0,
                        max: UNBOUNDED,
                    });
                }
                Ctx::Leaf
            }
            (Some(Ctx::AvpDef), "enum") => {
                let ename = need("name")?.to_string();
                let code = need("code")?;
                let v: i32 = code
                    .trim()
                    .parse()
                    .or_else(|_| parse_u32(code).map(|u| u as i32).ok_or(()))
                    .map_err(|()| sc.err(LoadErrorKind::InvalidAttribute { attr: "code" }))?;
                if let Some(a) = self.avps.last_mut() {
                    a.enums.push((v, ename));
                }
                Ctx::Leaf
            }
            _ => return bad(),
        })
    }

    fn grammar_mut(&mut self, request: Option<bool>) -> Option<&mut PGrammar> {
        match request {
            Some(true) => self.commands.last_mut()?.request.as_mut(),
            Some(false) => self.commands.last_mut()?.answer.as_mut(),
            None => self.avps.last_mut()?.grouped.as_mut(),
        }
    }

    fn close(&mut self, ctx: Option<Ctx>) {
        match ctx {
            Some(Ctx::Section) => self.app = 0,
            Some(Ctx::Vendor) => self.vendor = None,
            _ => {}
        }
    }
}

fn position_of(name: &str) -> Position {
    match name {
        "fixed" => Position::Fixed,
        "required" => Position::Required,
        _ => Position::Optional,
    }
}

/// The [`AvpType`] a type name stands for, following `type-parent`.
fn resolve_type(name: &str, typedefs: &[(String, Option<String>)]) -> Option<AvpType> {
    let mut cur = name;
    for _ in 0..MAX_TYPE_CHAIN {
        if cur == "IPAddress" {
            return Some(AvpType::Address);
        }
        if let Some(t) = avp_type_from_name(cur) {
            return Some(t);
        }
        cur = typedefs
            .iter()
            .rev()
            .find(|(n, _)| n == cur)
            .and_then(|(_, p)| p.as_deref())?;
    }
    None
}

impl Dictionary {
    /// Loads a Wireshark XML dictionary. `root` is the text of the root file
    /// (usually `dictionary.xml`); `resolve` returns the text of a file an
    /// `<!ENTITY name SYSTEM "file">` names, or `None`. Nothing is added
    /// when the load fails.
    pub fn load_wireshark_xml(
        &mut self,
        root: &str,
        resolve: impl Fn(&str) -> Option<String>,
        opts: &LoadOptions,
    ) -> Result<LoadReport, LoadError> {
        let mut st = State::default();
        let mut stack = Vec::new();
        st.parse_file(root, 0, 0, &mut stack, &resolve)?;
        self.merge(st, opts)
    }

    /// Reads `dir/dictionary.xml` and the files it includes from `dir`
    /// (feature `std`).
    #[cfg(feature = "std")]
    pub fn load_wireshark_dir(
        &mut self,
        dir: &std::path::Path,
        opts: &LoadOptions,
    ) -> Result<LoadReport, LoadDirError> {
        let root = std::fs::read_to_string(dir.join("dictionary.xml")).map_err(LoadDirError::Io)?;
        let resolve = |file: &str| {
            // Only plain file names inside `dir`.
            if file.contains('/') || file.contains('\\') || file.contains("..") {
                return None;
            }
            std::fs::read_to_string(dir.join(file)).ok()
        };
        self.load_wireshark_xml(&root, resolve, opts)
            .map_err(LoadDirError::Xml)
    }

    fn merge(&mut self, st: State, opts: &LoadOptions) -> Result<LoadReport, LoadError> {
        let mut report = LoadReport {
            files: st.files,
            ..LoadReport::default()
        };
        let mut vendor_codes: BTreeMap<&str, u32> = BTreeMap::new();
        for (sym, code, _) in &st.vendors {
            vendor_codes.insert(sym.as_str(), *code);
        }
        let at = |file: u16, line: u32, kind| LoadError { file, line, kind };
        // Resolve AVPs.
        let mut avps: Vec<RuntimeAvp> = Vec::with_capacity(st.avps.len());
        let mut grammars: Vec<(u32, u32, &PGrammar)> = Vec::new();
        let mut by_name: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for p in &st.avps {
            let vendor = match p.vendor.as_deref() {
                None | Some("None") => 0,
                Some(sym) => *vendor_codes
                    .get(sym)
                    .ok_or_else(|| at(p.file, p.line, LoadErrorKind::UnknownVendor))?,
            };
            let ty = if p.grouped.is_some() {
                AvpType::Grouped
            } else {
                let t = p.type_name.as_deref().ok_or_else(|| {
                    at(
                        p.file,
                        p.line,
                        LoadErrorKind::MissingAttribute { attr: "type" },
                    )
                })?;
                resolve_type(t, &st.typedefs)
                    .ok_or_else(|| at(p.file, p.line, LoadErrorKind::UnknownType))?
            };
            if let Some(g) = &p.grouped {
                if g.rules.len() > MAX_GRAMMAR_RULES {
                    return Err(at(p.file, p.line, LoadErrorKind::GrammarTooLarge));
                }
                grammars.push((p.code, vendor, g));
            }
            by_name.entry(p.name.as_str()).or_insert((p.code, vendor));
            avps.push(RuntimeAvp {
                name: p.name.clone(),
                code: p.code,
                vendor,
                ty,
                m: p.m,
                // A vendor AVP carries the V bit whatever the attribute says.
                v: if vendor != 0 { FlagRule::Must } else { p.v },
                enums: p.enums.clone(),
            });
        }
        let mut keys: Vec<(u32, u32)> = avps.iter().map(|a| (a.vendor, a.code)).collect();
        keys.sort_unstable();
        report.duplicates = keys.windows(2).filter(|w| w[0] == w[1]).count();

        let mut unresolved = 0usize;
        let mut resolve_grammar = |g: &PGrammar| -> (Vec<RuleEntry>, bool) {
            let mut rules = Vec::with_capacity(g.rules.len());
            let mut extensible = g.extensible;
            for r in &g.rules {
                let key = by_name.get(r.name.as_str()).copied().or_else(|| {
                    self.avps()
                        .find(|d| d.name() == r.name)
                        .map(|d| (d.code().0, d.vendor().0))
                });
                match key {
                    Some((code, vendor)) => rules.push(RuleEntry {
                        code,
                        vendor,
                        position: r.position,
                        min: r.min,
                        max: r.max,
                    }),
                    None => {
                        unresolved += 1;
                        extensible = true;
                    }
                }
            }
            (rules, extensible)
        };
        let mut grouped_out = Vec::new();
        for (code, vendor, g) in &grammars {
            let (rules, extensible) = resolve_grammar(g);
            grouped_out.push(RuntimeGrouped {
                code: *code,
                vendor: *vendor,
                rules,
                extensible,
            });
        }
        let mut commands_out = Vec::new();
        for c in &st.commands {
            let (request, request_extensible) = c
                .request
                .as_ref()
                .map_or((Vec::new(), true), &mut resolve_grammar);
            let (answer, answer_extensible) = c
                .answer
                .as_ref()
                .map_or((Vec::new(), true), &mut resolve_grammar);
            if request.len() > MAX_GRAMMAR_RULES || answer.len() > MAX_GRAMMAR_RULES {
                return Err(at(0, 0, LoadErrorKind::GrammarTooLarge));
            }
            commands_out.push(RuntimeCommand {
                name: c.name.clone(),
                request_abbrev: String::new(),
                answer_abbrev: String::new(),
                code: c.code,
                application: c.application,
                proxiable: c.proxiable,
                request,
                request_extensible,
                answer,
                answer_extensible,
            });
        }
        report.unresolved_names = unresolved;

        // Merge, skipping built-ins unless told otherwise.
        let replace = opts.replace_builtin;
        let builtin = Dictionary::from_static(self.static_tables());
        let keep_avp = |a: &RuntimeAvp| {
            replace || !builtin.is_builtin_avp(AvpCode(a.code), VendorId(a.vendor))
        };
        let before = avps.len();
        let avps: Vec<RuntimeAvp> = avps.into_iter().filter(keep_avp).collect();
        report.skipped_builtin += before - avps.len();
        let mut added = avps.len();
        added -= report.duplicates.min(added);
        report.avps = added;
        self.add_avps(avps);
        for g in grouped_out {
            if !replace
                && builtin
                    .grouped(AvpCode(g.code), VendorId(g.vendor))
                    .is_some()
            {
                report.skipped_builtin += 1;
                continue;
            }
            self.add_grouped(g);
            report.grouped += 1;
        }
        for c in commands_out {
            if !replace
                && builtin
                    .command_exact(CommandCode(c.code), ApplicationId(c.application))
                    .is_some()
            {
                report.skipped_builtin += 1;
                continue;
            }
            self.add_command(c);
            report.commands += 1;
        }
        for a in st.apps {
            if !replace && builtin.application(ApplicationId(a.id)).is_some() {
                report.skipped_builtin += 1;
                continue;
            }
            self.add_application(a);
            report.applications += 1;
        }
        for (_, code, name) in st.vendors {
            self.add_vendor(VendorId(code), name);
            report.vendors += 1;
        }
        Ok(report)
    }
}

/// Why [`Dictionary::load_wireshark_dir`] failed.
#[cfg(feature = "std")]
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadDirError {
    /// Reading `dictionary.xml` failed.
    #[error("reading dictionary.xml: {0}")]
    Io(std::io::Error),
    /// The XML is invalid.
    #[error(transparent)]
    Xml(LoadError),
}
