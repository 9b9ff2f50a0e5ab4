//! The encoder for the base-protocol messages the peer machine emits
//! itself: CER/CEA (RFC 6733 §5.3), DWR/DWA (§5.5), DPR/DPA (§5.4) and
//! generic answers with a Result-Code and an optional Failed-AVP (§7), a
//! thin layer over [`MessageBuilder`].

use alloc::vec;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::config::Config;
use crate::diameter::wire::{
    Address, ApplicationId, AvpCode, AvpFlags, AvpHeader, CommandCode, CommandFlags,
    MessageBuilder, ResultCode,
};

/// AVP flag M (RFC 6733 §4.1).
const M: u8 = 0x40;

/// A message header to emit (RFC 6733 §3).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub(crate) flags: CommandFlags,
    pub(crate) command: CommandCode,
    pub(crate) application: ApplicationId,
    pub(crate) hop_by_hop: u32,
    pub(crate) end_to_end: u32,
}

impl Header {
    /// A base-protocol request header (Application-ID 0, R set, P clear).
    pub(crate) fn request(command: CommandCode, hop_by_hop: u32, end_to_end: u32) -> Header {
        Header {
            flags: CommandFlags::REQUEST,
            command,
            application: ApplicationId::COMMON,
            hop_by_hop,
            end_to_end,
        }
    }

    /// The header of the answer to a request with header `req`: same
    /// command, application and identifiers, R and T cleared, P kept
    /// (RFC 6733 §6.2), E set when `error`.
    pub(crate) fn answer_to(req: &Header, error: bool) -> Header {
        let mut flags = req.flags & CommandFlags::PROXIABLE;
        if error {
            flags |= CommandFlags::ERROR;
        }
        Header {
            flags,
            command: req.command,
            application: req.application,
            hop_by_hop: req.hop_by_hop,
            end_to_end: req.end_to_end,
        }
    }
}

