//! One test per Result-Code the validator produces: a crafted bad request
//! (annotated hex), the expected code and Failed-AVP, then the error answer
//! built from it and re-parsed field by field.

mod dict_support;

use dict_support::{avp, set_len, with_avps, CER, DICT, STR};
use roam::diameter::answer::{AnswerError, ErrorAnswer, Identity};
use roam::diameter::dict::{ValidationError, ValidationErrorKind, ValidationOptions};
use roam::diameter::wire::{AvpCode, Message, ResultCode, VendorId};

const ME: Identity<'static> = Identity {
    origin_host: "aaa.example.net",
    origin_realm: "example.net",
};

/// Validates `req`, expecting `code`; returns the error.
fn expect(req: &[u8], code: ResultCode) -> ValidationError<'_> {
    let err = DICT
        .validate_bytes(req)
        .expect_err("request must be rejected");
    assert_eq!(err.result_code(), code, "{err}");
    check_answer(req, &err);
    err
}

/// Builds the error answer and checks every field after re-parsing it.
fn check_answer(req: &[u8], err: &ValidationError<'_>) {
    let ans = ErrorAnswer {
        error_message: Some("rejected"),
        error_reporting_host: Some("relay.example.net"),
        ..ErrorAnswer::from_validation(err)
    };
    let mut buf = [0u8; 1024];
    let n = ans.emit(req, &ME, &mut buf).expect("answer fits");
    // Exact size reporting.
    let mut small = vec![0u8; n - 1];
    assert!(matches!(
        ans.emit(req, &ME, &mut small),
        Err(AnswerError::BufferTooSmall(e)) if e.required == n
    ));
    let m = Message::new_checked(&buf[..n]).expect("answer parses");
    assert_eq!(m.length() as usize, n);
    let f = m.flags();
    assert!(!f.is_request(), "R cleared");
    assert_eq!(
        f.is_error(),
        (3000..4000).contains(&err.result_code().0),
        "E for 3xxx only"
    );
    assert_eq!(f.is_proxiable(), req[4] & 0x40 != 0, "P copied");
    assert_eq!(&buf[5..8], &req[5..8], "command code");
    assert_eq!(
        &buf[8..20],
        &req[8..20],
        "application, hop-by-hop, end-to-end"
    );

    let avps: Vec<_> = m
        .avps()
        .collect::<Result<_, _>>()
        .expect("answer AVPs parse");
    let mut it = avps.iter();
    // Session-Id first when the request had one.
    let req_sid = Message::new_checked(req).ok().and_then(|r| {
        r.avps()
            .map_while(Result::ok)
            .find(|a| a.code() == AvpCode::SESSION_ID)
            .map(|a| a.bytes_ref().to_vec())
    });
    if let Some(sid) = req_sid {
        let a = it.next().unwrap();
        assert_eq!(a.code(), AvpCode::SESSION_ID);
        assert_eq!(a.bytes_ref(), &sid[..]);
    }
    let a = it.next().unwrap();
    assert_eq!(
        (a.code(), a.data()),
        (AvpCode::ORIGIN_HOST, ME.origin_host.as_bytes())
    );
    assert!(a.flags().is_mandatory());
    let a = it.next().unwrap();
    assert_eq!(
        (a.code(), a.data()),
        (AvpCode::ORIGIN_REALM, ME.origin_realm.as_bytes())
    );
    let a = it.next().unwrap();
    assert_eq!(a.code(), AvpCode::RESULT_CODE);
    assert_eq!(a.data(), &err.result_code().0.to_be_bytes());
    let a = it.next().unwrap();
    assert_eq!(
        (a.code(), a.data()),
        (AvpCode::ERROR_MESSAGE, &b"rejected"[..])
    );
    assert!(!a.flags().is_mandatory());
    let a = it.next().unwrap();
    assert_eq!(
        (a.code(), a.data()),
        (AvpCode::ERROR_REPORTING_HOST, &b"relay.example.net"[..])
    );
    if let Some(failed) = err.failed_avp() {
        let a = it.next().unwrap();
        assert_eq!(a.code(), AvpCode::FAILED_AVP);
        let inner: Vec<_> = a.grouped().unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(inner.len(), 1);
        assert_eq!(inner[0].bytes_ref(), failed);
    }
    assert!(it.next().is_none());
    // A protocol-error answer to a known command must itself satisfy RFC
    // 6733 §7.2.
    let known = DICT.application(m.application_id()).is_some()
        && DICT.command(m.command_code(), m.application_id()).is_some();
    if f.is_error() && known {
        DICT.validate(&m)
            .expect("E answer follows the §7.2 grammar");
    }
}

