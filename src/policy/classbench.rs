//! ClassBench filter and trace files (the format of `../shared/bench/README.md`).
//!
//! A filter line, as ClassBench's `db_generator` prints it:
//!
//! ```text
//! @10.1.0.0/16<TAB>192.0.2.7/32<TAB>0 : 65535<TAB>443 : 443<TAB>0x06/0xFF<TAB>0x0000/0x0000<TAB>
//! ```
//!
//! Line order is priority (first match wins); rule ids are the 1-based line
//! numbers. A trace line is `sa da sp dp proto expected` in decimal, where
//! `expected` is the 1-based line of the first matching rule (0 = none).
//!
//! Host bits set in an address are cleared (as `db_generator` does). The
//! flags column must be the wildcard `0x0000/0x0000`: the 5-tuple key has no
//! flags. Blank lines are skipped but still counted for line numbers.

use core::net::Ipv4Addr;
use core::str::FromStr;

use alloc::vec::Vec;

use super::filter::{AddrMatch, Filter, FiveTuple, PortRange, ProtoMatch, Rule, RuleId};

/// What was wrong with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A filter line does not start with `@`.
    #[error("filter line must start with '@'")]
    MissingAt,
    /// A field is missing.
    #[error("missing field {field}")]
    MissingField {
        /// Zero-based field number.
        field: u8,
    },
    /// Text after the last field.
    #[error("unexpected trailing field")]
    TrailingField,
    /// Not a dotted-quad address or a decimal address.
    #[error("bad IPv4 address in field {field}")]
    BadAddress {
        /// Zero-based field number.
        field: u8,
    },
    /// Prefix length missing or above 32.
    #[error("bad prefix length in field {field}")]
    BadPrefixLen {
        /// Zero-based field number.
        field: u8,
    },
    /// A port is not a number in 0..=65535, or the range is not `lo : hi`.
    #[error("bad port in field {field}")]
    BadPort {
        /// Zero-based field number.
        field: u8,
    },
    /// A port range with its low end above its high end.
    #[error("port range low end above high end in field {field}")]
    EmptyPortRange {
        /// Zero-based field number.
        field: u8,
    },
    /// The protocol is not `0xVV/0xMM`.
    #[error("bad protocol")]
    BadProtocol,
    /// The flags column is not `0xVVVV/0xMMMM`, or is not a wildcard.
    #[error("bad or unsupported flags (only 0x0000/0x0000 is supported)")]
    BadFlags,
    /// More rules than [`super::MAX_RULES`].
    #[error("too many rules")]
    TooManyRules,
    /// The expected column of a trace line is not a decimal number.
    #[error("bad expected-match column")]
    BadExpected,
}

/// A parse error with its 1-based line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub kind: ParseErrorKind,
}

/// Parses one filter line (without the line number).
///
/// # Errors
/// The [`ParseErrorKind`] of the first bad field.
pub fn parse_filter(line: &str) -> Result<Filter, ParseErrorKind> {
    let rest = line
        .trim()
        .strip_prefix('@')
        .ok_or(ParseErrorKind::MissingAt)?;
    let mut t = rest.split_ascii_whitespace();
    let mut next = |field: u8| t.next().ok_or(ParseErrorKind::MissingField { field });
    let src = parse_prefix(next(0)?, 0)?;
    let dst = parse_prefix(next(1)?, 1)?;
    let sport = parse_range(next(2)?, next(2)?, next(2)?, 2)?;
    let dport = parse_range(next(3)?, next(3)?, next(3)?, 3)?;
    let proto = parse_proto(next(4)?)?;
    if let Ok(flags) = next(5) {
        let (v, m) = parse_hex_pair(flags).ok_or(ParseErrorKind::BadFlags)?;
        if v != 0 || m != 0 {
            return Err(ParseErrorKind::BadFlags);
        }
    }
    if t.next().is_some() {
        return Err(ParseErrorKind::TrailingField);
    }
    Ok(Filter {
        src,
        dst,
        sport,
        dport,
        proto,
    })
}

fn parse_prefix(s: &str, field: u8) -> Result<AddrMatch, ParseErrorKind> {
    let (a, l) = s
        .split_once('/')
        .ok_or(ParseErrorKind::BadPrefixLen { field })?;
    let addr = Ipv4Addr::from_str(a).map_err(|_| ParseErrorKind::BadAddress { field })?;
    let len: u8 = l
        .parse()
        .ok()
        .filter(|&l| l <= 32)
        .ok_or(ParseErrorKind::BadPrefixLen { field })?;
    Ok(AddrMatch::prefix(addr, len))
}

