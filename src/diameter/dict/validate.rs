//! Validation of a message against the dictionary, mapped to the answer it
//! calls for (RFC 6733 §7.1 Result-Codes, §7.5 Failed-AVP).
//!
//! [`Dictionary::validate`] is the one function that turns every protocol
//! fault into a [`ValidationError`]: its [`ValidationError::result_code`] and
//! its [`ValidationError::failed_avp`] bytes are what an error answer needs
//! ([`crate::diameter::answer`]). The checks, in the order a message meets
//! them (the first fault wins, as RFC 6733 §7.5 suggests):
//!
//! | fault | Result-Code |
//! |---|---|
//! | version ≠ 1 | 5011 `UNSUPPORTED_VERSION` |
//! | Message Length < 20, not a multiple of 4, or past the buffer | 5015 `INVALID_MESSAGE_LENGTH` |
//! | a reserved command-flag bit set (RFC 6733 §3, §7.1.5) | 5013 `INVALID_BIT_IN_HEADER` |
//! | E on a request; P different from the CCF's `PXY` (§3, §3.2) | 3008 `INVALID_HDR_BITS` |
//! | Application-Id unknown | 3007 `APPLICATION_UNSUPPORTED` |
//! | Command Code unknown for the application | 3001 `COMMAND_UNSUPPORTED` |
//! | AVP Length below its header or past its container (§4.1) | 5014 `INVALID_AVP_LENGTH` |
//! | a reserved AVP flag bit or P set (§4.1); M or V against the dictionary's MUST / MUST NOT (§4.5) | 3009 `INVALID_AVP_BITS` |
//! | V set with Vendor-ID 0 | 5016 `INVALID_AVP_BIT_COMBO` |
//! | unknown AVP with M set (§4.1) | 5001 `AVP_UNSUPPORTED` |
//! | a fixed-size type with the wrong data length | 5014 `INVALID_AVP_LENGTH` |
//! | data that is not a valid value of the type (UTF-8, Address family, URI scheme, strict enums) | 5004 `INVALID_AVP_VALUE` |
//! | a known AVP the grammar does not allow, or a fixed AVP out of place | 5008 `AVP_NOT_ALLOWED` |
//! | more occurrences than the grammar's max | 5009 `AVP_OCCURS_TOO_MANY_TIMES` |
//! | fewer occurrences than the grammar's min | 5005 `MISSING_AVP` |
//! | nesting deeper than [`MAX_AVP_DEPTH`](crate::diameter::wire::MAX_AVP_DEPTH), more than [`MAX_AVPS_PER_MESSAGE`] AVPs, a grammar longer than [`MAX_GRAMMAR_RULES`] | 5012 `UNABLE_TO_COMPLY` |
//!
//! RFC 6733 §7.1.5 numbers the two header/flag permanent failures 5013
//! `DIAMETER_INVALID_BIT_IN_HEADER` ("a reserved bit in the Diameter header
//! is set to one (1) or the bits in the Diameter header are set
//! incorrectly") and 5016 `DIAMETER_INVALID_AVP_BIT_COMBO` ("an AVP which is
//! not allowed to have the given value in the AVP Flags field"). The split
//! between those and the protocol errors 3008/3009 (§7.1.3) is ours:
//! reserved command bits give 5013, a combination contradicting the command
//! definition gives 3008; AVP flags contradicting the definition or reserved
//! AVP bits give 3009, and the one self-contradicting AVP header (V set, yet
//! Vendor-ID 0) gives 5016.
//!
//! Unknown AVPs without M are ignored (RFC 6733 §4.1), wherever they are.
//! Grouped AVPs are validated recursively against their grammar (§4.4); an
//! offending AVP inside a group is reported alone in Failed-AVP (§7.5 makes
//! the enclosing hierarchy optional).
//!
//! Nothing here allocates: occurrences are counted in a fixed array of
//! [`MAX_GRAMMAR_RULES`] counters per nesting level, and a synthesized
//! Failed-AVP (for 5005, or 5014 when the header is unusable) lives inside
//! the error.

use core::fmt;

use super::dictionary::{AvpDef, Dictionary};
use super::table::{FlagRule, Position, RuleEntry, UNBOUNDED};
use crate::diameter::wire::{
    ApplicationId, Avp, AvpCode, AvpFlags, AvpType, Avps, CommandCode, CommandFlags, Error,
    Message, ResultCode, VendorId, AVP_HEADER_LEN, AVP_HEADER_LEN_VENDOR, HEADER_LEN,
    MAX_AVPS_PER_MESSAGE,
};
use crate::wire::be_u32;