#[test]
fn valid_requests_pass() {
    DICT.validate_bytes(&CER).unwrap();
    DICT.validate_bytes(&STR).unwrap();
}

#[test]
fn r3001_command_unsupported() {
    let mut req = CER;
    req[7] = 0x02; // Command Code 258 (Re-Auth): not in the test tables
    let err = expect(&req, ResultCode::COMMAND_UNSUPPORTED);
    assert_eq!(err.failed_avp(), None);
}

#[test]
fn r3007_application_unsupported() {
    let mut req = CER;
    req[11] = 0x09; // Application-Id 9: unknown
    expect(&req, ResultCode::APPLICATION_UNSUPPORTED);
}

#[test]
fn r3008_e_bit_on_request() {
    let mut req = CER;
    req[4] = 0xa0; // flags R E: E MUST NOT be set on a request (RFC 6733 §3)
    let err = expect(&req, ResultCode::INVALID_HDR_BITS);
    assert_eq!(
        err.kind(),
        ValidationErrorKind::InvalidHeaderBits { flags: 0xa0 }
    );
}

#[test]
fn r3008_p_bit_against_ccf() {
    let mut req = CER;
    req[4] = 0xc0; // flags R P: CER's CCF has no PXY
    expect(&req, ResultCode::INVALID_HDR_BITS);
    let mut req = STR;
    req[4] = 0x80; // flags R: STR's CCF has PXY
    expect(&req, ResultCode::INVALID_HDR_BITS);
    // Relaxed, both pass.
    let lax = ValidationOptions {
        check_proxiable: false,
        ..ValidationOptions::default()
    };
    DICT.validate_bytes_with(&req, &lax).unwrap();
}

#[test]
fn r3009_reserved_avp_bit() {
    let mut req = CER;
    req[24] = 0x41; // Origin-Host flags M + reserved bit 0x01
    let err = expect(&req, ResultCode::INVALID_AVP_BITS);
    assert_eq!(err.offset(), Some(20));
    assert_eq!(err.failed_avp(), Some(&req[20..37]));
}

#[test]
fn r3009_p_bit() {
    let mut req = CER;
    req[24] = 0x60; // Origin-Host flags M P: P SHOULD be 0 (RFC 6733 §4.1)
    expect(&req, ResultCode::INVALID_AVP_BITS);
}

#[test]
fn r3009_m_bit_against_dictionary() {
    let mut req = CER;
    req[88] = 0x40; // Product-Name with M: its rule is MUST NOT (RFC 6733 §4.5)
    let err = expect(&req, ResultCode::INVALID_AVP_BITS);
    assert_eq!(err.failed_avp(), Some(&req[84..96]));
    let mut req = CER;
    req[44] = 0x00; // Origin-Realm without M: its rule is MUST
    let err = expect(&req, ResultCode::INVALID_AVP_BITS);
    assert_eq!(err.offset(), Some(40));
}

#[test]
fn r5001_unknown_mandatory_avp() {
    let bad = [
        0x00, 0x00, 0x27, 0x0f, // AVP Code 9999: unknown
        0x40, 0x00, 0x00, 0x0c, // flags M, length 12
        0xde, 0xad, 0xbe, 0xef, // data
    ];
    let req = with_avps(&CER, &bad);
    let err = expect(&req, ResultCode::AVP_UNSUPPORTED);
    assert_eq!(err.failed_avp(), Some(&bad[..]));
    assert_eq!(err.offset(), Some(96));
    // The same AVP without M is ignored (RFC 6733 §4.1).
    let mut ok = bad;
    ok[4] = 0x00;
    DICT.validate_bytes(&with_avps(&CER, &ok)).unwrap();
}

