//! Capabilities exchange (RFC 6733 §5.3): reading a CER or CEA and
//! computing the common applications and security.

use alloc::vec::Vec;

use super::config::{Config, InbandSecurityId};
use crate::diameter::wire::{ApplicationId, AvpCode, Error, Message, ResultCode, VendorId};

/// How many application ids a CER/CEA may advertise before it is refused
/// with 5009 (a bound on the memory one peer can make us hold).
pub const MAX_ADVERTISED_APPLICATIONS: usize = 256;

/// What the peer told us in its CER or CEA, and what we have in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerCaps {
    /// The peer's Origin-Host.
    pub origin_host: Vec<u8>,
    /// The peer's Origin-Realm.
    pub origin_realm: Vec<u8>,
    /// The peer's Vendor-Id (0 if absent).
    pub vendor_id: VendorId,
    /// The peer's Product-Name (empty if absent).
    pub product_name: Vec<u8>,
    /// The peer's Origin-State-Id, if sent.
    pub origin_state_id: Option<u32>,
    /// Every application id the peer advertised (auth, acct and inside
    /// Vendor-Specific-Application-Id; the Vendor-Id is not used, §5.3).
    pub advertised: Vec<ApplicationId>,
    /// The intersection with ours. When either side is a relay (0xffffffff,
    /// §2.4), it is everything the other side advertised.
    pub common: Vec<ApplicationId>,
    /// The peer advertised the Relay application.
    pub peer_is_relay: bool,
}

impl PeerCaps {
    /// Whether requests of `app` may be sent to this peer (§5.3: only to
    /// peers that advertised it, or the Relay application).
    #[must_use]
    pub fn supports(&self, app: ApplicationId) -> bool {
        self.peer_is_relay || self.common.contains(&app) || app == ApplicationId::COMMON
    }
}

/// Why a CER (or CEA) is not acceptable: the Result-Code to answer with
/// and, when an AVP is at fault, its byte range in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: ResultCode,
    /// Byte range of the offending AVP inside the message.
    pub(crate) failed_avp: Option<(usize, usize)>,
    /// A missing AVP (Failed-AVP carries an empty AVP of this code).
    pub(crate) missing: Option<AvpCode>,
}

impl Refusal {
    fn code(code: ResultCode) -> Refusal {
        Refusal {
            code,
            failed_avp: None,
            missing: None,
        }
    }
    fn at(code: ResultCode, off: usize, len: usize) -> Refusal {
        Refusal {
            code,
            failed_avp: Some((off, len)),
            missing: None,
        }
    }
    fn from_wire(e: &Error, msg: &[u8]) -> Refusal {
        let mut r = Refusal::code(e.result_code());
        if let (Some(off), Some(bytes)) = (e.avp_offset(), e.failed_avp(msg)) {
            r.failed_avp = Some((off, bytes.len()));
        }
        r
    }
    fn missing(code: AvpCode) -> Refusal {
        Refusal {
            code: ResultCode::MISSING_AVP,
            failed_avp: None,
            missing: Some(code),
        }
    }
}

