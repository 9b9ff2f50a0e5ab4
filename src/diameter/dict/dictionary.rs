//! The dictionary engine: lookups over the static built-in tables and, with
//! the `alloc` feature, definitions added at runtime.
//!
//! # Precedence
//!
//! A definition added at runtime (by [`Dictionary::add_avp`] and friends, or
//! by the Wireshark XML loader) **replaces** a built-in definition with the
//! same key: `(code, vendor)` for AVPs and grouped grammars, `(code,
//! application)` for commands, the id for applications. Everything else
//! falls back to the built-in tables. [`Precedence::BuiltinFirst`] inverts
//! this for callers that want runtime tables only to *extend* the built-ins.
//! The XML loader skips definitions the built-ins already have unless told
//! otherwise ([`crate::diameter::dict::xml::LoadOptions::replace_builtin`]).
//!
//! # Cost
//!
//! Lookups never allocate. IETF AVPs (vendor 0) with a code below
//! [`DENSE_AVP_CODES`] are found through an index computed at compile time
//! (one array load); other static AVPs by binary search of each table's
//! sorted slice; runtime AVPs by binary search of one sorted `Vec`.

use crate::diameter::dict::table::{Application, AvpEntry, CommandEntry, FlagRule, RuleEntry};
use crate::diameter::wire::{ApplicationId, AvpCode, AvpType, CommandCode, VendorId};

#[cfg(feature = "alloc")]
use crate::diameter::dict::runtime::{
    Runtime, RuntimeApplication, RuntimeAvp, RuntimeCommand, RuntimeGrouped,
};

/// IETF AVP codes below this are found by direct indexing.
pub const DENSE_AVP_CODES: usize = 1024;

/// How many static tables one [`Dictionary`] can combine.
pub const MAX_STATIC_TABLES: usize = 255;

/// The built-in tables ([`crate::diameter::dict::builtin::ALL`]).
pub const BUILTIN_TABLES: &[&Application] = crate::diameter::dict::builtin::ALL;

/// The static dictionary holding only [`BUILTIN_TABLES`].
static BUILTIN: Dictionary = Dictionary::from_static(BUILTIN_TABLES);

/// Which side wins when a runtime and a built-in definition share a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Precedence {
    /// Runtime definitions replace built-ins (the default).
    #[default]
    RuntimeFirst,
    /// Built-ins win; runtime definitions only add what is missing.
    BuiltinFirst,
}

/// A Diameter dictionary: AVP definitions, command and grouped grammars,
/// applications.
///
/// Build the static one with [`Dictionary::builtin`] (no allocation, no
/// feature needed) or [`Dictionary::from_static`] over your own tables; with
/// `alloc`, clone one ([`Dictionary::new`]) and add definitions at runtime.
///
/// # Precedence
///
/// A runtime definition (added by [`Dictionary::add_avp`] and friends, or by
/// the Wireshark XML loader) **replaces** a built-in one with the same key:
/// `(code, vendor)` for AVPs and grouped grammars, `(code, application)` for
/// commands, the id for applications; everything else falls back to the
/// built-in tables. [`Precedence::BuiltinFirst`] inverts this, so runtime
/// tables only *extend* the built-ins. The XML loader by default skips
/// definitions the built-ins already have
/// (`xml::LoadOptions::replace_builtin`). Between two runtime definitions of
/// one key, the later one wins; between two static tables, the earlier.
///
/// # Cost
///
/// Lookups never allocate. IETF AVPs with a code below
/// [`DENSE_AVP_CODES`] are one array read (an index computed at compile
/// time); other static AVPs a binary search in each table whose key range
/// covers the key; runtime ones a binary search of one sorted `Vec`.
#[derive(Clone)]
pub struct Dictionary {
    tables: &'static [&'static Application],
    /// The static entry of every IETF code below [`DENSE_AVP_CODES`] (the
    /// earliest table's, when several define it).
    dense: [Option<&'static AvpEntry>; DENSE_AVP_CODES],
    precedence: Precedence,
    #[cfg(feature = "alloc")]
    runtime: Runtime,
}