/// Builds the message with header `h` and the AVPs `avps` adds: once to
/// size it, once into an exact buffer.
fn to_vec(h: &Header, avps: impl Fn(&mut MessageBuilder<'_>)) -> Vec<u8> {
    let build = |buf: &mut [u8]| {
        let mut b = MessageBuilder::new(
            buf,
            h.flags,
            h.command,
            h.application,
            h.hop_by_hop,
            h.end_to_end,
        );
        avps(&mut b);
        // The peer never builds a message past 2^24 - 1 bytes (its AVPs
        // come from a bounded config); the size is what was counted.
        b.finish().unwrap_or_else(|e| e.required)
    };
    let len = build(&mut []);
    let mut out = vec![0u8; len];
    let n = build(&mut out);
    debug_assert_eq!(n, len);
    out
}

const MANDATORY: AvpFlags = AvpFlags::MANDATORY;

fn avp_u32(b: &mut MessageBuilder<'_>, code: AvpCode, v: u32) {
    b.u32(AvpHeader::mandatory(code), v);
}

/// Host-IP-Address: an Address (RFC 6733 §4.3.1): AddressType (IANA address
/// family: 1 IPv4, 2 IPv6) then the address.
fn avp_address(b: &mut MessageBuilder<'_>, code: AvpCode, ip: &IpAddr) {
    let a = match ip {
        IpAddr::V4(a) => Address::V4(*a),
        IpAddr::V6(a) => Address::V6(*a),
    };
    b.address(AvpHeader::mandatory(code), &a);
}

/// A Failed-AVP (§7.5) wrapping the offending AVP's bytes.
fn failed_avp(b: &mut MessageBuilder<'_>, failed: Option<&[u8]>) {
    if let Some(f) = failed {
        b.grouped(AvpHeader::mandatory(AvpCode::FAILED_AVP), |g| {
            g.raw_avp(f);
        });
    }
}

/// Origin-Host and Origin-Realm (RFC 6733 §6.3, §6.4).
fn origin(b: &mut MessageBuilder<'_>, cfg: &Config) {
    b.octets(AvpHeader::mandatory(AvpCode::ORIGIN_HOST), &cfg.origin_host)
        .octets(
            AvpHeader::mandatory(AvpCode::ORIGIN_REALM),
            &cfg.origin_realm,
        );
}

/// The capability AVPs shared by CER and CEA (RFC 6733 §5.3.1, §5.3.2), in
/// the order of the CCF. Product-Name and Firmware-Revision carry no M bit
/// (RFC 6733 §4.5 table).
fn capabilities(b: &mut MessageBuilder<'_>, cfg: &Config, origin_state_id: Option<u32>) {
    for ip in &cfg.host_ip_addresses {
        avp_address(b, AvpCode::HOST_IP_ADDRESS, ip);
    }
    avp_u32(b, AvpCode::VENDOR_ID, cfg.vendor_id.0);
    b.octets(
        AvpHeader::new(AvpCode::PRODUCT_NAME, AvpFlags::empty()),
        &cfg.product_name,
    );
    if let Some(osi) = origin_state_id {
        avp_u32(b, AvpCode::ORIGIN_STATE_ID, osi);
    }
    for v in &cfg.supported_vendor_ids {
        avp_u32(b, AvpCode::SUPPORTED_VENDOR_ID, v.0);
    }
    for a in &cfg.auth_application_ids {
        avp_u32(b, AvpCode::AUTH_APPLICATION_ID, a.0);
    }
    // Absent Inband-Security-Id means NO_INBAND_SECURITY (RFC 6733 §6.10):
    // only advertise when something else is configured.
    if cfg
        .inband_security_ids
        .iter()
        .any(|s| *s != super::config::InbandSecurityId::NO_INBAND_SECURITY)
    {
        for s in &cfg.inband_security_ids {
            avp_u32(b, AvpCode::INBAND_SECURITY_ID, s.0);
        }
    }
    for a in &cfg.acct_application_ids {
        avp_u32(b, AvpCode::ACCT_APPLICATION_ID, a.0);
    }
    for vsa in &cfg.vendor_specific_application_ids {
        b.grouped(
            AvpHeader::new(AvpCode::VENDOR_SPECIFIC_APPLICATION_ID, MANDATORY),
            |g| {
                avp_u32(g, AvpCode::VENDOR_ID, vsa.vendor_id.0);
                match vsa.application {
                    super::config::AppKind::Auth(a) => {
                        avp_u32(g, AvpCode::AUTH_APPLICATION_ID, a.0);
                    }
                    super::config::AppKind::Acct(a) => {
                        avp_u32(g, AvpCode::ACCT_APPLICATION_ID, a.0);
                    }
                }
            },
        );
    }
    if let Some(fw) = cfg.firmware_revision {
        b.u32(
            AvpHeader::new(AvpCode::FIRMWARE_REVISION, AvpFlags::empty()),
            fw,
        );
    }
}

/// Capabilities-Exchange-Request (RFC 6733 §5.3.1).
pub(crate) fn cer(cfg: &Config, hop_by_hop: u32, end_to_end: u32) -> Vec<u8> {
    let h = Header::request(CommandCode::CAPABILITIES_EXCHANGE, hop_by_hop, end_to_end);
    to_vec(&h, |b| {
        origin(b, cfg);
        capabilities(b, cfg, cfg.origin_state_id);
    })
}

/// Capabilities-Exchange-Answer (RFC 6733 §5.3.2) to the CER with header
/// `req`. A `failed_avp` (the offending AVP's bytes) is wrapped in a
/// Failed-AVP (§7.5). Protocol errors (3xxx) set E (§7.1.3).
pub(crate) fn cea(cfg: &Config, req: &Header, code: ResultCode, failed: Option<&[u8]>) -> Vec<u8> {
    let h = Header::answer_to(req, is_protocol_error(code));
    to_vec(&h, |b| {
        avp_u32(b, AvpCode::RESULT_CODE, code.0);
        origin(b, cfg);
        capabilities(b, cfg, cfg.origin_state_id);
        failed_avp(b, failed);
    })
}

/// Device-Watchdog-Request (RFC 6733 §5.5.1).
pub(crate) fn dwr(cfg: &Config, hop_by_hop: u32, end_to_end: u32) -> Vec<u8> {
    let h = Header::request(CommandCode::DEVICE_WATCHDOG, hop_by_hop, end_to_end);
    to_vec(&h, |b| {
        origin(b, cfg);
        if let Some(osi) = cfg.origin_state_id {
            avp_u32(b, AvpCode::ORIGIN_STATE_ID, osi);
        }
    })
}

/// Disconnect-Peer-Request (RFC 6733 §5.4.1) with its Disconnect-Cause.
pub(crate) fn dpr(cfg: &Config, hop_by_hop: u32, end_to_end: u32, cause: u32) -> Vec<u8> {
    let h = Header::request(CommandCode::DISCONNECT_PEER, hop_by_hop, end_to_end);
    to_vec(&h, |b| {
        origin(b, cfg);
        avp_u32(b, AvpCode::DISCONNECT_CAUSE, cause);
    })
}

/// A base answer (DWA §5.5.2, DPA §5.4.2, or an error answer §7.2):
/// Result-Code, Origin-Host, Origin-Realm, optional Failed-AVP, and for a
/// DWA the Origin-State-Id.
pub(crate) fn answer(
    cfg: &Config,
    req: &Header,
    code: ResultCode,
    failed: Option<&[u8]>,
) -> Vec<u8> {
    let h = Header::answer_to(req, is_protocol_error(code));
    to_vec(&h, |b| {
        avp_u32(b, AvpCode::RESULT_CODE, code.0);
        origin(b, cfg);
        failed_avp(b, failed);
        if req.command == CommandCode::DEVICE_WATCHDOG {
            if let Some(osi) = cfg.origin_state_id {
                avp_u32(b, AvpCode::ORIGIN_STATE_ID, osi);
            }
        }
    })
}

/// An AVP header with no data, as a Failed-AVP member for a missing AVP
/// (RFC 6733 §7.5: "an AVP with the AVP Code and other fields set as
/// expected in the missing AVP").
pub(crate) fn empty_avp(code: AvpCode) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&code.0.to_be_bytes());
    b[4] = M;
    b[7] = 8;
    b
}

