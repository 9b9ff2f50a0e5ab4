//! The application messages the drivers build and read: ACR/ACA (RFC 6733
//! §9.7), CCR (RFC 4006 §3.1), Session-Ids (RFC 6733 §8.8), and small AVP
//! lookups. Code points come from `roam::diameter::wire` and the crate's
//! dictionary (RFC 6733 §4.5 and §9.8, RFC 4006 §8).

use roam::diameter::wire::{
    ApplicationId, AvpCode, AvpHeader, CommandCode, CommandFlags, Message, MessageBuilder,
};

/// Accounting-Record-Type values (RFC 6733 §9.8.1).
pub(super) const EVENT_RECORD: u32 = 1;
/// START_RECORD.
pub(super) const START_RECORD: u32 = 2;
/// INTERIM_RECORD.
pub(super) const INTERIM_RECORD: u32 = 3;
/// STOP_RECORD.
pub(super) const STOP_RECORD: u32 = 4;

/// CC-Request-Number (RFC 4006 §8.2).
const CC_REQUEST_NUMBER: AvpCode = AvpCode(415);
/// CC-Request-Type (RFC 4006 §8.3).
const CC_REQUEST_TYPE: AvpCode = AvpCode(416);
/// Service-Context-Id (RFC 4006 §8.42).
const SERVICE_CONTEXT_ID: AvpCode = AvpCode(461);
/// CC-Request-Type EVENT_REQUEST (RFC 4006 §8.3).
const EVENT_REQUEST: u32 = 4;

/// The largest message these drivers build.
const MAX_BUILT: usize = 1024;

/// Who we are and where requests go.
pub(super) struct Ident<'a> {
    pub(super) host: &'a str,
    pub(super) realm: &'a str,
    pub(super) dest_realm: &'a str,
}

/// A Session-Id per RFC 6733 §8.8:
/// `<DiameterIdentity>;<high 32 bits>;<low 32 bits>`, the high word from
/// the start time, the low word a per-run counter.
pub(super) fn session_id(host: &str, high: u32, low: u32) -> String {
    format!("{host};{high};{low}")
}

fn m(code: AvpCode) -> AvpHeader {
    AvpHeader::mandatory(code)
}