impl core::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut d = f.debug_struct("Dictionary");
        d.field(
            "static_tables",
            &self.tables.iter().map(|t| t.name).collect::<StaticNames>(),
        );
        d.field("precedence", &self.precedence);
        #[cfg(feature = "alloc")]
        d.field("runtime", &self.runtime_counts());
        d.finish_non_exhaustive()
    }
}

/// Up to 8 table names for `Debug`, without allocating.
struct StaticNames([&'static str; 8], usize);

impl FromIterator<&'static str> for StaticNames {
    fn from_iter<I: IntoIterator<Item = &'static str>>(it: I) -> StaticNames {
        let mut out = StaticNames([""; 8], 0);
        for n in it {
            if let Some(slot) = out.0.get_mut(out.1) {
                *slot = n;
                out.1 += 1;
            }
        }
        out
    }
}

impl core::fmt::Debug for StaticNames {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.0.iter().take(self.1)).finish()
    }
}

const fn build_dense(
    tables: &'static [&'static Application],
) -> [Option<&'static AvpEntry>; DENSE_AVP_CODES] {
    let mut out: [Option<&'static AvpEntry>; DENSE_AVP_CODES] = [None; DENSE_AVP_CODES];
    let mut t = 0;
    while t < tables.len() && t < MAX_STATIC_TABLES {
        let avps: &'static [AvpEntry] = tables[t].avps;
        let mut i = 0;
        while i < avps.len() {
            let e: &'static AvpEntry = &avps[i];
            if e.vendor == 0
                && (e.code as usize) < DENSE_AVP_CODES
                && out[e.code as usize].is_none()
            {
                out[e.code as usize] = Some(e);
            }
            i += 1;
        }
        t += 1;
    }
    out
}

impl Dictionary {
    /// A dictionary over static tables (no runtime definitions). `const`, so
    /// it can initialise a `static`; the AVP index is computed at compile
    /// time then. Each table's `avps` and `grouped` must be sorted by
    /// `(vendor, code)` and `commands` by code; when two tables define the
    /// same key, the earlier table wins.
    #[must_use]
    pub const fn from_static(tables: &'static [&'static Application]) -> Dictionary {
        Dictionary {
            tables,
            dense: build_dense(tables),
            precedence: Precedence::RuntimeFirst,
            #[cfg(feature = "alloc")]
            runtime: Runtime::new(),
        }
    }

    /// The built-in dictionary: base protocol, Mobile IPv4, NASREQ,
    /// Credit-Control and Mobile IPv6. A `static`; never allocates.
    #[must_use]
    pub fn builtin() -> &'static Dictionary {
        &BUILTIN
    }

    /// The static tables this dictionary combines.
    #[must_use]
    pub fn static_tables(&self) -> &'static [&'static Application] {
        self.tables
    }

    /// The current precedence rule.
    #[must_use]
    pub fn precedence(&self) -> Precedence {
        self.precedence
    }

    /// Sets which side wins on a shared key.
    pub fn set_precedence(&mut self, p: Precedence) {
        self.precedence = p;
    }

    /// The definition of an AVP.
    #[inline]
    #[must_use]
    pub fn avp(&self, code: AvpCode, vendor: VendorId) -> Option<AvpDef<'_>> {
        #[cfg(feature = "alloc")]
        if !self.runtime.avps.is_empty() {
            return match self.precedence {
                Precedence::RuntimeFirst => self
                    .runtime_avp(code, vendor)
                    .or_else(|| self.static_avp(code, vendor)),
                Precedence::BuiltinFirst => self
                    .static_avp(code, vendor)
                    .or_else(|| self.runtime_avp(code, vendor)),
            };
        }
        self.static_avp(code, vendor)
    }

    #[inline]
    fn static_avp(&self, code: AvpCode, vendor: VendorId) -> Option<AvpDef<'_>> {
        if vendor.0 == 0 {
            if let Some(&slot) = self.dense.get(code.0 as usize) {
                return slot.map(|e| AvpDef(AvpInner::Static(e)));
            }
        }
        let key = (vendor.0, code.0);
        self.tables.iter().find_map(|t| {
            // Sorted slices: skip a table whose key range excludes the key
            // (vendor AVPs usually miss every built-in table this way).
            let first = t.avps.first()?;
            let last = t.avps.last()?;
            if key < (first.vendor, first.code) || key > (last.vendor, last.code) {
                return None;
            }
            t.avps
                .binary_search_by(|e| (e.vendor, e.code).cmp(&key))
                .ok()
                .and_then(|i| t.avps.get(i))
                .map(|e| AvpDef(AvpInner::Static(e)))
        })
    }

    #[cfg(feature = "alloc")]
    fn runtime_avp(&self, code: AvpCode, vendor: VendorId) -> Option<AvpDef<'_>> {
        self.runtime
            .avp(code.0, vendor.0)
            .map(|e| AvpDef(AvpInner::Runtime(e)))
    }

    /// The first AVP definition with this name (runtime definitions first
    /// under [`Precedence::RuntimeFirst`]). A linear scan: for tools and
    /// configuration, not for the decode path.
    #[must_use]
    pub fn avp_by_name(&self, name: &str) -> Option<AvpDef<'_>> {
        let s = || {
            self.tables
                .iter()
                .flat_map(|t| t.avps.iter())
                .find(|e| e.name == name)
                .map(|e| AvpDef(AvpInner::Static(e)))
        };
        #[cfg(feature = "alloc")]
        {
            let r = || {
                self.runtime
                    .avps
                    .iter()
                    .find(|e| e.name == name)
                    .map(|e| AvpDef(AvpInner::Runtime(e)))
            };
            match self.precedence {
                Precedence::RuntimeFirst => r().or_else(s),
                Precedence::BuiltinFirst => s().or_else(r),
            }
        }
        #[cfg(not(feature = "alloc"))]
        s()
    }

    /// Whether the AVP is known and of type Grouped.
    #[inline]
    #[must_use]
    pub fn is_grouped(&self, code: AvpCode, vendor: VendorId) -> bool {
        self.avp(code, vendor)
            .is_some_and(|d| d.ty() == AvpType::Grouped)
    }

    /// The grammar of a Grouped AVP.
    #[must_use]
    pub fn grouped(&self, code: AvpCode, vendor: VendorId) -> Option<GroupedDef<'_>> {
        let key = (vendor.0, code.0);
        let from_static = || {
            self.tables.iter().find_map(|t| {
                t.grouped
                    .binary_search_by(|e| (e.vendor, e.code).cmp(&key))
                    .ok()
                    .and_then(|i| t.grouped.get(i))
                    .map(|g| GroupedDef {
                        code,
                        vendor,
                        rules: g.rules,
                        extensible: g.extensible,
                    })
            })
        };
        #[cfg(feature = "alloc")]
        {
            let from_runtime = || {
                self.runtime.grouped(code.0, vendor.0).map(|g| GroupedDef {
                    code,
                    vendor,
                    rules: &g.rules,
                    extensible: g.extensible,
                })
            };
            match self.precedence {
                Precedence::RuntimeFirst => from_runtime().or_else(from_static),
                Precedence::BuiltinFirst => from_static().or_else(from_runtime),
            }
        }
        #[cfg(not(feature = "alloc"))]
        from_static()
    }

    /// The definition of a command as carried with `application` in the
    /// header. A command defined by the base protocol (Application-Id 0 in
    /// its table, e.g. Session-Termination, Re-Auth, Abort-Session) is also
    /// found under any other application that reuses it (RFC 6733 §8: those
    /// commands carry the application's id).
    #[must_use]
    pub fn command(&self, code: CommandCode, application: ApplicationId) -> Option<CommandDef<'_>> {
        self.command_exact(code, application).or_else(|| {
            if application.0 == 0 {
                None
            } else {
                self.command_exact(code, ApplicationId(0))
            }
        })
    }

    pub(crate) fn command_exact(
        &self,
        code: CommandCode,
        app: ApplicationId,
    ) -> Option<CommandDef<'_>> {
        let from_static = || {
            self.tables.iter().find_map(|t| {
                let cmds = t.commands;
                let start = cmds.partition_point(|c| c.code < code.0);
                cmds.get(start..)?
                    .iter()
                    .take_while(|c| c.code == code.0)
                    .find(|c| c.application == app.0)
                    .map(|c| CommandDef(CmdInner::Static(c)))
            })
        };
        #[cfg(feature = "alloc")]
        {
            let from_runtime = || {
                self.runtime
                    .command(code.0, app.0)
                    .map(|c| CommandDef(CmdInner::Runtime(c)))
            };
            match self.precedence {
                Precedence::RuntimeFirst => from_runtime().or_else(from_static),
                Precedence::BuiltinFirst => from_static().or_else(from_runtime),
            }
        }
        #[cfg(not(feature = "alloc"))]
        from_static()
    }

    /// Whether any command with this code is known, under any application.
    #[must_use]
    pub fn knows_command_code(&self, code: CommandCode) -> bool {
        let s = self
            .tables
            .iter()
            .any(|t| t.commands.binary_search_by(|c| c.code.cmp(&code.0)).is_ok());
        #[cfg(feature = "alloc")]
        let s = s || self.runtime.commands.iter().any(|c| c.code == code.0);
        s
    }

    /// Whether the dictionary knows the application: it has a table for it
    /// or defines a command carried with its id (base accounting, id 3, has
    /// no table of its own: its ACR/ACA live in the base protocol's).
    #[must_use]
    pub fn supports_application(&self, id: ApplicationId) -> bool {
        if self.application(id).is_some() {
            return true;
        }
        let s = self
            .tables
            .iter()
            .any(|t| t.commands.iter().any(|c| c.application == id.0));
        #[cfg(feature = "alloc")]
        let s = s || self.runtime.commands.iter().any(|c| c.application == id.0);
        s
    }

    /// An application (or the base protocol, id 0).
    #[must_use]
    pub fn application(&self, id: ApplicationId) -> Option<ApplicationDef<'_>> {
        let from_static = || {
            self.tables
                .iter()
                .find(|t| t.id == id.0)
                .map(|t| ApplicationDef {
                    id,
                    name: t.name,
                    source: Some(t.source),
                })
        };
        #[cfg(feature = "alloc")]
        {
            let from_runtime = || {
                self.runtime.application(id.0).map(|a| ApplicationDef {
                    id,
                    name: &a.name,
                    source: None,
                })
            };
            match self.precedence {
                Precedence::RuntimeFirst => from_runtime().or_else(from_static),
                Precedence::BuiltinFirst => from_static().or_else(from_runtime),
            }
        }
        #[cfg(not(feature = "alloc"))]
        from_static()
    }

    /// The name of a vendor added at runtime (built-in tables carry no
    /// vendor list; see [`VendorId::name`] for the crate's constants).
    #[must_use]
    pub fn vendor_name(&self, id: VendorId) -> Option<&str> {
        #[cfg(feature = "alloc")]
        if let Some(n) = self.runtime.vendor(id.0) {
            return Some(n);
        }
        id.name()
    }

    /// Iterates every static AVP definition, then every runtime one.
    /// Shadowed definitions are included.
    pub fn avps(&self) -> impl Iterator<Item = AvpDef<'_>> + '_ {
        let s = self
            .tables
            .iter()
            .flat_map(|t| t.avps.iter().map(|e| AvpDef(AvpInner::Static(e))));
        #[cfg(feature = "alloc")]
        let s = s.chain(
            self.runtime
                .avps
                .iter()
                .map(|e| AvpDef(AvpInner::Runtime(e))),
        );
        s
    }
}