/// Result-Codes of the 3xxx class are protocol errors and go in answers
/// with E set (RFC 6733 §7.1.3).
pub(crate) fn is_protocol_error(code: ResultCode) -> bool {
    (3000..4000).contains(&code.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diameter::wire::Message;

    fn cfg() -> Config {
        let mut c = Config::new(b"h.example", b"example");
        c.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
        c
    }

    /// CER laid out by hand from RFC 6733 §3, §4.1, §5.3.1.
    #[rustfmt::skip]
    const CER: [u8; 108] = [
        0x01, 0x00, 0x00, 0x6c,             // version 1, length 108
        0x80, 0x00, 0x01, 0x01,             // flags R, command 257 (CER)
        0x00, 0x00, 0x00, 0x00,             // Application-ID 0
        0x00, 0x00, 0x00, 0x01,             // Hop-by-Hop 1
        0x00, 0x00, 0x00, 0x02,             // End-to-End 2
        0x00, 0x00, 0x01, 0x08,             // AVP 264 Origin-Host
        0x40, 0x00, 0x00, 0x11,             //   flags M, length 17
        b'h', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0, 0, 0, // "h.example" + 3 padding
        0x00, 0x00, 0x01, 0x28,             // AVP 296 Origin-Realm
        0x40, 0x00, 0x00, 0x0f,             //   flags M, length 15
        b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0, // "example" + 1 padding
        0x00, 0x00, 0x01, 0x01,             // AVP 257 Host-IP-Address
        0x40, 0x00, 0x00, 0x0e,             //   flags M, length 14
        0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0, 0, // AddressType 1 (IPv4), 127.0.0.1, 2 padding
        0x00, 0x00, 0x01, 0x0a,             // AVP 266 Vendor-Id
        0x40, 0x00, 0x00, 0x0c,             //   flags M, length 12
        0x00, 0x00, 0x00, 0x00,             //   0
        0x00, 0x00, 0x01, 0x0d,             // AVP 269 Product-Name
        0x00, 0x00, 0x00, 0x0c,             //   no flags (M MUST NOT, §4.5), length 12
        b'r', b'o', b'a', b'm',             //   "roam"
        0x00, 0x00, 0x01, 0x03,             // AVP 259 Acct-Application-Id
        0x40, 0x00, 0x00, 0x0c,             //   flags M, length 12
        0x00, 0x00, 0x00, 0x03,             //   3 (base accounting)
    ];

    #[test]
    fn cer_construct() {
        assert_eq!(cer(&cfg(), 1, 2), CER);
        let m = Message::new_checked(&CER[..]).unwrap();
        assert_eq!(m.check_avps(|_, _| false), Ok(6));
    }

    /// DPR (RFC 6733 §5.4.1) with Disconnect-Cause DO_NOT_WANT_TO_TALK_TO_YOU.
    #[rustfmt::skip]
    const DPR: [u8; 68] = [
        0x01, 0x00, 0x00, 0x44,             // version 1, length 68
        0x80, 0x00, 0x01, 0x1a,             // flags R, command 282 (DPR)
        0x00, 0x00, 0x00, 0x00,             // Application-ID 0
        0x00, 0x00, 0x00, 0x07,             // Hop-by-Hop 7
        0x00, 0x00, 0x00, 0x08,             // End-to-End 8
        0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x11, // Origin-Host, M, 17
        b'h', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0, 0, 0,
        0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0f, // Origin-Realm, M, 15
        b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0,
        0x00, 0x00, 0x01, 0x11,             // AVP 273 Disconnect-Cause
        0x40, 0x00, 0x00, 0x0c,             //   flags M, length 12
        0x00, 0x00, 0x00, 0x02,             //   DO_NOT_WANT_TO_TALK_TO_YOU
    ];

    #[test]
    fn dpr_construct() {
        assert_eq!(dpr(&cfg(), 7, 8, 2), DPR);
    }

    #[test]
    fn answer_copies_identifiers_and_sets_e_for_protocol_errors() {
        let req = Header::request(CommandCode::DEVICE_WATCHDOG, 0x11, 0x22);
        let a = answer(&cfg(), &req, ResultCode::SUCCESS, None);
        let m = Message::new_checked(&a[..]).unwrap();
        assert_eq!((m.hop_by_hop(), m.end_to_end()), (0x11, 0x22));
        assert_eq!(m.flags().bits(), 0);
        let e = answer(
            &cfg(),
            &req,
            ResultCode::UNABLE_TO_DELIVER,
            Some(&empty_avp(AvpCode::ORIGIN_HOST)),
        );
        let m = Message::new_checked(&e[..]).unwrap();
        assert!(m.flags().is_error());
        // Failed-AVP (279) wraps the 8-byte empty Origin-Host.
        let failed = m
            .avps()
            .flatten()
            .find(|a| a.code() == AvpCode::FAILED_AVP)
            .unwrap();
        assert_eq!(failed.data(), &[0, 0, 1, 8, 0x40, 0, 0, 8]);
    }
}