/// Builds one message into a fresh buffer and returns exactly its bytes.
fn build(
    flags: CommandFlags,
    code: CommandCode,
    app: ApplicationId,
    hbh: u32,
    e2e: u32,
    f: impl FnOnce(&mut MessageBuilder<'_>),
) -> Vec<u8> {
    let mut buf = vec![0u8; MAX_BUILT];
    let mut b = MessageBuilder::new(&mut buf, flags, code, app, hbh, e2e);
    f(&mut b);
    // Every message built here is far below MAX_BUILT.
    let n = b.finish().unwrap_or(0);
    buf.truncate(n);
    buf
}

/// An ACR (RFC 6733 §9.7.1) on application 3.
pub(super) fn acr(id: &Ident<'_>, session: &str, e2e: u32, rtype: u32, rnum: u32) -> Vec<u8> {
    build(
        CommandFlags::REQUEST | CommandFlags::PROXIABLE,
        CommandCode::ACCOUNTING,
        ApplicationId::BASE_ACCOUNTING,
        0,
        e2e,
        |b| {
            b.str(m(AvpCode::SESSION_ID), session)
                .str(m(AvpCode::ORIGIN_HOST), id.host)
                .str(m(AvpCode::ORIGIN_REALM), id.realm)
                .str(m(AvpCode::DESTINATION_REALM), id.dest_realm)
                .u32(m(AvpCode::ACCOUNTING_RECORD_TYPE), rtype)
                .u32(m(AvpCode::ACCOUNTING_RECORD_NUMBER), rnum)
                .u32(
                    m(AvpCode::ACCT_APPLICATION_ID),
                    ApplicationId::BASE_ACCOUNTING.0,
                );
        },
    )
}

/// A CCR EVENT_REQUEST (RFC 4006 §3.1) on application 4.
pub(super) fn ccr(id: &Ident<'_>, session: &str, e2e: u32) -> Vec<u8> {
    build(
        CommandFlags::REQUEST | CommandFlags::PROXIABLE,
        CommandCode::CREDIT_CONTROL,
        ApplicationId::CREDIT_CONTROL,
        0,
        e2e,
        |b| {
            b.str(m(AvpCode::SESSION_ID), session)
                .str(m(AvpCode::ORIGIN_HOST), id.host)
                .str(m(AvpCode::ORIGIN_REALM), id.realm)
                .str(m(AvpCode::DESTINATION_REALM), id.dest_realm)
                .u32(
                    m(AvpCode::AUTH_APPLICATION_ID),
                    ApplicationId::CREDIT_CONTROL.0,
                )
                .str(m(SERVICE_CONTEXT_ID), "roam@example")
                .u32(m(CC_REQUEST_TYPE), EVENT_REQUEST)
                .u32(m(CC_REQUEST_NUMBER), 0);
        },
    )
}

/// An ACA (RFC 6733 §9.7.2) answering `req` with `result`.
pub(super) fn aca(host: &str, realm: &str, req: &[u8], result: u32) -> Vec<u8> {
    let Ok(r) = Message::new_checked(req) else {
        return Vec::new();
    };
    let flags = r.flags() & CommandFlags::PROXIABLE;
    build(
        flags,
        r.command_code(),
        r.application_id(),
        r.hop_by_hop(),
        r.end_to_end(),
        |b| {
            if let Some(sid) = avp(req, AvpCode::SESSION_ID) {
                b.octets(m(AvpCode::SESSION_ID), sid);
            }
            b.u32(m(AvpCode::RESULT_CODE), result)
                .str(m(AvpCode::ORIGIN_HOST), host)
                .str(m(AvpCode::ORIGIN_REALM), realm);
            for code in [
                AvpCode::ACCOUNTING_RECORD_TYPE,
                AvpCode::ACCOUNTING_RECORD_NUMBER,
                AvpCode::ACCT_APPLICATION_ID,
            ] {
                if let Some(v) = avp_u32(req, code) {
                    b.u32(m(code), v);
                }
            }
        },
    )
}

/// The data of the first top-level AVP with `code`.
pub(super) fn avp(msg: &[u8], code: AvpCode) -> Option<&[u8]> {
    let m = Message::new_checked(msg).ok()?;
    let avps = m.avps();
    for a in avps.flatten() {
        if a.code() == code {
            let start = a.offset() + a.header_len();
            return msg.get(start..start + a.data().len());
        }
    }
    None
}

/// The first top-level AVP with `code` read as an Unsigned32.
pub(super) fn avp_u32(msg: &[u8], code: AvpCode) -> Option<u32> {
    let d = avp(msg, code)?;
    Some(u32::from_be_bytes(d.try_into().ok()?))
}

/// The Result-Code of an answer.
pub(super) fn result_code(msg: &[u8]) -> Option<u32> {
    avp_u32(msg, AvpCode::RESULT_CODE)
}

/// A short name for logs: CER/CEA/DWR/DWA/DPR/DPA/ACR/ACA/CCR/CCA or the
/// command code.
pub(super) fn name(msg: &[u8]) -> String {
    let Ok(m) = Message::new_checked(msg) else {
        return "malformed".into();
    };
    let req = m.flags().is_request();
    let base = match m.command_code().0 {
        257 => "CE",
        280 => "DW",
        282 => "DP",
        271 => "AC",
        272 => "CC",
        c => return format!("{c}{}", if req { "R" } else { "A" }),
    };
    format!("{base}{}", if req { "R" } else { "A" })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Ident<'static> = Ident {
        host: "c.roam.test",
        realm: "roam.test",
        dest_realm: "fd.test",
    };

    #[test]
    fn session_id_has_the_rfc_6733_8_8_shape() {
        assert_eq!(session_id("c.roam.test", 7, 9), "c.roam.test;7;9");
    }

    #[test]
    fn acr_carries_the_ccf_avps() {
        let m = acr(&ID, "c.roam.test;1;2", 0xabcd, START_RECORD, 0);
        let v = Message::new_checked(&m[..]).expect("valid");
        assert_eq!(v.command_code(), CommandCode::ACCOUNTING);
        assert_eq!(v.application_id(), ApplicationId::BASE_ACCOUNTING);
        assert_eq!(v.flags(), CommandFlags::REQUEST | CommandFlags::PROXIABLE);
        assert_eq!(v.end_to_end(), 0xabcd);
        assert_eq!(avp(&m, AvpCode::SESSION_ID), Some(&b"c.roam.test;1;2"[..]));
        assert_eq!(avp(&m, AvpCode::DESTINATION_REALM), Some(&b"fd.test"[..]));
        assert_eq!(avp_u32(&m, AvpCode::ACCOUNTING_RECORD_TYPE), Some(2));
        assert_eq!(avp_u32(&m, AvpCode::ACCOUNTING_RECORD_NUMBER), Some(0));
        assert_eq!(avp_u32(&m, AvpCode::ACCT_APPLICATION_ID), Some(3));
        assert_eq!(name(&m), "ACR");
    }

    #[test]
    fn aca_mirrors_the_request() {
        let req = acr(&ID, "s;1;2", 77, INTERIM_RECORD, 4);
        let mut req = req;
        Message::new_unchecked(&mut req[..]).set_hop_by_hop(55);
        let a = aca("srv.roam.test", "roam.test", &req, 2001);
        let v = Message::new_checked(&a[..]).expect("valid");
        assert!(!v.flags().is_request());
        assert_eq!(v.flags(), CommandFlags::PROXIABLE);
        assert_eq!((v.hop_by_hop(), v.end_to_end()), (55, 77));
        assert_eq!(result_code(&a), Some(2001));
        assert_eq!(avp(&a, AvpCode::SESSION_ID), Some(&b"s;1;2"[..]));
        assert_eq!(avp_u32(&a, AvpCode::ACCOUNTING_RECORD_TYPE), Some(3));
        assert_eq!(avp_u32(&a, AvpCode::ACCOUNTING_RECORD_NUMBER), Some(4));
        assert_eq!(avp(&a, AvpCode::ORIGIN_HOST), Some(&b"srv.roam.test"[..]));
        assert_eq!(name(&a), "ACA");
    }

    #[test]
    fn ccr_is_an_event_request_on_application_4() {
        let m = ccr(&ID, "s;1;3", 1);
        let v = Message::new_checked(&m[..]).expect("valid");
        assert_eq!(v.command_code(), CommandCode::CREDIT_CONTROL);
        assert_eq!(v.application_id(), ApplicationId::CREDIT_CONTROL);
        assert_eq!(avp_u32(&m, CC_REQUEST_TYPE), Some(EVENT_REQUEST));
        assert_eq!(avp_u32(&m, AvpCode::AUTH_APPLICATION_ID), Some(4));
        assert_eq!(name(&m), "CCR");
    }
}