#[cfg(feature = "alloc")]
impl Dictionary {
    /// A new dictionary holding the built-ins and no runtime definitions
    /// (the same as `Dictionary::builtin().clone()`).
    #[must_use]
    pub fn new() -> Dictionary {
        BUILTIN.clone()
    }

    /// Adds (or replaces) an AVP definition.
    pub fn add_avp(&mut self, avp: RuntimeAvp) {
        self.runtime.add_avps(core::iter::once(avp));
    }

    /// Adds many AVP definitions at once (sorted once; for a key given
    /// twice, the later one is kept).
    pub fn add_avps<I: IntoIterator<Item = RuntimeAvp>>(&mut self, avps: I) {
        self.runtime.add_avps(avps);
    }

    /// Adds (or replaces) a command definition.
    pub fn add_command(&mut self, cmd: RuntimeCommand) {
        self.runtime.add_command(cmd);
    }

    /// Adds (or replaces) a grouped AVP grammar.
    pub fn add_grouped(&mut self, g: RuntimeGrouped) {
        self.runtime.add_grouped(g);
    }

    /// Adds (or replaces) an application.
    pub fn add_application(&mut self, app: RuntimeApplication) {
        self.runtime.add_application(app);
    }

    /// Names a vendor.
    pub fn add_vendor(&mut self, id: VendorId, name: alloc::string::String) {
        self.runtime.add_vendor(id.0, name);
    }