fn parse_range(lo: &str, colon: &str, hi: &str, field: u8) -> Result<PortRange, ParseErrorKind> {
    if colon != ":" {
        return Err(ParseErrorKind::BadPort { field });
    }
    let lo: u16 = lo.parse().map_err(|_| ParseErrorKind::BadPort { field })?;
    let hi: u16 = hi.parse().map_err(|_| ParseErrorKind::BadPort { field })?;
    PortRange::new(lo, hi).ok_or(ParseErrorKind::EmptyPortRange { field })
}

fn parse_hex_pair(s: &str) -> Option<(u32, u32)> {
    let (v, m) = s.split_once('/')?;
    let hex = |x: &str| {
        let d = x.strip_prefix("0x").or_else(|| x.strip_prefix("0X"))?;
        if d.is_empty() || d.len() > 8 {
            return None;
        }
        u32::from_str_radix(d, 16).ok()
    };
    Some((hex(v)?, hex(m)?))
}

fn parse_proto(s: &str) -> Result<ProtoMatch, ParseErrorKind> {
    let (v, m) = parse_hex_pair(s).ok_or(ParseErrorKind::BadProtocol)?;
    let v = u8::try_from(v).map_err(|_| ParseErrorKind::BadProtocol)?;
    let m = u8::try_from(m).map_err(|_| ParseErrorKind::BadProtocol)?;
    Ok(ProtoMatch::new(v, m))
}

/// Parses a filter file; rule ids are the 1-based line numbers.
///
/// # Errors
/// The first bad line.
pub fn parse_rules(text: &str) -> Result<Vec<Rule>, ParseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |kind| ParseError { line: i + 1, kind };
        if out.len() >= super::MAX_RULES {
            return Err(err(ParseErrorKind::TooManyRules));
        }
        let filter = parse_filter(line).map_err(err)?;
        out.push(Rule {
            id: RuleId(u32::try_from(i + 1).map_err(|_| err(ParseErrorKind::TooManyRules))?),
            filter,
        });
    }
    Ok(out)
}

/// One trace packet and the expected first-matching rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TracePacket {
    /// The packet's 5-tuple.
    pub key: FiveTuple,
    /// The expected rule id (1-based line), `None` for no match.
    pub expected: Option<RuleId>,
}

/// Parses one trace line.
///
/// # Errors
/// The [`ParseErrorKind`] of the first bad field.
pub fn parse_trace_line(line: &str) -> Result<TracePacket, ParseErrorKind> {
    let mut t = line.split_ascii_whitespace();
    let mut next = |field: u8| t.next().ok_or(ParseErrorKind::MissingField { field });
    let src = next(0)?
        .parse::<u32>()
        .map_err(|_| ParseErrorKind::BadAddress { field: 0 })?;
    let dst = next(1)?
        .parse::<u32>()
        .map_err(|_| ParseErrorKind::BadAddress { field: 1 })?;
    let sport = next(2)?
        .parse::<u16>()
        .map_err(|_| ParseErrorKind::BadPort { field: 2 })?;
    let dport = next(3)?
        .parse::<u16>()
        .map_err(|_| ParseErrorKind::BadPort { field: 3 })?;
    let proto = next(4)?
        .parse::<u8>()
        .map_err(|_| ParseErrorKind::BadProtocol)?;
    let expected = next(5)?
        .parse::<u32>()
        .map_err(|_| ParseErrorKind::BadExpected)?;
    if t.next().is_some() {
        return Err(ParseErrorKind::TrailingField);
    }
    Ok(TracePacket {
        key: FiveTuple {
            src,
            dst,
            sport,
            dport,
            proto,
        },
        expected: (expected != 0).then_some(RuleId(expected)),
    })
}

/// Parses a trace file.
///
/// # Errors
/// The first bad line.
pub fn parse_trace(text: &str) -> Result<Vec<TracePacket>, ParseError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| parse_trace_line(l).map_err(|kind| ParseError { line: i + 1, kind }))
        .collect()
}

/// Writes a filter as a ClassBench line (with the trailing tab), when its
/// address masks are prefixes; `None` otherwise.
#[must_use]
pub fn format_filter(f: &Filter) -> Option<alloc::string::String> {
    let sl = f.src.prefix_len()?;
    let dl = f.dst.prefix_len()?;
    Some(alloc::format!(
        "@{}/{}\t{}/{}\t{} : {}\t{} : {}\t0x{:02x}/0x{:02X}\t0x0000/0x0000\t",
        Ipv4Addr::from_bits(f.src.addr()),
        sl,
        Ipv4Addr::from_bits(f.dst.addr()),
        dl,
        f.sport.lo(),
        f.sport.hi(),
        f.dport.lo(),
        f.dport.hi(),
        f.proto.value(),
        f.proto.mask()
    ))
}

