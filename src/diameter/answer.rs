//! Error answers to bad requests, emitted into a caller buffer without
//! allocating.
//!
//! The answer (RFC 6733 §7.2, §6.2):
//!
//! * has the request's Command Code and Application-Id, R cleared, P copied
//!   from the request, and the request's Hop-by-Hop and End-to-End
//!   Identifiers;
//! * sets E for protocol errors (3xxx, RFC 6733 §7.1.3: "these errors MUST
//!   only be used in answer messages whose 'E' bit is set") and leaves it
//!   clear for the other classes (§7.1.4, §7.1.5: "SHOULD be used in answer
//!   messages whose 'E' bit is not set");
//! * carries, in the order of the §7.2 grammar, the request's Session-Id
//!   first when it had one (copied byte for byte), Origin-Host and
//!   Origin-Realm from the caller's [`Identity`], the Result-Code, the
//!   optional Error-Message and Error-Reporting-Host, a Failed-AVP wrapping
//!   the offending AVP, then any pre-encoded AVPs the caller adds.
//!
//! ```
//! use roam::diameter::answer::{ErrorAnswer, Identity};
//! use roam::diameter::wire::{Message, ResultCode};
//!
//! let dwr = [
//!     0x01, 0x00, 0x00, 0x14, 0x80, 0x00, 0x01, 0x18, // v1, len 20, R, DWR
//!     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // app 0, hop-by-hop 1
//!     0x00, 0x00, 0x00, 0x02, // end-to-end 2
//! ];
//! let me = Identity { origin_host: "aaa.example.org", origin_realm: "example.org" };
//! let mut buf = [0u8; 256];
//! let n = ErrorAnswer::new(ResultCode::UNABLE_TO_COMPLY).emit(&dwr, &me, &mut buf).unwrap();
//! let ans = Message::new_checked(&buf[..n]).unwrap();
//! assert!(!ans.flags().is_request());
//! assert_eq!(ans.hop_by_hop(), 1);
//! ```

use crate::diameter::dict::ValidationError;
use crate::diameter::wire::{
    padded, AvpCode, AvpFlags, Avps, CommandFlags, ResultCode, VendorId, AVP_HEADER_LEN,
    HEADER_LEN, VERSION,
};
use crate::wire::{be_u24, be_u32, BufferTooSmall, Writer};

/// Who answers: the local node's Diameter identity (RFC 6733 §6.3, §6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Identity<'a> {
    /// Origin-Host (a DiameterIdentity, the node's FQDN).
    pub origin_host: &'a str,
    /// Origin-Realm.
    pub origin_realm: &'a str,
}

/// Why an error answer could not be emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The request is shorter than a Diameter header: there are no
    /// identifiers to answer with.
    #[error("request of {len} bytes has no complete header")]
    RequestTooShort {
        /// Bytes in the request.
        len: usize,
    },
    /// The caller's buffer is too small; `required` is exact.
    #[error(transparent)]
    BufferTooSmall(#[from] BufferTooSmall),
    /// An AVP or the message would exceed the 24-bit length field.
    #[error("answer too long for a 24-bit length")]
    TooLong,
}

/// An error answer to build from a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorAnswer<'a> {
    /// The Result-Code.
    pub result_code: ResultCode,
    /// The offending AVP's bytes, wrapped in a Failed-AVP (RFC 6733 §7.5).
    pub failed_avp: Option<&'a [u8]>,
    /// An Error-Message (RFC 6733 §7.3), human-readable.
    pub error_message: Option<&'a str>,
    /// An Error-Reporting-Host (RFC 6733 §7.4): set when this node is not
    /// the request's destination (a relay or proxy answering).
    pub error_reporting_host: Option<&'a str>,
    /// Set the E bit. [`ErrorAnswer::new`] sets it for 3xxx codes only.
    pub error_bit: bool,
    /// Pre-encoded AVPs appended after Failed-AVP (each already padded),
    /// e.g. what a command's own answer grammar also requires.
    pub extra_avps: &'a [u8],
}