/// The longest grammar (command or grouped) the validator can count
/// occurrences for. Longer grammars fail with
/// [`ValidationErrorKind::GrammarTooLarge`]; the XML loader refuses them.
pub const MAX_GRAMMAR_RULES: usize = 64;

/// The largest synthesized Failed-AVP: a vendor header (12) plus the longest
/// minimum payload (8, for the 64-bit types).
const SYNTH_MAX: usize = AVP_HEADER_LEN_VENDOR + 8;

/// Which optional strictness checks run. [`Default`] is strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidationOptions {
    /// Reserved command-flag bits set → 5013 (RFC 6733 §3: "MUST be set to
    /// 0"). Default `true`.
    pub reject_reserved_header_bits: bool,
    /// A request's P bit must equal the CCF's `PXY` → else 3008. Default
    /// `true`.
    pub check_proxiable: bool,
    /// Reserved AVP flag bits or the P bit set → 3009 (RFC 6733 §4.1: "an
    /// unrecognized bit SHOULD be considered an error"). Default `true`.
    pub reject_reserved_avp_bits: bool,
    /// The M and V bits must follow the dictionary's MUST / MUST NOT → else
    /// 3009. Default `true`.
    pub check_flag_rules: bool,
    /// An Enumerated value without a name in the dictionary → 5004. Default
    /// `false` (applications may add values).
    pub strict_enums: bool,
}

impl Default for ValidationOptions {
    fn default() -> ValidationOptions {
        ValidationOptions {
            reject_reserved_header_bits: true,
            check_proxiable: true,
            reject_reserved_avp_bits: true,
            check_flag_rules: true,
            strict_enums: false,
        }
    }
}

/// What is wrong with a message. Each variant maps to one Result-Code
/// ([`ValidationErrorKind::result_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// 5011: the version is not 1.
    #[error("unsupported version {version}")]
    UnsupportedVersion {
        /// The version byte.
        version: u8,
    },
    /// 5015: the Message Length is invalid or the buffer is shorter.
    #[error("invalid message length {length} (buffer {available})")]
    InvalidMessageLength {
        /// The Message Length field (0 when the header is incomplete).
        length: u32,
        /// Bytes available.
        available: usize,
    },
    /// 5013: a reserved command-flag bit is set.
    #[error("reserved bit set in command flags {flags:#04x}")]
    InvalidBitInHeader {
        /// The flags byte.
        flags: u8,
    },
    /// 3008: the command flags contradict the command (E on a request, P
    /// against the CCF).
    #[error("invalid command flags {flags:#04x}")]
    InvalidHeaderBits {
        /// The flags byte.
        flags: u8,
    },
    /// 3007: the Application-Id is unknown.
    #[error("application {application} unsupported")]
    ApplicationUnsupported {
        /// The Application-Id.
        application: ApplicationId,
    },
    /// 3001: the command is unknown for the application.
    #[error("command {code} unsupported")]
    CommandUnsupported {
        /// The Command Code.
        code: CommandCode,
    },
    /// 3009: AVP flags with reserved bits or contrary to the dictionary.
    #[error("AVP {code} (vendor {vendor}) has invalid flags {flags:#04x}")]
    InvalidAvpBits {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
        /// The flags byte.
        flags: u8,
    },
    /// 5016: an AVP header whose flags contradict themselves (V with
    /// Vendor-ID 0).
    #[error("AVP {code} has an invalid flag combination {flags:#04x}")]
    InvalidAvpBitCombo {
        /// AVP Code.
        code: AvpCode,
        /// The flags byte.
        flags: u8,
    },
    /// 5001: an unknown AVP with M set.
    #[error("AVP {code} (vendor {vendor}) unsupported and mandatory")]
    AvpUnsupported {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
    },
    /// 5004: the data is not a valid value of the AVP's type.
    #[error("AVP {code} (vendor {vendor}) has an invalid value")]
    InvalidAvpValue {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
    },
    /// 5005: a required AVP is missing.
    #[error("AVP {code} (vendor {vendor}) missing")]
    MissingAvp {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
    },
    /// 5008: the AVP is not allowed here.
    #[error("AVP {code} (vendor {vendor}) not allowed here")]
    AvpNotAllowed {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
    },
    /// 5009: the AVP occurs more often than the grammar allows.
    #[error("AVP {code} (vendor {vendor}) occurs more than {max} times")]
    AvpOccursTooManyTimes {
        /// AVP Code.
        code: AvpCode,
        /// Vendor-Id.
        vendor: VendorId,
        /// The grammar's maximum.
        max: u16,
    },
    /// 5014: the AVP Length is invalid (for the header, the container or the
    /// type).
    #[error("AVP {code} has invalid length {length}")]
    InvalidAvpLength {
        /// AVP Code (0 when the header is cut short).
        code: AvpCode,
        /// The AVP Length field (0 when the header is cut short).
        length: u32,
    },
    /// 5012: grouped AVPs nest deeper than [`MAX_AVP_DEPTH`](crate::diameter::wire::MAX_AVP_DEPTH).
    #[error("AVP nesting deeper than {max}")]
    TooDeep {
        /// The limit.
        max: u8,
    },
    /// 5012: more than [`MAX_AVPS_PER_MESSAGE`] AVPs.
    #[error("more than {max} AVPs")]
    TooManyAvps {
        /// The limit.
        max: usize,
    },
    /// 5012: a grammar longer than [`MAX_GRAMMAR_RULES`].
    #[error("grammar with {rules} rules exceeds {max}")]
    GrammarTooLarge {
        /// Rules in the grammar.
        rules: usize,
        /// The limit.
        max: usize,
    },
    /// Another wire error, mapped by [`Error::result_code`].
    #[error(transparent)]
    Wire(Error),
}