    /// Counts of runtime definitions: (AVPs, commands, grouped grammars,
    /// applications, vendors).
    #[must_use]
    pub fn runtime_counts(&self) -> RuntimeCounts {
        RuntimeCounts {
            avps: self.runtime.avps.len(),
            commands: self.runtime.commands.len(),
            grouped: self.runtime.grouped.len(),
            applications: self.runtime.applications.len(),
            vendors: self.runtime.vendors.len(),
        }
    }

    /// Whether the static tables alone define this AVP.
    #[must_use]
    pub fn is_builtin_avp(&self, code: AvpCode, vendor: VendorId) -> bool {
        self.static_avp(code, vendor).is_some()
    }
}

#[cfg(feature = "alloc")]
impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary::new()
    }
}

/// How many definitions were added at runtime.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuntimeCounts {
    /// AVP definitions.
    pub avps: usize,
    /// Commands.
    pub commands: usize,
    /// Grouped grammars.
    pub grouped: usize,
    /// Applications.
    pub applications: usize,
    /// Vendors.
    pub vendors: usize,
}

#[derive(Debug, Clone, Copy)]
enum AvpInner<'a> {
    Static(&'static AvpEntry),
    #[cfg(feature = "alloc")]
    Runtime(&'a RuntimeAvp),
    #[cfg(not(feature = "alloc"))]
    #[allow(dead_code)]
    Never(core::marker::PhantomData<&'a ()>),
}

/// A borrowed view of one AVP definition, static or runtime.
#[derive(Debug, Clone, Copy)]
pub struct AvpDef<'a>(AvpInner<'a>);

impl<'a> AvpDef<'a> {
    /// The name, e.g. `"Origin-Host"`.
    #[inline]
    #[must_use]
    pub fn name(&self) -> &'a str {
        match self.0 {
            AvpInner::Static(e) => e.name,
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => &e.name,
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => "",
        }
    }

    /// The AVP Code.
    #[inline]
    #[must_use]
    pub fn code(&self) -> AvpCode {
        match self.0 {
            AvpInner::Static(e) => AvpCode(e.code),
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => AvpCode(e.code),
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => AvpCode(0),
        }
    }

    /// The Vendor-Id (0 for IETF AVPs).
    #[inline]
    #[must_use]
    pub fn vendor(&self) -> VendorId {
        match self.0 {
            AvpInner::Static(e) => VendorId(e.vendor),
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => VendorId(e.vendor),
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => VendorId(0),
        }
    }

    /// The data format.
    #[inline]
    #[must_use]
    pub fn ty(&self) -> AvpType {
        match self.0 {
            AvpInner::Static(e) => e.ty,
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => e.ty,
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => AvpType::OctetString,
        }
    }

    /// The M-bit rule.
    #[inline]
    #[must_use]
    pub fn m_rule(&self) -> FlagRule {
        match self.0 {
            AvpInner::Static(e) => e.m,
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => e.m,
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => FlagRule::May,
        }
    }

    /// The V-bit rule.
    #[inline]
    #[must_use]
    pub fn v_rule(&self) -> FlagRule {
        match self.0 {
            AvpInner::Static(e) => e.v,
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => e.v,
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => FlagRule::May,
        }
    }

    /// Whether this definition comes from the static tables.
    #[inline]
    #[must_use]
    pub fn is_builtin(&self) -> bool {
        matches!(self.0, AvpInner::Static(_))
    }

    /// The name of an Enumerated value.
    #[inline]
    #[must_use]
    pub fn enum_name(&self, value: i32) -> Option<&'a str> {
        match self.0 {
            AvpInner::Static(e) => {
                // Sorted by value per the table contract; fall back to a scan
                // if a table breaks it.
                match e.enums.binary_search_by(|(v, _)| v.cmp(&value)) {
                    Ok(i) => e.enums.get(i).map(|(_, n)| *n),
                    Err(_) => e.enums.iter().find(|(v, _)| *v == value).map(|(_, n)| *n),
                }
            }
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => e
                .enums
                .binary_search_by(|(v, _)| v.cmp(&value))
                .ok()
                .and_then(|i| e.enums.get(i))
                .map(|(_, n)| n.as_str()),
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => None,
        }
    }

    /// Whether the AVP has named values (an Enumerated with a list).
    #[inline]
    #[must_use]
    pub fn has_enums(&self) -> bool {
        match self.0 {
            AvpInner::Static(e) => !e.enums.is_empty(),
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => !e.enums.is_empty(),
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(_) => false,
        }
    }

    /// Iterates the named values `(value, name)`, sorted by value.
    #[inline]
    #[must_use]
    pub fn enums(&self) -> Enums<'a> {
        Enums(match self.0 {
            AvpInner::Static(e) => EnumsInner::Static(e.enums.iter()),
            #[cfg(feature = "alloc")]
            AvpInner::Runtime(e) => EnumsInner::Runtime(e.enums.iter()),
            #[cfg(not(feature = "alloc"))]
            AvpInner::Never(p) => EnumsInner::Never(p),
        })
    }
}