/// Which matcher classifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// [`super::compiled::CompiledMatcher`].
    Compiled,
    /// [`super::linear::LinearMatcher`], the reference.
    Linear,
}

impl Engine {
    /// `"compiled"` or `"linear"`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Engine::Compiled => "compiled",
            Engine::Linear => "linear",
        }
    }
}

impl FromStr for Engine {
    type Err = RunError;
    fn from_str(s: &str) -> Result<Self, RunError> {
        match s {
            "compiled" => Ok(Engine::Compiled),
            "linear" => Ok(Engine::Linear),
            _ => Err(RunError::UnknownEngine),
        }
    }
}

/// Why [`run`] failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The rules file is malformed.
    #[error("rules: {0}")]
    Rules(ParseError),
    /// The trace file is malformed.
    #[error("trace: {0}")]
    Trace(ParseError),
    /// The rule set was refused.
    #[error("rules: {0}")]
    RuleSet(super::RuleSetError),
    /// The engine name is neither `compiled` nor `linear`.
    #[error("unknown engine (expected compiled or linear)")]
    UnknownEngine,
}

/// The result of classifying a trace: `roam classify` prints it as one JSON
/// line ([`Report::to_json`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    /// The engine used.
    pub engine: Engine,
    /// Number of rules.
    pub rules: usize,
    /// Number of packets classified.
    pub packets: usize,
    /// Packets whose first matching rule differs from the trace's column.
    pub mismatches: usize,
    /// Time to build the matcher, in milliseconds.
    pub build_ms: f64,
    /// Classification time per packet, in nanoseconds.
    pub ns_per_packet: f64,
    /// Heap bytes of the matcher's tables (for the linear engine, its rule
    /// vector).
    pub memory_bytes: usize,
}

impl Report {
    /// The report as one JSON object (no trailing newline).
    #[must_use]
    pub fn to_json(&self) -> alloc::string::String {
        alloc::format!(
            "{{\"engine\":\"{}\",\"rules\":{},\"packets\":{},\"mismatches\":{},\"build_ms\":{:.3},\"ns_per_packet\":{:.2},\"memory_bytes\":{}}}",
            self.engine.name(),
            self.rules,
            self.packets,
            self.mismatches,
            self.build_ms,
            self.ns_per_packet,
            self.memory_bytes
        )
    }
}

/// Counts the trace packets whose classification differs from the expected
/// column, using `classify`.
pub fn mismatches(trace: &[TracePacket], classify: impl Fn(&FiveTuple) -> Option<RuleId>) -> usize {
    trace
        .iter()
        .filter(|p| classify(&p.key) != p.expected)
        .count()
}

/// The whole `roam classify` job: parse, build, classify the trace (timed
/// with `std::time::Instant`), count mismatches.
///
/// # Errors
/// Parse errors (with line numbers) and rule-set errors.
#[cfg(feature = "std")]
pub fn run(rules_text: &str, trace_text: &str, engine: Engine) -> Result<Report, RunError> {
    use std::time::Instant;

    use super::compiled::CompiledMatcher;
    use super::linear::LinearMatcher;

    let rules = parse_rules(rules_text).map_err(RunError::Rules)?;
    let trace = parse_trace(trace_text).map_err(RunError::Trace)?;
    let t0 = Instant::now();
    let (results, build, classify, memory_bytes) = match engine {
        Engine::Compiled => {
            let m = CompiledMatcher::new(&rules).map_err(RunError::RuleSet)?;
            let build = t0.elapsed();
            let t1 = Instant::now();
            let results: Vec<Option<RuleId>> = trace.iter().map(|p| m.classify(&p.key)).collect();
            (results, build, t1.elapsed(), m.stats().memory_bytes)
        }
        Engine::Linear => {
            let m = LinearMatcher::new(&rules).map_err(RunError::RuleSet)?;
            let build = t0.elapsed();
            let t1 = Instant::now();
            let results: Vec<Option<RuleId>> = trace.iter().map(|p| m.classify(&p.key)).collect();
            (
                results,
                build,
                t1.elapsed(),
                core::mem::size_of_val(m.rules()),
            )
        }
    };
    let mismatches = trace
        .iter()
        .zip(&results)
        .filter(|(p, r)| p.expected != **r)
        .count();
    let packets = trace.len();
    Ok(Report {
        engine,
        rules: rules.len(),
        packets,
        mismatches,
        build_ms: build.as_secs_f64() * 1e3,
        ns_per_packet: if packets == 0 {
            0.0
        } else {
            classify.as_secs_f64() * 1e9 / packets as f64
        },
        memory_bytes,
    })
}