impl ValidationErrorKind {
    /// The Result-Code an answer to the failing request carries.
    #[must_use]
    pub fn result_code(&self) -> ResultCode {
        match self {
            Self::UnsupportedVersion { .. } => ResultCode::UNSUPPORTED_VERSION,
            Self::InvalidMessageLength { .. } => ResultCode::INVALID_MESSAGE_LENGTH,
            Self::InvalidBitInHeader { .. } => ResultCode::INVALID_BIT_IN_HEADER,
            Self::InvalidHeaderBits { .. } => ResultCode::INVALID_HDR_BITS,
            Self::ApplicationUnsupported { .. } => ResultCode::APPLICATION_UNSUPPORTED,
            Self::CommandUnsupported { .. } => ResultCode::COMMAND_UNSUPPORTED,
            Self::InvalidAvpBits { .. } => ResultCode::INVALID_AVP_BITS,
            Self::InvalidAvpBitCombo { .. } => ResultCode::INVALID_AVP_BIT_COMBO,
            Self::AvpUnsupported { .. } => ResultCode::AVP_UNSUPPORTED,
            Self::InvalidAvpValue { .. } => ResultCode::INVALID_AVP_VALUE,
            Self::MissingAvp { .. } => ResultCode::MISSING_AVP,
            Self::AvpNotAllowed { .. } => ResultCode::AVP_NOT_ALLOWED,
            Self::AvpOccursTooManyTimes { .. } => ResultCode::AVP_OCCURS_TOO_MANY_TIMES,
            Self::InvalidAvpLength { .. } => ResultCode::INVALID_AVP_LENGTH,
            Self::TooDeep { .. } | Self::TooManyAvps { .. } | Self::GrammarTooLarge { .. } => {
                ResultCode::UNABLE_TO_COMPLY
            }
            Self::Wire(e) => e.result_code(),
        }
    }
}

/// An AVP built for a Failed-AVP when the request has none to copy (RFC
/// 6733 §7.5): the header of the missing or broken AVP and a zero-filled
/// payload of the type's minimum length.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SynthesizedAvp {
    bytes: [u8; SYNTH_MAX],
    len: u8,
}

impl SynthesizedAvp {
    fn new(code: u32, flags: u8, vendor: u32, payload: usize) -> SynthesizedAvp {
        let mut bytes = [0u8; SYNTH_MAX];
        let vendor_bit = flags & AvpFlags::VENDOR.bits() != 0;
        let hlen = if vendor_bit {
            AVP_HEADER_LEN_VENDOR
        } else {
            AVP_HEADER_LEN
        };
        let len = (hlen + payload).min(SYNTH_MAX);
        bytes[0..4].copy_from_slice(&code.to_be_bytes());
        bytes[4] = flags;
        bytes[5..8].copy_from_slice(&(len as u32).to_be_bytes()[1..]);
        if vendor_bit {
            bytes[8..12].copy_from_slice(&vendor.to_be_bytes());
        }
        SynthesizedAvp {
            bytes,
            len: len as u8,
        }
    }

    /// The AVP bytes (header and zero payload; no padding).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or(&[])
    }
}

impl fmt::Debug for SynthesizedAvp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SynthesizedAvp")
            .field(&self.as_bytes())
            .finish()
    }
}