fn u32_of(data: &[u8]) -> Option<u32> {
    let b: [u8; 4] = data.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// ASCII case-insensitive equality of two DiameterIdentities (RFC 6733
/// §5.6.4: identities compare consistently with DNS case insensitivity).
pub(crate) fn identity_eq(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Reads the capability AVPs of a CER or CEA and intersects them with
/// `cfg`. Checks AVP lengths and bounds (§7 errors with Failed-AVP), the
/// required Origin-Host/Origin-Realm (5005), the applications (5010) and
/// the inband security (5017), and the peer's identity (3010).
pub(crate) fn read(msg: &Message<&[u8]>, cfg: &Config) -> Result<PeerCaps, Refusal> {
    let bytes = msg.as_bytes();
    let grouped = |c: AvpCode, v: VendorId| {
        v == VendorId::IETF
            && (c == AvpCode::VENDOR_SPECIFIC_APPLICATION_ID || c == AvpCode::FAILED_AVP)
    };
    msg.check_avps(grouped)
        .map_err(|e| Refusal::from_wire(&e, bytes))?;

    let mut caps = PeerCaps {
        origin_host: Vec::new(),
        origin_realm: Vec::new(),
        vendor_id: VendorId(0),
        product_name: Vec::new(),
        origin_state_id: None,
        advertised: Vec::new(),
        common: Vec::new(),
        peer_is_relay: false,
    };
    let mut have_host = false;
    let mut have_realm = false;
    let mut security: Vec<u32> = Vec::new();

    let push_app = |caps: &mut PeerCaps, id: u32, off: usize, len: usize| -> Result<(), Refusal> {
        let app = ApplicationId(id);
        if !caps.advertised.contains(&app) {
            if caps.advertised.len() >= MAX_ADVERTISED_APPLICATIONS {
                return Err(Refusal::at(ResultCode::AVP_OCCURS_TOO_MANY_TIMES, off, len));
            }
            caps.advertised.push(app);
        }
        Ok(())
    };

    for avp in msg.avps() {
        let avp = avp.map_err(|e| Refusal::from_wire(&e, bytes))?;
        if avp.vendor_id() != VendorId::IETF {
            continue;
        }
        let (off, len) = (avp.offset(), avp.as_bytes().len());
        let bad_len = || Refusal::at(ResultCode::INVALID_AVP_LENGTH, off, len);
        match avp.code() {
            AvpCode::ORIGIN_HOST => {
                caps.origin_host = avp.data().to_vec();
                have_host = true;
            }
            AvpCode::ORIGIN_REALM => {
                caps.origin_realm = avp.data().to_vec();
                have_realm = true;
            }
            AvpCode::VENDOR_ID => {
                caps.vendor_id = VendorId(u32_of(avp.data()).ok_or_else(bad_len)?)
            }
            AvpCode::PRODUCT_NAME => caps.product_name = avp.data().to_vec(),
            AvpCode::ORIGIN_STATE_ID => {
                caps.origin_state_id = Some(u32_of(avp.data()).ok_or_else(bad_len)?)
            }
            AvpCode::AUTH_APPLICATION_ID | AvpCode::ACCT_APPLICATION_ID => {
                let id = u32_of(avp.data()).ok_or_else(bad_len)?;
                push_app(&mut caps, id, off, len)?;
            }
            AvpCode::INBAND_SECURITY_ID => {
                let id = u32_of(avp.data()).ok_or_else(bad_len)?;
                if security.len() < MAX_ADVERTISED_APPLICATIONS && !security.contains(&id) {
                    security.push(id);
                }
            }
            AvpCode::VENDOR_SPECIFIC_APPLICATION_ID => {
                let inner = avp.grouped().map_err(|e| Refusal::from_wire(&e, bytes))?;
                for m in inner {
                    let m = m.map_err(|e| Refusal::from_wire(&e, bytes))?;
                    if m.vendor_id() != VendorId::IETF {
                        continue;
                    }
                    if m.code() == AvpCode::AUTH_APPLICATION_ID
                        || m.code() == AvpCode::ACCT_APPLICATION_ID
                    {
                        let (mo, ml) = (m.offset(), m.as_bytes().len());
                        let id = u32_of(m.data()).ok_or(Refusal::at(
                            ResultCode::INVALID_AVP_LENGTH,
                            mo,
                            ml,
                        ))?;
                        push_app(&mut caps, id, off, len)?;
                    }
                }
            }
            _ => {}
        }
    }
    if !have_host {
        return Err(Refusal::missing(AvpCode::ORIGIN_HOST));
    }
    if !have_realm {
        return Err(Refusal::missing(AvpCode::ORIGIN_REALM));
    }

    // Identity (§5.3: "CERs received from unknown peers MAY be ... [answered
    // with] DIAMETER_UNKNOWN_PEER").
    if let Some(expected) = &cfg.peer_host {
        if !identity_eq(expected, &caps.origin_host) {
            return Err(Refusal::code(ResultCode::UNKNOWN_PEER));
        }
    }
    if !cfg.allowed_peers.is_empty()
        && !cfg
            .allowed_peers
            .iter()
            .any(|p| identity_eq(p, &caps.origin_host))
    {
        return Err(Refusal::code(ResultCode::UNKNOWN_PEER));
    }

    // Applications (§5.3): intersection of ours with every Application-Id
    // AVP; a relay on either side has everything in common.
    caps.peer_is_relay = caps.advertised.contains(&ApplicationId::RELAY);
    let we_relay = cfg.local_applications().any(|a| a == ApplicationId::RELAY);
    if caps.peer_is_relay {
        caps.common = cfg
            .local_applications()
            .filter(|a| *a != ApplicationId::RELAY)
            .collect();
    } else if we_relay {
        caps.common = caps.advertised.clone();
    } else {
        caps.common = caps
            .advertised
            .iter()
            .copied()
            .filter(|a| cfg.local_applications().any(|l| l == *a))
            .collect();
    }
    caps.common.dedup();
    if caps.common.is_empty() && !caps.peer_is_relay && !we_relay {
        return Err(Refusal::code(ResultCode::NO_COMMON_APPLICATION));
    }

    // Inband security (§5.3, §6.10): absent means NO_INBAND_SECURITY.
    if security.is_empty() {
        security.push(InbandSecurityId::NO_INBAND_SECURITY.0);
    }
    if !security
        .iter()
        .any(|s| cfg.inband_security_ids.contains(&InbandSecurityId(*s)))
    {
        return Err(Refusal::code(ResultCode::NO_COMMON_SECURITY));
    }
    Ok(caps)
}

/// The Result-Code of an answer, if it has a well-formed one.
pub(crate) fn result_code(msg: &Message<&[u8]>) -> Option<ResultCode> {
    msg.avps()
        .map_while(Result::ok)
        .find(|a| a.code() == AvpCode::RESULT_CODE && a.vendor_id() == VendorId::IETF)
        .and_then(|a| u32_of(a.data()))
        .map(ResultCode)
}

/// The Disconnect-Cause of a DPR, if well formed.
pub(crate) fn disconnect_cause(msg: &Message<&[u8]>) -> Option<u32> {
    msg.avps()
        .map_while(Result::ok)
        .find(|a| a.code() == AvpCode::DISCONNECT_CAUSE && a.vendor_id() == VendorId::IETF)
        .and_then(|a| u32_of(a.data()))
}

/// The Origin-Host of a message, if present.
pub(crate) fn origin_host<'a>(msg: &Message<&'a [u8]>) -> Option<&'a [u8]> {
    let buf: &'a [u8] = (*msg).into_inner();
    let body = buf.get(crate::diameter::wire::HEADER_LEN..msg.length() as usize)?;
    crate::diameter::wire::Avps::new(body, crate::diameter::wire::HEADER_LEN, 0)
        .map_while(Result::ok)
        .find(|a| a.code() == AvpCode::ORIGIN_HOST && a.vendor_id() == VendorId::IETF)
        .map(|a| a.data_ref())
}