#[test]
fn r5004_invalid_value() {
    let mut req = CER;
    req[28] = 0xff; // Origin-Host data "\xff.example": not an ASCII identity
    let err = expect(&req, ResultCode::INVALID_AVP_VALUE);
    assert_eq!(err.failed_avp(), Some(&req[20..37]));

    let bad_addr = [
        0x00, 0x00, 0x01, 0x01, // Host-IP-Address (257)
        0x40, 0x00, 0x00, 0x0d, // flags M, length 13
        0x00, 0x01, 0xc0, 0x00, 0x02, 0x00, 0x00, 0x00, // family 1 (IPv4) with 3 bytes + pad
    ];
    let req = with_avps(&CER, &bad_addr);
    let err = expect(&req, ResultCode::INVALID_AVP_VALUE);
    assert_eq!(err.failed_avp(), Some(&bad_addr[..13]));

    let bad_utf8 = [
        0x00, 0x00, 0x01, 0x19, // Error-Message (281)
        0x00, 0x00, 0x00, 0x0a, // no flags, length 10
        0xc3, 0x28, 0x00, 0x00, // invalid UTF-8 sequence + pad
    ];
    // Error-Message is allowed in CER through `* [ AVP ]`.
    let req = with_avps(&CER, &bad_utf8);
    expect(&req, ResultCode::INVALID_AVP_VALUE);
}

#[test]
fn r5004_strict_enum() {
    let dc = [
        0x00, 0x00, 0x01, 0x11, // Disconnect-Cause (273)
        0x40, 0x00, 0x00, 0x0c, // flags M, length 12
        0x00, 0x00, 0x00, 0x07, // 7: no such value
    ];
    let req = with_avps(&CER, &dc);
    DICT.validate_bytes(&req).unwrap();
    let strict = ValidationOptions {
        strict_enums: true,
        ..ValidationOptions::default()
    };
    let err = DICT.validate_bytes_with(&req, &strict).unwrap_err();
    assert_eq!(err.result_code(), ResultCode::INVALID_AVP_VALUE);
}

#[test]
fn r5005_missing_avp() {
    // CER without Origin-Realm: bytes 40..56 removed.
    let mut req = CER[..40].to_vec();
    req.extend_from_slice(&CER[56..]);
    set_len(&mut req);
    let err = expect(&req, ResultCode::MISSING_AVP);
    // RFC 6733 §7.5: the missing code, its flags, zero payload of the minimum
    // length (DiameterIdentity: 0).
    assert_eq!(
        err.failed_avp(),
        Some(&[0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x08][..])
    );
    assert_eq!(err.offset(), None);

    // CER without Vendor-Id (Unsigned32): payload of 4 zero bytes.
    let mut req = CER[..72].to_vec();
    req.extend_from_slice(&CER[84..]);
    set_len(&mut req);
    let err = expect(&req, ResultCode::MISSING_AVP);
    assert_eq!(
        err.failed_avp(),
        Some(&[0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, 0, 0, 0, 0][..])
    );
}

#[test]
fn r5005_missing_fixed_session_id() {
    // STR without Session-Id (bytes 20..36 removed).
    let mut req = STR[..20].to_vec();
    req.extend_from_slice(&STR[36..]);
    set_len(&mut req);
    let err = expect(&req, ResultCode::MISSING_AVP);
    assert_eq!(
        err.kind(),
        ValidationErrorKind::MissingAvp {
            code: AvpCode::SESSION_ID,
            vendor: VendorId::IETF
        }
    );
}

#[test]
fn r5008_session_id_out_of_place() {
    // STR with Origin-Host first and Session-Id second.
    let mut req = STR[..20].to_vec();
    req.extend_from_slice(&STR[36..56]); // Origin-Host
    req.extend_from_slice(&STR[20..36]); // Session-Id, now at offset 40
    req.extend_from_slice(&STR[56..]);
    set_len(&mut req);
    let err = expect(&req, ResultCode::AVP_NOT_ALLOWED);
    assert_eq!(err.offset(), Some(40));
    assert_eq!(err.failed_avp(), Some(&STR[20..33]));
}