/// The content of a Failed-AVP: the offending AVP copied from the request,
/// or one synthesized per RFC 6733 §7.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailedAvp<'a> {
    /// The offending AVP's bytes in the request (header to last data byte).
    Copied(&'a [u8]),
    /// An AVP built for the answer (missing AVP, unusable header).
    Synthesized(SynthesizedAvp),
}

impl FailedAvp<'_> {
    /// The AVP bytes to wrap in a Failed-AVP.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            FailedAvp::Copied(b) => b,
            FailedAvp::Synthesized(s) => s.as_bytes(),
        }
    }
}

/// A validation failure: what went wrong, where, and the Failed-AVP to
/// answer with. Small, `Copy`, borrowing the request buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ValidationError<'a> {
    kind: ValidationErrorKind,
    offset: Option<usize>,
    failed: Option<FailedAvp<'a>>,
}

impl<'a> ValidationError<'a> {
    fn new(
        kind: ValidationErrorKind,
        offset: Option<usize>,
        failed: Option<FailedAvp<'a>>,
    ) -> Self {
        ValidationError {
            kind,
            offset,
            failed,
        }
    }

    fn at(kind: ValidationErrorKind, avp: &Avp<&'a [u8]>) -> Self {
        Self::new(
            kind,
            Some(avp.offset()),
            Some(FailedAvp::Copied(avp.bytes_ref())),
        )
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> ValidationErrorKind {
        self.kind
    }

    /// The Result-Code for the answer (RFC 6733 §7.1).
    #[must_use]
    pub fn result_code(&self) -> ResultCode {
        self.kind.result_code()
    }

    /// Whether this is a protocol error (3xxx): the answer then carries the
    /// E bit and follows the RFC 6733 §7.2 grammar.
    #[must_use]
    pub fn is_protocol_error(&self) -> bool {
        (3000..4000).contains(&self.result_code().0)
    }

    /// The bytes of the AVP to wrap in a Failed-AVP, when the error is about
    /// one.
    #[must_use]
    pub fn failed_avp(&self) -> Option<&[u8]> {
        self.failed.as_ref().map(FailedAvp::as_bytes)
    }

    /// The Failed-AVP content, copied or synthesized.
    #[must_use]
    pub fn failed(&self) -> Option<FailedAvp<'a>> {
        self.failed
    }

    /// Absolute offset in the message of the offending AVP (or of the place
    /// a missing fixed AVP should be); `None` for header faults and for
    /// missing AVPs.
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for ValidationError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (Result-Code {})", self.kind, self.result_code().0)?;
        if let Some(o) = self.offset {
            write!(f, " at offset {o}")?;
        }
        Ok(())
    }
}

impl core::error::Error for ValidationError<'_> {}

/// The error-answer grammar every command shares when E is set (RFC 6733
/// §7.2): `0*1< Session-Id > { Origin-Host } { Origin-Realm } { Result-Code }
/// [ Origin-State-Id ] [ Error-Message ] [ Error-Reporting-Host ] [
/// Failed-AVP ] [ Experimental-Result ] * [ Proxy-Info ] * [ AVP ]`.
pub const ERROR_ANSWER_RULES: &[RuleEntry] = &[
    rule(263, Position::Fixed, 0, 1),
    rule(264, Position::Required, 1, 1),
    rule(296, Position::Required, 1, 1),
    rule(268, Position::Required, 1, 1),
    rule(278, Position::Optional, 0, 1),
    rule(281, Position::Optional, 0, 1),
    rule(294, Position::Optional, 0, 1),
    rule(279, Position::Optional, 0, 1),
    rule(297, Position::Optional, 0, 1),
    rule(284, Position::Optional, 0, UNBOUNDED),
];

const fn rule(code: u32, position: Position, min: u16, max: u16) -> RuleEntry {
    RuleEntry {
        code,
        vendor: 0,
        position,
        min,
        max,
    }
}

/// Why a value check failed.
enum ValueFault {
    Length,
    Value,
}

/// The minimum data length of a type, for synthesized Failed-AVPs (RFC 6733
/// §7.5 "zero-filled payload of the minimum required length").
fn min_payload(ty: AvpType) -> usize {
    match ty {
        AvpType::Integer32
        | AvpType::Unsigned32
        | AvpType::Float32
        | AvpType::Time
        | AvpType::Enumerated => 4,
        AvpType::Integer64 | AvpType::Unsigned64 | AvpType::Float64 => 8,
        // Address family (2) + an IPv4 address (4).
        AvpType::Address => 6,
        _ => 0,
    }
}