#[derive(Debug, Clone)]
enum EnumsInner<'a> {
    Static(core::slice::Iter<'static, (i32, &'static str)>),
    #[cfg(feature = "alloc")]
    Runtime(core::slice::Iter<'a, (i32, alloc::string::String)>),
    #[cfg(not(feature = "alloc"))]
    #[allow(dead_code)]
    Never(core::marker::PhantomData<&'a ()>),
}

/// The named values of an Enumerated AVP ([`AvpDef::enums`]).
#[derive(Debug, Clone)]
pub struct Enums<'a>(EnumsInner<'a>);

impl<'a> Iterator for Enums<'a> {
    type Item = (i32, &'a str);

    fn next(&mut self) -> Option<(i32, &'a str)> {
        match &mut self.0 {
            EnumsInner::Static(it) => it.next().map(|&(v, n)| (v, n)),
            #[cfg(feature = "alloc")]
            EnumsInner::Runtime(it) => it.next().map(|(v, n)| (*v, n.as_str())),
            #[cfg(not(feature = "alloc"))]
            EnumsInner::Never(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum CmdInner<'a> {
    Static(&'static CommandEntry),
    #[cfg(feature = "alloc")]
    Runtime(&'a RuntimeCommand),
    #[cfg(not(feature = "alloc"))]
    #[allow(dead_code)]
    Never(core::marker::PhantomData<&'a ()>),
}

/// A borrowed view of one command definition and its grammars (RFC 6733
/// §3.2 CCF).
#[derive(Debug, Clone, Copy)]
pub struct CommandDef<'a>(CmdInner<'a>);

macro_rules! cmd_field {
    ($self:ident, $e:ident => $s:expr, $r:expr, $never:expr) => {
        match $self.0 {
            CmdInner::Static($e) => $s,
            #[cfg(feature = "alloc")]
            CmdInner::Runtime($e) => $r,
            #[cfg(not(feature = "alloc"))]
            CmdInner::Never(_) => $never,
        }
    };
}

impl<'a> CommandDef<'a> {
    /// The command name without suffix, e.g. `"Capabilities-Exchange"`.
    #[must_use]
    pub fn name(&self) -> &'a str {
        cmd_field!(self, e => e.name, &e.name, "")
    }
    /// The request abbreviation, e.g. `"CER"` (may be empty for runtime
    /// definitions).
    #[must_use]
    pub fn request_abbrev(&self) -> &'a str {
        cmd_field!(self, e => e.request_abbrev, &e.request_abbrev, "")
    }
    /// The answer abbreviation, e.g. `"CEA"`.
    #[must_use]
    pub fn answer_abbrev(&self) -> &'a str {
        cmd_field!(self, e => e.answer_abbrev, &e.answer_abbrev, "")
    }
    /// The Command Code.
    #[must_use]
    pub fn code(&self) -> CommandCode {
        CommandCode(cmd_field!(self, e => e.code, e.code, 0))
    }
    /// The Application-Id of the table that defines it.
    #[must_use]
    pub fn application(&self) -> ApplicationId {
        ApplicationId(cmd_field!(self, e => e.application, e.application, 0))
    }
    /// The CCF has `PXY`: requests must carry the P bit.
    #[must_use]
    pub fn proxiable(&self) -> bool {
        cmd_field!(self, e => e.proxiable, e.proxiable, false)
    }
    /// The grammar of the request (`true`) or answer (`false`).
    #[must_use]
    pub fn rules(&self, request: bool) -> &'a [RuleEntry] {
        match (request, self.0) {
            (true, CmdInner::Static(e)) => e.request,
            (false, CmdInner::Static(e)) => e.answer,
            #[cfg(feature = "alloc")]
            (true, CmdInner::Runtime(e)) => &e.request,
            #[cfg(feature = "alloc")]
            (false, CmdInner::Runtime(e)) => &e.answer,
            #[cfg(not(feature = "alloc"))]
            (_, CmdInner::Never(_)) => &[],
        }
    }
    /// Whether the request (`true`) or answer grammar ends with `* [ AVP ]`.
    #[must_use]
    pub fn extensible(&self, request: bool) -> bool {
        match (request, self.0) {
            (true, CmdInner::Static(e)) => e.request_extensible,
            (false, CmdInner::Static(e)) => e.answer_extensible,
            #[cfg(feature = "alloc")]
            (true, CmdInner::Runtime(e)) => e.request_extensible,
            #[cfg(feature = "alloc")]
            (false, CmdInner::Runtime(e)) => e.answer_extensible,
            #[cfg(not(feature = "alloc"))]
            (_, CmdInner::Never(_)) => true,
        }
    }
    /// Whether this definition comes from the static tables.
    #[must_use]
    pub fn is_builtin(&self) -> bool {
        matches!(self.0, CmdInner::Static(_))
    }
}

/// A borrowed view of a Grouped AVP's grammar (RFC 6733 §4.4).
#[derive(Debug, Clone, Copy)]
pub struct GroupedDef<'a> {
    code: AvpCode,
    vendor: VendorId,
    rules: &'a [RuleEntry],
    extensible: bool,
}

impl<'a> GroupedDef<'a> {
    /// The grouped AVP's code.
    #[must_use]
    pub fn code(&self) -> AvpCode {
        self.code
    }
    /// Its Vendor-Id.
    #[must_use]
    pub fn vendor(&self) -> VendorId {
        self.vendor
    }
    /// The rules, in grammar order.
    #[must_use]
    pub fn rules(&self) -> &'a [RuleEntry] {
        self.rules
    }
    /// Whether the grammar ends with `* [ AVP ]`.
    #[must_use]
    pub fn extensible(&self) -> bool {
        self.extensible
    }
}

/// A borrowed view of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplicationDef<'a> {
    id: ApplicationId,
    name: &'a str,
    source: Option<&'static str>,
}

impl<'a> ApplicationDef<'a> {
    /// The Application-Id.
    #[must_use]
    pub fn id(&self) -> ApplicationId {
        self.id
    }
    /// The name.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// Where a built-in table comes from (e.g. `"RFC 4004"`); `None` for
    /// runtime definitions.
    #[must_use]
    pub fn source(&self) -> Option<&'static str> {
        self.source
    }
}

// Compile-time check that the static dictionary is shareable.
const _: fn() = || {
    fn is_sync<T: Sync>() {}
    is_sync::<Dictionary>();
};