#[test]
fn r5008_not_in_closed_grammar() {
    // The test application's closed grammar: Session-Id, Origin-Host,
    // Origin-Realm, Destination-Realm, and nothing else.
    let mut req = STR;
    req[4] = 0xc0; // R P
    req[5..8].copy_from_slice(&[0xff, 0xff, 0xfe]); // Command Code 16777214
    req[8..12].copy_from_slice(&[0x00, 0xff, 0xff, 0xfe]); // Application-Id 16777214
                                                           // Drop Auth-Application-Id and Termination-Cause.
    let mut req = req[..88].to_vec();
    set_len(&mut req);
    DICT.validate_bytes(&req).unwrap();
    // Product-Name is known but not in the grammar.
    let pn = avp(269, 0x00, None, b"x");
    let req2 = with_avps(&req, &pn);
    let err = expect(&req2, ResultCode::AVP_NOT_ALLOWED);
    assert_eq!(err.failed_avp(), Some(&pn[..9]));
    // Error-Message is listed with max 0.
    let em = avp(281, 0x00, None, b"no");
    let req3 = with_avps(&req, &em);
    let err = expect(&req3, ResultCode::AVP_NOT_ALLOWED);
    assert_eq!(err.offset(), Some(88));
}

#[test]
fn r5008_inside_grouped() {
    // Vendor-Specific-Application-Id { Vendor-Id, Product-Name }: the grouped
    // grammar (RFC 6733 §6.11) has no `* [ AVP ]`.
    #[rustfmt::skip]
    let vsai = [
        0x00, 0x00, 0x01, 0x04, 0x40, 0x00, 0x00, 0x20, // VSAI (260), M, length 32
        0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, // Vendor-Id (266), M, length 12
        0x00, 0x00, 0x28, 0xaf,                         //   10415
        0x00, 0x00, 0x01, 0x0d, 0x00, 0x00, 0x00, 0x0c, // Product-Name (269), length 12
        b'r', b'o', b'a', b'm',
    ];
    let req = with_avps(&CER, &vsai);
    let err = expect(&req, ResultCode::AVP_NOT_ALLOWED);
    assert_eq!(err.offset(), Some(96 + 20));
    assert_eq!(err.failed_avp(), Some(&vsai[20..32]));
}

#[test]
fn r5009_64_origin_hosts() {
    let oh = &CER[20..40];
    let mut extra = Vec::new();
    for _ in 0..63 {
        extra.extend_from_slice(oh);
    }
    let req = with_avps(&CER, &extra);
    let err = expect(&req, ResultCode::AVP_OCCURS_TOO_MANY_TIMES);
    // The first instance past the max of 1: the first appended one.
    assert_eq!(err.offset(), Some(96));
    assert_eq!(err.failed_avp(), Some(&oh[..17]));
    assert_eq!(
        err.kind(),
        ValidationErrorKind::AvpOccursTooManyTimes {
            code: AvpCode::ORIGIN_HOST,
            vendor: VendorId::IETF,
            max: 1
        }
    );
}