/// Checks the data of one AVP against its type (RFC 6733 §4.2, §4.3).
///
/// TODO(lead): switch to `Value::decode(ty, &avp)` once
/// `diameter::wire::value` has it, mapping its length errors to
/// `ValueFault::Length` and the others to `ValueFault::Value`; this is the
/// one pluggable value step of the validator.
fn check_value(def: &AvpDef<'_>, data: &[u8], strict_enums: bool) -> Result<(), ValueFault> {
    let ty = def.ty();
    let fixed = |n: usize| {
        if data.len() == n {
            Ok(())
        } else {
            Err(ValueFault::Length)
        }
    };
    match ty {
        AvpType::Integer32 | AvpType::Unsigned32 | AvpType::Float32 | AvpType::Time => fixed(4),
        AvpType::Integer64 | AvpType::Unsigned64 | AvpType::Float64 => fixed(8),
        AvpType::Enumerated => {
            fixed(4)?;
            if strict_enums && def.has_enums() {
                let v = be_u32(data, 0).unwrap_or(0) as i32;
                if def.enum_name(v).is_none() {
                    return Err(ValueFault::Value);
                }
            }
            Ok(())
        }
        AvpType::Address => {
            // RFC 6733 §4.3.1: AddressType (2 octets) then the address; IPv4
            // (1) is 4 octets and IPv6 (2) 16; other families are kept raw.
            let family = crate::wire::be_u16(data, 0).ok_or(ValueFault::Length)?;
            match (family, data.len() - 2) {
                (1, 4) | (2, 16) => Ok(()),
                (1, _) | (2, _) => Err(ValueFault::Value),
                _ => Ok(()),
            }
        }
        AvpType::UTF8String | AvpType::IPFilterRule | AvpType::QoSFilterRule => {
            core::str::from_utf8(data).map_err(|_| ValueFault::Value)?;
            Ok(())
        }
        AvpType::DiameterIdentity => {
            // An FQDN or realm: ASCII (RFC 6733 §4.3.1, IDNs as A-labels).
            if !data.is_empty() && data.iter().all(|b| b.is_ascii_graphic()) {
                Ok(())
            } else {
                Err(ValueFault::Value)
            }
        }
        AvpType::DiameterURI => {
            // RFC 6733 §4.3.1: "aaa://" or "aaas://".
            if data.starts_with(b"aaa://") || data.starts_with(b"aaas://") {
                core::str::from_utf8(data).map_err(|_| ValueFault::Value)?;
                Ok(())
            } else {
                Err(ValueFault::Value)
            }
        }
        _ => Ok(()),
    }
}

struct Walk<'a, 'o> {
    message: &'a [u8],
    opts: &'o ValidationOptions,
    count: usize,
}