impl<'a> ErrorAnswer<'a> {
    /// An answer with this Result-Code, E set exactly for protocol errors.
    #[must_use]
    pub fn new(result_code: ResultCode) -> ErrorAnswer<'a> {
        ErrorAnswer {
            result_code,
            failed_avp: None,
            error_message: None,
            error_reporting_host: None,
            error_bit: (3000..4000).contains(&result_code.0),
            extra_avps: &[],
        }
    }

    /// The answer a validation failure calls for: its Result-Code, E bit
    /// and Failed-AVP.
    #[must_use]
    pub fn from_validation(err: &'a ValidationError<'_>) -> ErrorAnswer<'a> {
        ErrorAnswer {
            failed_avp: err.failed_avp(),
            error_bit: err.is_protocol_error(),
            ..ErrorAnswer::new(err.result_code())
        }
    }

    /// Emits the answer to `request` (the raw request bytes; only its
    /// header and its Session-Id are read) into `buf`. Returns the answer
    /// length, or the exact size needed.
    pub fn emit(
        &self,
        request: &[u8],
        me: &Identity<'_>,
        buf: &mut [u8],
    ) -> Result<usize, AnswerError> {
        let hdr = request
            .get(..HEADER_LEN)
            .ok_or(AnswerError::RequestTooShort { len: request.len() })?;
        let req_flags = CommandFlags::from_bits_retain(hdr[4]);
        let mut flags = req_flags & CommandFlags::PROXIABLE;
        if self.error_bit {
            flags |= CommandFlags::ERROR;
        }
        let mut w = Writer::new(buf);
        w.u8(VERSION);
        let len_at = w.reserve_len(3);
        w.u8(flags.bits());
        w.u24(be_u24(hdr, 5).unwrap_or(0));
        w.u32(be_u32(hdr, 8).unwrap_or(0));
        w.u32(be_u32(hdr, 12).unwrap_or(0));
        w.u32(be_u32(hdr, 16).unwrap_or(0));

        if let Some(sid) = session_id(request) {
            w.bytes(sid);
            w.zeros(padded(sid.len()) - sid.len());
        }
        let m = AvpFlags::MANDATORY.bits();
        avp(&mut w, AvpCode::ORIGIN_HOST, m, me.origin_host.as_bytes())?;
        avp(&mut w, AvpCode::ORIGIN_REALM, m, me.origin_realm.as_bytes())?;
        avp(
            &mut w,
            AvpCode::RESULT_CODE,
            m,
            &self.result_code.0.to_be_bytes(),
        )?;
        // RFC 6733 §4.5: Error-Message and Error-Reporting-Host MUST NOT
        // have M set.
        if let Some(msg) = self.error_message {
            avp(&mut w, AvpCode::ERROR_MESSAGE, 0, msg.as_bytes())?;
        }
        if let Some(host) = self.error_reporting_host {
            avp(&mut w, AvpCode::ERROR_REPORTING_HOST, 0, host.as_bytes())?;
        }
        if let Some(failed) = self.failed_avp {
            // Failed-AVP (Grouped): the offending AVP, padded, is its data.
            w.u32(AvpCode::FAILED_AVP.0);
            w.u8(m);
            let ph = w.reserve_len(3);
            w.bytes(failed);
            let pad = padded(failed.len()) - failed.len();
            w.zeros(pad);
            if !w.patch_len(ph, AVP_HEADER_LEN + failed.len() + pad) {
                return Err(AnswerError::TooLong);
            }
        }
        w.bytes(self.extra_avps);
        let total = w.position();
        if !w.patch_len(len_at, total) {
            return Err(AnswerError::TooLong);
        }
        Ok(w.finish()?)
    }

    /// [`ErrorAnswer::emit`] into a new vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(
        &self,
        request: &[u8],
        me: &Identity<'_>,
    ) -> Result<alloc::vec::Vec<u8>, AnswerError> {
        let need = match self.emit(request, me, &mut []) {
            Ok(n) => n,
            Err(AnswerError::BufferTooSmall(e)) => e.required,
            Err(e) => return Err(e),
        };
        let mut v = alloc::vec![0u8; need];
        let n = self.emit(request, me, &mut v)?;
        v.truncate(n);
        Ok(v)
    }
}

/// Writes one AVP without a Vendor-ID, with its padding.
fn avp(w: &mut Writer<'_>, code: AvpCode, flags: u8, data: &[u8]) -> Result<(), AnswerError> {
    w.u32(code.0);
    w.u8(flags);
    let ph = w.reserve_len(3);
    w.bytes(data);
    if !w.patch_len(ph, AVP_HEADER_LEN + data.len()) {
        return Err(AnswerError::TooLong);
    }
    w.zeros(padded(data.len()) - data.len());
    Ok(())
}

/// The request's first top-level Session-Id AVP (no padding), if it has one
/// before any malformed AVP.
fn session_id(request: &[u8]) -> Option<&[u8]> {
    let len = be_u24(request, 1)
        .map_or(0, |l| l as usize)
        .min(request.len());
    let body = request.get(HEADER_LEN..len)?;
    Avps::new(body, HEADER_LEN, 0)
        .map_while(Result::ok)
        .find(|a| a.code() == AvpCode::SESSION_ID && a.vendor_id() == VendorId::IETF)
        .map(|a| a.bytes_ref())
}