#[test]
fn r5014_unsigned32_not_4_bytes() {
    let mut req = CER.to_vec();
    // Vendor-Id length 13: 5 data bytes.
    req.splice(
        72..84,
        [
            0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0d, // Vendor-Id (266), M, length 13
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // 5 bytes + 3 pad
        ],
    );
    set_len(&mut req);
    let err = expect(&req, ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(err.offset(), Some(72));
    assert_eq!(err.failed_avp(), Some(&req[72..85]));
}

#[test]
fn r5014_avp_length_past_end() {
    let mut req = CER;
    req[91] = 0x40; // Product-Name claims 64 bytes; 12 remain
    let err = expect(&req, ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(err.offset(), Some(84));
    // RFC 6733 §7.1.5: the offending header and a zero payload of the type's
    // minimum length (UTF8String: 0), with a length that describes it.
    assert_eq!(
        err.failed_avp(),
        Some(&[0x00, 0x00, 0x01, 0x0d, 0x00, 0x00, 0x00, 0x08][..])
    );
}

#[test]
fn r5014_avp_length_below_header() {
    let mut req = CER;
    req[79] = 0x04; // Vendor-Id length 4 < 8
    let err = expect(&req, ResultCode::INVALID_AVP_LENGTH);
    // Header copied, payload of Unsigned32's minimum (4 zero bytes).
    assert_eq!(
        err.failed_avp(),
        Some(&[0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, 0, 0, 0, 0][..])
    );
}

#[test]
fn r5015_invalid_message_length() {
    let mut req = CER;
    req[3] = 0x5e; // Message Length 94: not a multiple of 4
    let err = expect(&req, ResultCode::INVALID_MESSAGE_LENGTH);
    assert_eq!(err.failed_avp(), None);
    let mut req = CER;
    req[3] = 0x64; // Message Length 100 > 96 bytes
    expect(&req, ResultCode::INVALID_MESSAGE_LENGTH);
    let mut req = CER;
    req[3] = 0x10; // Message Length 16 < 20
    expect(&req, ResultCode::INVALID_MESSAGE_LENGTH);
}

#[test]
fn r5011_unsupported_version() {
    let mut req = CER;
    req[0] = 0x02; // version 2
    expect(&req, ResultCode::UNSUPPORTED_VERSION);
}

#[test]
fn r5013_reserved_header_bit() {
    let mut req = CER;
    req[4] = 0x81; // flags R + reserved bit 0x01
    let err = expect(&req, ResultCode::INVALID_BIT_IN_HEADER);
    assert_eq!(err.failed_avp(), None);
    let lax = ValidationOptions {
        reject_reserved_header_bits: false,
        ..ValidationOptions::default()
    };
    DICT.validate_bytes_with(&req, &lax).unwrap();
}

#[test]
fn r5016_vendor_bit_with_vendor_zero() {
    let bad = [
        0x00, 0x00, 0x01, 0x0d, // Product-Name (269)
        0x80, 0x00, 0x00, 0x10, // flags V, length 16
        0x00, 0x00, 0x00, 0x00, // Vendor-ID 0: contradicts V
        b'r', b'o', b'a', b'm',
    ];
    let mut req = CER[..84].to_vec();
    req.extend_from_slice(&bad);
    set_len(&mut req);
    let err = expect(&req, ResultCode::INVALID_AVP_BIT_COMBO);
    assert_eq!(err.failed_avp(), Some(&bad[..]));
}

#[test]
fn r5012_nesting_200_deep() {
    // Proxy-Info (284, grouped, `* [ AVP ]`) nested 200 times.
    let mut inner: Vec<u8> = Vec::new();
    for _ in 0..200 {
        inner = avp(284, 0x40, None, &inner);
    }
    let req = with_avps(&CER, &inner);
    let err = expect(&req, ResultCode::UNABLE_TO_COMPLY);
    assert!(matches!(err.kind(), ValidationErrorKind::TooDeep { .. }));
}

#[test]
fn zero_length_avp_terminates() {
    let mut req = CER;
    req[91] = 0x00; // Product-Name length 0
    expect(&req, ResultCode::INVALID_AVP_LENGTH);
}

#[test]
fn vendor_avp_lookup_and_flags() {
    // RAT-Type (1032, 3GPP): V MUST, M MUST NOT.
    let rat = avp(1032, 0x80, Some(10415), &1004u32.to_be_bytes());
    DICT.validate_bytes(&with_avps(&CER, &rat)).unwrap();
    let rat_m = avp(1032, 0xc0, Some(10415), &1004u32.to_be_bytes());
    expect(&with_avps(&CER, &rat_m), ResultCode::INVALID_AVP_BITS);
}

#[test]
fn answer_with_e_bit_validates_and_without_session() {
    // An answer with E follows RFC 6733 §7.2 regardless of the command.
    let mut req = CER;
    req[4] = 0xa0;
    let err = DICT.validate_bytes(&req).unwrap_err();
    let mut buf = [0u8; 256];
    let n = ErrorAnswer::from_validation(&err)
        .emit(&CER, &ME, &mut buf)
        .unwrap();
    let m = Message::new_checked(&buf[..n]).unwrap();
    DICT.validate(&m).unwrap();
}

#[test]
fn answer_refuses_short_request() {
    let mut buf = [0u8; 64];
    assert_eq!(
        ErrorAnswer::new(ResultCode::INVALID_MESSAGE_LENGTH).emit(&CER[..10], &ME, &mut buf),
        Err(AnswerError::RequestTooShort { len: 10 })
    );
}

#[test]
fn answer_to_vec_matches_emit() {
    let v = ErrorAnswer::new(ResultCode::COMMAND_UNSUPPORTED)
        .to_vec(&STR, &ME)
        .unwrap();
    let m = Message::new_checked(&v[..]).unwrap();
    assert!(m.flags().is_error() && m.flags().is_proxiable());
    assert_eq!(
        m.avps().next().unwrap().unwrap().code(),
        AvpCode::SESSION_ID
    );
}