impl Dictionary {
    /// Checks the bytes of a message (header first, then [`validate`]) and
    /// returns the checked view. This is the entry point for a request read
    /// from the network: header faults (5011, 5015) come out here too.
    ///
    /// [`validate`]: Dictionary::validate
    pub fn validate_bytes<'a>(
        &self,
        bytes: &'a [u8],
    ) -> Result<Message<&'a [u8]>, ValidationError<'a>> {
        self.validate_bytes_with(bytes, &ValidationOptions::default())
    }

    /// [`Dictionary::validate_bytes`] with explicit options.
    pub fn validate_bytes_with<'a>(
        &self,
        bytes: &'a [u8],
        opts: &ValidationOptions,
    ) -> Result<Message<&'a [u8]>, ValidationError<'a>> {
        let msg = Message::new_checked(bytes).map_err(|e| self.map_wire_error(e, bytes))?;
        self.validate_with(&msg, opts)?;
        Ok(msg)
    }

    /// Validates a checked message against this dictionary with the default
    /// (strict) options. See the module docs for every check and its
    /// Result-Code.
    pub fn validate<'a>(&self, msg: &Message<&'a [u8]>) -> Result<(), ValidationError<'a>> {
        self.validate_with(msg, &ValidationOptions::default())
    }

    /// [`Dictionary::validate`] with explicit options.
    pub fn validate_with<'a>(
        &self,
        msg: &Message<&'a [u8]>,
        opts: &ValidationOptions,
    ) -> Result<(), ValidationError<'a>> {
        let flags = msg.flags();
        let bits = flags.bits();
        if opts.reject_reserved_header_bits && flags.intersects(CommandFlags::RESERVED) {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidBitInHeader { flags: bits },
                None,
                None,
            ));
        }
        let request = flags.is_request();
        // RFC 6733 §3: E "MUST NOT be set in request messages".
        if request && flags.is_error() {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidHeaderBits { flags: bits },
                None,
                None,
            ));
        }
        let app = msg.application_id();
        let code = msg.command_code();
        let buf: &'a [u8] = (*msg).into_inner();
        let message = buf.get(..msg.length() as usize).unwrap_or(buf);
        let mut walk = Walk {
            message,
            opts,
            count: 0,
        };
        let avps = Avps::new(message.get(HEADER_LEN..).unwrap_or(&[]), HEADER_LEN, 0);
        if app == ApplicationId::RELAY {
            // Relays forward any command (RFC 6733 §2.8): check AVPs only.
            return self.check_level(avps, &[], true, &mut walk);
        }
        if self.application(app).is_none() {
            return Err(ValidationError::new(
                ValidationErrorKind::ApplicationUnsupported { application: app },
                None,
                None,
            ));
        }
        let Some(cmd) = self.command(code, app) else {
            return Err(ValidationError::new(
                ValidationErrorKind::CommandUnsupported { code },
                None,
                None,
            ));
        };
        // RFC 6733 §3.2: PXY in the CCF means the P bit is set.
        if request && opts.check_proxiable && cmd.proxiable() != flags.is_proxiable() {
            return Err(ValidationError::new(
                ValidationErrorKind::InvalidHeaderBits { flags: bits },
                None,
                None,
            ));
        }
        if !request && flags.is_error() {
            // RFC 6733 §7.2: an answer with E follows the common grammar.
            return self.check_level(avps, ERROR_ANSWER_RULES, true, &mut walk);
        }
        self.check_level(avps, cmd.rules(request), cmd.extensible(request), &mut walk)
    }

    /// Maps a wire error met while reading `message` to a validation error,
    /// with the Failed-AVP RFC 6733 §7.5 asks for (5014: the offending
    /// header, completed with zeros, and a zero payload of the type's
    /// minimum length).
    #[must_use]
    pub fn map_wire_error<'a>(&self, e: Error, message: &'a [u8]) -> ValidationError<'a> {
        match e {
            Error::UnsupportedVersion { version } => ValidationError::new(
                ValidationErrorKind::UnsupportedVersion { version },
                None,
                None,
            ),
            Error::InvalidMessageLength { length } => ValidationError::new(
                ValidationErrorKind::InvalidMessageLength {
                    length,
                    available: message.len(),
                },
                None,
                None,
            ),
            Error::Truncated { offset, .. } if offset < HEADER_LEN => ValidationError::new(
                ValidationErrorKind::InvalidMessageLength {
                    length: crate::wire::be_u24(message, 1).unwrap_or(0),
                    available: message.len(),
                },
                None,
                None,
            ),
            Error::InvalidHeaderBits { flags } => {
                ValidationError::new(ValidationErrorKind::InvalidHeaderBits { flags }, None, None)
            }
            Error::Truncated { offset, .. } | Error::InvalidAvpLength { offset, .. } => {
                self.broken_avp(offset, message)
            }
            Error::TooDeep { max, offset } => {
                ValidationError::new(ValidationErrorKind::TooDeep { max }, Some(offset), None)
            }
            Error::TooManyAvps { max } => {
                ValidationError::new(ValidationErrorKind::TooManyAvps { max }, None, None)
            }
            // Variants the wire layer may add later map through their own
            // Result-Code.
            #[allow(unreachable_patterns)]
            other => ValidationError::new(ValidationErrorKind::Wire(other), None, None),
        }
    }

    /// 5014 for the AVP header at `offset`, per RFC 6733 §7.1.5/§7.5.
    fn broken_avp<'a>(&self, offset: usize, message: &'a [u8]) -> ValidationError<'a> {
        let rest = message.get(offset..).unwrap_or(&[]);
        let mut hdr = [0u8; AVP_HEADER_LEN_VENDOR];
        for (d, s) in hdr.iter_mut().zip(rest) {
            *d = *s;
        }
        let code = u32::from_be_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]);
        let flags = hdr[4];
        let length = u32::from_be_bytes([0, hdr[5], hdr[6], hdr[7]]);
        let vendor = if flags & AvpFlags::VENDOR.bits() != 0 {
            u32::from_be_bytes([hdr[8], hdr[9], hdr[10], hdr[11]])
        } else {
            0
        };
        let payload = self
            .avp(AvpCode(code), VendorId(vendor))
            .map_or(0, |d| min_payload(d.ty()));
        ValidationError::new(
            ValidationErrorKind::InvalidAvpLength {
                code: AvpCode(code),
                length,
            },
            Some(offset),
            Some(FailedAvp::Synthesized(SynthesizedAvp::new(
                code, flags, vendor, payload,
            ))),
        )
    }

    /// Validates one level (message body or grouped data) against a grammar.
    fn check_level<'a>(
        &self,
        avps: Avps<'a>,
        rules: &[RuleEntry],
        extensible: bool,
        walk: &mut Walk<'a, '_>,
    ) -> Result<(), ValidationError<'a>> {
        if rules.len() > MAX_GRAMMAR_RULES {
            return Err(ValidationError::new(
                ValidationErrorKind::GrammarTooLarge {
                    rules: rules.len(),
                    max: MAX_GRAMMAR_RULES,
                },
                None,
                None,
            ));
        }
        let mut counts = [0u16; MAX_GRAMMAR_RULES];
        // The next fixed-position rule still to be matched, in order.
        let mut fixed = next_fixed(rules, 0);
        let mut iter = avps;
        while let Some(item) = iter.next() {
            let avp = item.map_err(|e| self.map_wire_error(e, walk.message))?;
            walk.count += 1;
            if walk.count > MAX_AVPS_PER_MESSAGE {
                return Err(ValidationError::new(
                    ValidationErrorKind::TooManyAvps {
                        max: MAX_AVPS_PER_MESSAGE,
                    },
                    Some(avp.offset()),
                    None,
                ));
            }
            let code = avp.code();
            let vendor = avp.vendor_id();
            let rule_at = rules
                .iter()
                .position(|r| r.code == code.0 && r.vendor == vendor.0);

            // Fixed positions first (RFC 6733 §3.2 `< AVP >`).
            let mut took_fixed = false;
            while let Some(fi) = fixed {
                let r = rules
                    .get(fi)
                    .copied()
                    .unwrap_or(rule(0, Position::Fixed, 0, 0));
                if rule_at == Some(fi) {
                    took_fixed = true;
                    break;
                }
                let have = counts.get(fi).copied().unwrap_or(0);
                if have >= r.min {
                    fixed = next_fixed(rules, fi + 1);
                    continue;
                }
                // A required fixed AVP is not where it must be.
                return Err(misplaced_or_missing(self, r, iter.clone()));
            }

            let def = self.check_avp(&avp, rule_at.is_some(), walk)?;
            if def.is_none() && rule_at.is_none() {
                // Unknown, M clear: ignored (RFC 6733 §4.1).
                continue;
            }

            match rule_at {
                Some(i) => {
                    let r = rules
                        .get(i)
                        .copied()
                        .unwrap_or(rule(0, Position::Optional, 0, 0));
                    if r.position == Position::Fixed && !took_fixed {
                        let n = counts.get(i).copied().unwrap_or(0);
                        let kind = if n >= r.max {
                            ValidationErrorKind::AvpOccursTooManyTimes {
                                code,
                                vendor,
                                max: r.max,
                            }
                        } else {
                            ValidationErrorKind::AvpNotAllowed { code, vendor }
                        };
                        return Err(ValidationError::at(kind, &avp));
                    }
                    if r.max == 0 {
                        return Err(ValidationError::at(
                            ValidationErrorKind::AvpNotAllowed { code, vendor },
                            &avp,
                        ));
                    }
                    if let Some(c) = counts.get_mut(i) {
                        *c = c.saturating_add(1);
                        if r.max != UNBOUNDED && *c > r.max {
                            return Err(ValidationError::at(
                                ValidationErrorKind::AvpOccursTooManyTimes {
                                    code,
                                    vendor,
                                    max: r.max,
                                },
                                &avp,
                            ));
                        }
                        if took_fixed && *c >= r.max {
                            fixed = next_fixed(rules, i + 1);
                        }
                    }
                }
                None if !extensible => {
                    return Err(ValidationError::at(
                        ValidationErrorKind::AvpNotAllowed { code, vendor },
                        &avp,
                    ));
                }
                None => {}
            }

            if def.is_some_and(|d| d.ty() == AvpType::Grouped) {
                let inner = avp
                    .grouped()
                    .map_err(|e| self.map_wire_error(e, walk.message))?;
                match self.grouped(code, vendor) {
                    Some(g) => self.check_level(inner, g.rules(), g.extensible(), walk)?,
                    None => self.check_level(inner, &[], true, walk)?,
                }
            }
        }
        // Minimum occurrences, in grammar order.
        for (i, r) in rules.iter().enumerate() {
            if counts.get(i).copied().unwrap_or(0) < r.min {
                return Err(self.missing(*r));
            }
        }
        Ok(())
    }

    /// Flag and value checks of one AVP. `Ok(None)` for an AVP the
    /// dictionary does not define: allowed when M is clear or when the
    /// grammar names it (`in_grammar`).
    fn check_avp<'a, 'd>(
        &'d self,
        avp: &Avp<&'a [u8]>,
        in_grammar: bool,
        walk: &Walk<'a, '_>,
    ) -> Result<Option<AvpDef<'d>>, ValidationError<'a>> {
        let flags = avp.flags();
        let code = avp.code();
        let vendor = avp.vendor_id();
        if flags.is_vendor() && vendor.0 == 0 {
            return Err(ValidationError::at(
                ValidationErrorKind::InvalidAvpBitCombo {
                    code,
                    flags: flags.bits(),
                },
                avp,
            ));
        }
        let bad_bits = ValidationError::at(
            ValidationErrorKind::InvalidAvpBits {
                code,
                vendor,
                flags: flags.bits(),
            },
            avp,
        );
        // RFC 6733 §4.1: reserved bits MUST be sent as 0, "an unrecognized
        // bit SHOULD be considered an error"; P SHOULD be 0.
        if walk.opts.reject_reserved_avp_bits
            && flags.intersects(AvpFlags::RESERVED | AvpFlags::PROTECTED)
        {
            return Err(bad_bits);
        }
        let Some(def) = self.avp(code, vendor) else {
            if flags.is_mandatory() && !in_grammar {
                return Err(ValidationError::at(
                    ValidationErrorKind::AvpUnsupported { code, vendor },
                    avp,
                ));
            }
            return Ok(None);
        };
        if walk.opts.check_flag_rules {
            let m = flags.is_mandatory();
            let v = flags.is_vendor();
            let contrary = |rule: FlagRule, set: bool| {
                matches!(
                    (rule, set),
                    (FlagRule::Must, false) | (FlagRule::MustNot, true)
                )
            };
            if contrary(def.m_rule(), m) || contrary(def.v_rule(), v) {
                return Err(bad_bits);
            }
        }
        match check_value(&def, avp.data_ref(), walk.opts.strict_enums) {
            Ok(()) => Ok(Some(def)),
            Err(ValueFault::Length) => Err(ValidationError::at(
                ValidationErrorKind::InvalidAvpLength {
                    code,
                    length: avp.length(),
                },
                avp,
            )),
            Err(ValueFault::Value) => Err(ValidationError::at(
                ValidationErrorKind::InvalidAvpValue { code, vendor },
                avp,
            )),
        }
    }

    /// 5005 with an example of the missing AVP (RFC 6733 §7.5).
    fn missing<'a>(&self, r: RuleEntry) -> ValidationError<'a> {
        let def = self.avp(AvpCode(r.code), VendorId(r.vendor));
        let mut flags = 0u8;
        if r.vendor != 0 {
            flags |= AvpFlags::VENDOR.bits();
        }
        if def.is_none_or(|d| d.m_rule() != FlagRule::MustNot) {
            flags |= AvpFlags::MANDATORY.bits();
        }
        let payload = def.map_or(0, |d| min_payload(d.ty()));
        ValidationError::new(
            ValidationErrorKind::MissingAvp {
                code: AvpCode(r.code),
                vendor: VendorId(r.vendor),
            },
            None,
            Some(FailedAvp::Synthesized(SynthesizedAvp::new(
                r.code, flags, r.vendor, payload,
            ))),
        )
    }
}

fn next_fixed(rules: &[RuleEntry], from: usize) -> Option<usize> {
    rules
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, r)| r.position == Position::Fixed)
        .map(|(i, _)| i)
}

/// A required fixed AVP is not at its position: 5008 on the misplaced
/// instance when it appears later, else 5005.
fn misplaced_or_missing<'a>(
    dict: &Dictionary,
    r: RuleEntry,
    rest: Avps<'a>,
) -> ValidationError<'a> {
    // The current AVP was already taken from the iterator; it did not match.
    for avp in rest.flatten() {
        if avp.code().0 == r.code && avp.vendor_id().0 == r.vendor {
            return ValidationError::at(
                ValidationErrorKind::AvpNotAllowed {
                    code: avp.code(),
                    vendor: avp.vendor_id(),
                },
                &avp,
            );
        }
    }
    dict.missing(r)
}
