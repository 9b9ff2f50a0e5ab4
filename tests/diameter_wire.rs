//! Diameter wire layer: annotated vectors, malformed inputs, the error →
//! Result-Code table, and byte-for-byte preservation.

#[path = "support/pcap.rs"]
mod pcap;

use std::path::PathBuf;

use roam::diameter::wire::{
    AddressSpec, AvpCode, AvpFlags, AvpHeader, AvpType, Error, FilterAction, Framer, InvalidValue,
    Message, MessageBuilder, OwnedMessage, ResultCode, Value, VendorId, MAX_AVP_DEPTH,
};
use roam::diameter::wire::{ApplicationId, CommandCode, CommandFlags};

const BENCH: [&str; 9] = [
    "acr", "ama", "amr", "ccr", "cea", "cer", "dwa", "dwr", "har",
];

fn bench(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter/bench")
        .join(format!("{name}.bin"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The Grouped AVPs of the bench messages (see testvectors/diameter/bench/README.md).
fn is_grouped(code: AvpCode, vendor: VendorId) -> bool {
    vendor == VendorId::IETF
        && matches!(
            code.0,
            260 | 279 | 284 | 297 | 322 | 331 | 437 | 443 | 446 | 456
        )
}

/// cer.bin, field by field (RFC 6733 §3 header, §4.1 AVPs, §5.3.1 CER).
#[rustfmt::skip]
const CER: &[u8] = &[
    0x01, 0x00, 0x00, 0xd0,             // version 1, Message Length 208
    0x80, 0x00, 0x01, 0x01,             // flags R, Command Code 257 (Capabilities-Exchange)
    0x00, 0x00, 0x00, 0x00,             // Application-ID 0
    0x11, 0x22, 0x33, 0x44,             // Hop-by-Hop
    0x55, 0x66, 0x77, 0x88,             // End-to-End
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x1b, // Origin-Host (264), M, len 27
    b'f', b'a', b'1', b'.', b'v', b'i', b's', b'i', b't', b'e', b'd', b'.',
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00, // "fa1.visited.example" + 1 pad
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x17, // Origin-Realm (296), M, len 23
    b'v', b'i', b's', b'i', b't', b'e', b'd', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e',
    0x00,                                           // "visited.example" + 1 pad
    0x00, 0x00, 0x01, 0x01, 0x40, 0x00, 0x00, 0x0e, // Host-IP-Address (257), M, len 14
    0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0x00, 0x00, // family 1 (IPv4), 127.0.0.1, 2 pad
    0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, // Vendor-Id (266), M, len 12
    0x00, 0x00, 0x00, 0x00,                         // 0
    0x00, 0x00, 0x01, 0x0d, 0x00, 0x00, 0x00, 0x0f, // Product-Name (269), no flags, len 15
    b'h', b'e', b'l', b'd', b'o', b'u', b't', 0x00, // "heldout" + 1 pad
    0x00, 0x00, 0x01, 0x16, 0x40, 0x00, 0x00, 0x0c, // Origin-State-Id (278), M, len 12
    0x00, 0x00, 0x00, 0x01,                         // 1
    0x00, 0x00, 0x01, 0x09, 0x40, 0x00, 0x00, 0x0c, // Supported-Vendor-Id (265), M, len 12
    0x00, 0x00, 0x28, 0xaf,                         // 10415 (3GPP)
    0x00, 0x00, 0x01, 0x02, 0x40, 0x00, 0x00, 0x0c, // Auth-Application-Id (258), M, len 12
    0x00, 0x00, 0x00, 0x02,                         // 2 (Mobile IPv4)
    0x00, 0x00, 0x01, 0x03, 0x40, 0x00, 0x00, 0x0c, // Acct-Application-Id (259), M, len 12
    0x00, 0x00, 0x00, 0x03,                         // 3 (base accounting)
    0x00, 0x00, 0x01, 0x04, 0x40, 0x00, 0x00, 0x20, // Vendor-Specific-Application-Id (260), M, len 32
    0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, //   Vendor-Id (266), M, len 12
    0x00, 0x00, 0x28, 0xaf,                         //   10415
    0x00, 0x00, 0x01, 0x02, 0x40, 0x00, 0x00, 0x0c, //   Auth-Application-Id (258), M, len 12
    0x01, 0x00, 0x00, 0x22,                         //   16777250 (3GPP STa)
    0x00, 0x00, 0x01, 0x0b, 0x00, 0x00, 0x00, 0x0c, // Firmware-Revision (267), no flags, len 12
    0x00, 0x00, 0x00, 0x01,                         // 1
];

#[test]
fn cer_vector_matches_the_committed_file() {
    assert_eq!(CER, &bench("cer")[..]);
}

#[test]
fn cer_decodes_field_by_field() {
    let m = Message::new_checked(CER).unwrap();
    assert_eq!(m.length(), 208);
    assert_eq!(m.flags(), CommandFlags::REQUEST);
    assert_eq!(m.command_code(), CommandCode::CAPABILITIES_EXCHANGE);
    assert_eq!(m.application_id(), ApplicationId::COMMON);
    assert_eq!((m.hop_by_hop(), m.end_to_end()), (0x1122_3344, 0x5566_7788));
    let expect: &[(u32, AvpType, &str)] = &[
        (264, AvpType::DiameterIdentity, "fa1.visited.example"),
        (296, AvpType::DiameterIdentity, "visited.example"),
        (257, AvpType::Address, "127.0.0.1"),
        (266, AvpType::Unsigned32, "0"),
        (269, AvpType::UTF8String, "heldout"),
        (278, AvpType::Unsigned32, "1"),
        (265, AvpType::Unsigned32, "10415"),
        (258, AvpType::Unsigned32, "2"),
        (259, AvpType::Unsigned32, "3"),
        (260, AvpType::Grouped, "<grouped>"),
        (267, AvpType::Unsigned32, "1"),
    ];
    let avps: Vec<_> = m.avps().collect::<Result<_, _>>().unwrap();
    assert_eq!(avps.len(), expect.len());
    for (avp, (code, ty, text)) in avps.iter().zip(expect) {
        assert_eq!(avp.code().0, *code);
        assert_eq!(
            Value::decode(*ty, avp).unwrap().to_string(),
            *text,
            "AVP {code}"
        );
    }
    let vsai = &avps[9];
    assert_eq!(vsai.offset(), 164);
    let inner: Vec<_> = vsai.grouped().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(inner[0].offset(), vsai.offset() + 8);
    assert_eq!(inner[1].code(), AvpCode::AUTH_APPLICATION_ID);
    assert_eq!(
        Value::decode(AvpType::Unsigned32, &inner[1]).unwrap(),
        Value::Unsigned32(16_777_250)
    );
    assert_eq!(m.check_avps(is_grouped), Ok(13));
}

/// Every bench message: the owned form re-emits the exact bytes, and the
/// builder with only `raw_avp` (a relay) does too.
#[test]
fn bench_messages_round_trip() {
    for name in BENCH {
        let bytes = bench(name);
        let m = Message::new_checked(&bytes[..]).unwrap();
        let owned = OwnedMessage::from_message(&m, is_grouped).unwrap();
        assert_eq!(owned.encoded_len(), bytes.len(), "{name}");
        assert_eq!(owned.to_vec(), bytes, "{name}");
        let again = OwnedMessage::from_message(
            &Message::new_checked(&owned.to_vec()[..]).unwrap(),
            is_grouped,
        );
        assert_eq!(again.as_ref(), Ok(&owned), "{name}");

        let mut buf = vec![0u8; bytes.len()];
        let mut b = MessageBuilder::new(
            &mut buf,
            m.flags(),
            m.command_code(),
            m.application_id(),
            m.hop_by_hop(),
            m.end_to_end(),
        );
        for avp in m.avps() {
            b.raw_avp(avp.unwrap().as_bytes());
        }
        assert_eq!(b.finish(), Ok(bytes.len()));
        assert_eq!(buf, bytes, "{name}");
    }
}

#[test]
fn ama_accounting_sub_session_id_is_short() {
    // tshark flags this AVP too: Unsigned64 with 4 data bytes.
    let bytes = bench("ama");
    let m = Message::new_checked(&bytes[..]).unwrap();
    let avp = m
        .avps()
        .map(Result::unwrap)
        .find(|a| a.code().0 == 287)
        .unwrap();
    let e = Value::decode(AvpType::Unsigned64, &avp).unwrap_err();
    assert_eq!(
        e,
        Error::InvalidAvpDataLength {
            offset: avp.offset(),
            length: 4,
            expected: 8
        }
    );
    assert_eq!(e.result_code(), ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(e.failed_avp(&bytes), Some(avp.as_bytes()));
}

fn set_u24(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 3].copy_from_slice(&v.to_be_bytes()[1..]);
}

/// Walks every AVP (recursing into grouped ones) and returns the first error.
fn walk(bytes: &[u8]) -> Result<usize, Error> {
    Message::new_checked(bytes)?.check_avps(is_grouped)
}

#[test]
fn malformed_inputs_are_typed_errors() {
    // Truncated header.
    assert_eq!(
        walk(&CER[..19]),
        Err(Error::Truncated {
            offset: 0,
            required: 20,
            available: 19
        })
    );
    // Version ≠ 1.
    let mut b = CER.to_vec();
    b[0] = 2;
    assert_eq!(walk(&b), Err(Error::UnsupportedVersion { version: 2 }));
    // Message length past the end.
    let mut b = CER.to_vec();
    set_u24(&mut b, 1, 212);
    assert_eq!(
        walk(&b),
        Err(Error::Truncated {
            offset: 0,
            required: 212,
            available: 208
        })
    );
    // Message length below 20.
    let mut b = CER.to_vec();
    set_u24(&mut b, 1, 16);
    assert_eq!(walk(&b), Err(Error::InvalidMessageLength { length: 16 }));
    // An AVP length below its header (Origin-Host says 7).
    let mut b = CER.to_vec();
    set_u24(&mut b, 25, 7);
    assert_eq!(
        walk(&b),
        Err(Error::InvalidAvpLength {
            offset: 20,
            length: 7,
            available: 188
        })
    );
    // A zero-length AVP: an error, never a loop.
    set_u24(&mut b, 25, 0);
    assert!(matches!(
        walk(&b),
        Err(Error::InvalidAvpLength { length: 0, .. })
    ));
    // An AVP length past the end (Firmware-Revision, the last AVP, says 16).
    let mut b = CER.to_vec();
    set_u24(&mut b, 196 + 5, 16);
    assert_eq!(
        walk(&b),
        Err(Error::InvalidAvpLength {
            offset: 196,
            length: 16,
            available: 12
        })
    );
    // A grouped inner AVP overrunning its parent (VSAI's Vendor-Id says 28).
    let mut b = CER.to_vec();
    let vsai = 164;
    set_u24(&mut b, vsai + 8 + 5, 28);
    let e = walk(&b).unwrap_err();
    assert_eq!(
        e,
        Error::InvalidAvpLength {
            offset: vsai + 8,
            length: 28,
            available: 24
        }
    );
    assert_eq!(e.result_code(), ResultCode::INVALID_AVP_LENGTH);
    // An Unsigned32 that is not 4 bytes (Origin-State-Id with 5 data bytes:
    // still a well-formed AVP on the wire, rejected by its type).
    let mut b = CER.to_vec();
    set_u24(&mut b, 116 + 5, 13);
    let m = Message::new_checked(&b[..]).unwrap();
    let osi = m.avps().nth(5).unwrap().unwrap();
    assert_eq!(osi.code(), AvpCode::ORIGIN_STATE_ID);
    let e = Value::decode(AvpType::Unsigned32, &osi).unwrap_err();
    assert_eq!(
        e,
        Error::InvalidAvpDataLength {
            offset: 116,
            length: 5,
            expected: 4
        }
    );
    assert_eq!(e.failed_avp(&b), Some(&b[116..129]));
}

/// 200 nested Grouped AVPs: TooDeep at MAX_AVP_DEPTH, no stack overflow.
#[test]
fn nesting_200_deep_is_too_deep() {
    let depth = 200usize;
    let mut avp = Vec::new();
    // Innermost: Origin-State-Id 1.
    avp.extend_from_slice(&[0, 0, 0x01, 0x16, 0x40, 0, 0, 12, 0, 0, 0, 1]);
    for _ in 0..depth {
        let len = 8 + avp.len();
        let mut outer = vec![0, 0, 0x01, 0x04, 0x40];
        outer.extend_from_slice(&(len as u32).to_be_bytes()[1..]);
        outer.extend_from_slice(&avp);
        avp = outer;
    }
    let mut empty = [0u8; 0];
    let mut b = MessageBuilder::new(
        &mut empty,
        CommandFlags::REQUEST,
        CommandCode(257),
        ApplicationId(0),
        0,
        0,
    );
    b.raw_avp(&avp);
    let need = b.finish().unwrap_err().required;
    let mut buf = vec![0u8; need];
    let mut b = MessageBuilder::new(
        &mut buf,
        CommandFlags::REQUEST,
        CommandCode(257),
        ApplicationId(0),
        0,
        0,
    );
    b.raw_avp(&avp);
    b.finish().unwrap();
    let e = walk(&buf).unwrap_err();
    // The AVP at depth MAX_AVP_DEPTH (0-based) refuses to open.
    assert_eq!(
        e,
        Error::TooDeep {
            max: MAX_AVP_DEPTH,
            offset: 20 + 8 * usize::from(MAX_AVP_DEPTH)
        }
    );
    assert!(
        OwnedMessage::from_message(&Message::new_checked(&buf[..]).unwrap(), is_grouped).is_err()
    );
}

/// One row per error variant: the Result-Code and the Failed-AVP bytes.
#[test]
fn result_code_table() {
    let msg = CER;
    let oh = &CER[20..47]; // Origin-Host, 27 bytes
    let rows: Vec<(Error, ResultCode, Option<&[u8]>)> = vec![
        (
            Error::Truncated {
                offset: 0,
                required: 20,
                available: 3,
            },
            ResultCode::INVALID_MESSAGE_LENGTH,
            None,
        ),
        (
            Error::Truncated {
                offset: 20,
                required: 8,
                available: 3,
            },
            ResultCode::INVALID_AVP_LENGTH,
            Some(oh),
        ),
        (
            Error::UnsupportedVersion { version: 2 },
            ResultCode::UNSUPPORTED_VERSION,
            None,
        ),
        (
            Error::InvalidMessageLength { length: 17 },
            ResultCode::INVALID_MESSAGE_LENGTH,
            None,
        ),
        (
            Error::InvalidHeaderBits { flags: 0xa0 },
            ResultCode::INVALID_HDR_BITS,
            None,
        ),
        (
            Error::InvalidBitInHeader { flags: 0x81 },
            ResultCode::INVALID_BIT_IN_HEADER,
            None,
        ),
        (
            Error::InvalidAvpLength {
                offset: 20,
                length: 27,
                available: 27,
            },
            ResultCode::INVALID_AVP_LENGTH,
            Some(oh),
        ),
        (
            Error::InvalidAvpDataLength {
                offset: 20,
                length: 19,
                expected: 4,
            },
            ResultCode::INVALID_AVP_LENGTH,
            Some(oh),
        ),
        (
            Error::InvalidAvpValue {
                offset: 20,
                reason: InvalidValue::Identity,
            },
            ResultCode::INVALID_AVP_VALUE,
            Some(oh),
        ),
        (
            Error::InvalidAvpBits {
                offset: 20,
                flags: 0x60,
            },
            ResultCode::INVALID_AVP_BITS,
            Some(oh),
        ),
        (
            Error::TooDeep {
                max: MAX_AVP_DEPTH,
                offset: 20,
            },
            ResultCode::UNABLE_TO_COMPLY,
            Some(oh),
        ),
        (
            Error::TooManyAvps { max: 1024 },
            ResultCode::UNABLE_TO_COMPLY,
            None,
        ),
    ];
    for (e, code, failed) in rows {
        assert_eq!(e.result_code(), code, "{e:?}");
        assert_eq!(e.failed_avp(msg), failed, "{e:?}");
        assert!(!e.to_string().is_empty());
    }
}

/// RFC 6733 §4.1: an AVP without M that we do not know is forwarded byte
/// for byte, whatever its flags, vendor and (non-zero) padding.
#[test]
fn unknown_non_mandatory_avp_is_preserved() {
    #[rustfmt::skip]
    let unknown: [u8; 19] = [
        0x00, 0x01, 0x86, 0xa0,       // AVP Code 100000 (unassigned)
        0x80, 0x00, 0x00, 0x13,       // V, length 19
        0x00, 0x00, 0x7e, 0xd9,       // Vendor-ID 32473
        b'o', b'p', b'a', b'q', b'u', b'e', 0x01, // 7 data bytes
    ];
    let mut buf = [0u8; 64];
    let mut b = MessageBuilder::new(
        &mut buf,
        CommandFlags::REQUEST,
        CommandCode::DEVICE_WATCHDOG,
        ApplicationId::COMMON,
        1,
        2,
    );
    b.str(AvpHeader::mandatory(AvpCode::ORIGIN_HOST), "a.example")
        .raw_avp(&unknown);
    let n = b.finish().unwrap();
    let m = Message::new_checked(&buf[..n]).unwrap();
    let avp = m.avps().nth(1).unwrap().unwrap();
    assert!(!avp.flags().is_mandatory());
    assert_eq!(avp.vendor_id(), VendorId::ROAM_DEFAULT);
    assert_eq!(avp.as_bytes(), &unknown[..]);
    assert_eq!(avp.padding(), &[0]);
    let owned = OwnedMessage::from_message(&m, |_, _| false).unwrap();
    assert_eq!(owned.to_vec(), &buf[..n]);
}

#[test]
fn builder_writes_every_value_type() {
    let rule = "permit out 17 from 192.0.2.0/24 to any 53";
    let mut buf = [0u8; 256];
    let h = |c| AvpHeader::new(AvpCode(c), AvpFlags::empty());
    let mut b = MessageBuilder::new(
        &mut buf,
        CommandFlags::empty(),
        CommandCode(1),
        ApplicationId(0),
        0,
        0,
    );
    b.u32(h(1), 7)
        .u64(h(2), 1 << 40)
        .i32(h(3), -7)
        .i64(h(4), -(1 << 40))
        .f32(h(5), 0.5)
        .f64(h(6), -2.25)
        .octets(h(7), &[1, 2, 3])
        .str(h(8), "héllo")
        .address(
            h(9),
            &"2001:db8::1".parse::<std::net::IpAddr>().unwrap().into(),
        )
        .time(h(10), roam::diameter::wire::DiameterTime(3_912_000_000))
        .value(h(11), &Value::IPFilterRule(rule.parse().unwrap()));
    let n = b.finish().unwrap();
    let m = Message::new_checked(&buf[..n]).unwrap();
    let types = [
        AvpType::Unsigned32,
        AvpType::Unsigned64,
        AvpType::Integer32,
        AvpType::Integer64,
        AvpType::Float32,
        AvpType::Float64,
        AvpType::OctetString,
        AvpType::UTF8String,
        AvpType::Address,
        AvpType::Time,
        AvpType::IPFilterRule,
    ];
    let text: Vec<String> = m
        .avps()
        .zip(types)
        .map(|(a, t)| Value::decode(t, &a.unwrap()).unwrap().to_string())
        .collect();
    assert_eq!(
        text,
        [
            "7",
            "1099511627776",
            "-7",
            "-1099511627776",
            "0.5",
            "-2.25",
            "010203",
            "héllo",
            "2001:db8::1",
            "3912000000",
            rule
        ]
    );
    let a = m.avps().nth(10).unwrap().unwrap();
    let Value::IPFilterRule(r) = Value::decode(AvpType::IPFilterRule, &a).unwrap() else {
        panic!("not a rule")
    };
    assert_eq!(r.action(), FilterAction::Permit);
    assert!(matches!(
        r.source().address(),
        AddressSpec::Prefix { bits: 24, .. }
    ));
}

#[test]
fn framer_yields_bench_messages_from_any_split() {
    let mut stream = Vec::new();
    for name in BENCH {
        stream.extend_from_slice(&bench(name));
    }
    for chunk in [1, 3, 7, 20, 64, 1000, stream.len()] {
        let mut f = Framer::default();
        let mut frames = Vec::new();
        for piece in stream.chunks(chunk) {
            assert_eq!(f.push(piece), piece.len());
            while let Some(fr) = f.next_frame() {
                frames.push(fr.unwrap().to_vec());
            }
        }
        let names: Vec<Vec<u8>> = BENCH.iter().map(|n| bench(n)).collect();
        assert_eq!(frames, names, "chunk {chunk}");
    }
}

/// Dissects a message our builder wrote (not a bench file) with tshark, an
/// independent implementation. Skips when tshark is missing.
#[test]
fn tshark_reads_what_the_builder_writes() {
    if std::process::Command::new("tshark")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: tshark not installed");
        return;
    }
    let mut buf = [0u8; 512];
    let mut b = MessageBuilder::new(
        &mut buf,
        CommandFlags::REQUEST,
        CommandCode::CAPABILITIES_EXCHANGE,
        ApplicationId::COMMON,
        7,
        9,
    );
    b.str(AvpHeader::mandatory(AvpCode::ORIGIN_HOST), "roam.example")
        .str(AvpHeader::mandatory(AvpCode::ORIGIN_REALM), "example")
        .address(
            AvpHeader::mandatory(AvpCode::HOST_IP_ADDRESS),
            &"2001:db8::7".parse::<std::net::IpAddr>().unwrap().into(),
        )
        .u32(AvpHeader::mandatory(AvpCode::VENDOR_ID), 0)
        .str(
            AvpHeader::new(AvpCode::PRODUCT_NAME, AvpFlags::empty()),
            "roam",
        )
        .grouped(
            AvpHeader::mandatory(AvpCode::VENDOR_SPECIFIC_APPLICATION_ID),
            |g| {
                g.u32(AvpHeader::mandatory(AvpCode::VENDOR_ID), 10415).u32(
                    AvpHeader::mandatory(AvpCode::AUTH_APPLICATION_ID),
                    16_777_250,
                );
            },
        );
    let n = b.finish().unwrap();
    let pcap = pcap::diameter_tcp(&[&buf[..n]]);
    let dir = std::env::temp_dir().join(format!("roam-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cer.pcap");
    std::fs::write(&path, pcap).unwrap();
    let out = std::process::Command::new("tshark")
        .args([
            "-r",
            path.to_str().unwrap(),
            "-T",
            "fields",
            "-e",
            "diameter.cmd.code",
            "-e",
            "diameter.Origin-Host",
            "-e",
            "diameter.Host-IP-Address.IPv6",
            "-e",
            "diameter.Auth-Application-Id",
            "-e",
            "_ws.expert",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fields: Vec<&str> = text.trim_end().split('\t').collect();
    assert_eq!(fields[0], "257", "{text}");
    assert_eq!(fields[1], "roam.example", "{text}");
    assert_eq!(fields[2], "2001:db8::7", "{text}");
    assert_eq!(fields[3], "16777250", "{text}");
    assert_eq!(
        fields.get(4).copied().unwrap_or(""),
        "",
        "tshark expert info: {text}"
    );
}

#[test]
fn flag_checks() {
    let mut b = CER.to_vec();
    assert_eq!(Message::new_checked(&b[..]).unwrap().check_flags(), Ok(()));
    b[4] = 0x81; // R + a reserved bit
    let e = Message::new_checked(&b[..])
        .unwrap()
        .check_flags()
        .unwrap_err();
    assert_eq!(e, Error::InvalidBitInHeader { flags: 0x81 });
    assert_eq!(e.result_code(), ResultCode::INVALID_BIT_IN_HEADER);
    b[4] = 0xa0; // R + E
    let e = Message::new_checked(&b[..])
        .unwrap()
        .check_flags()
        .unwrap_err();
    assert_eq!(e.result_code(), ResultCode::INVALID_HDR_BITS);

    let mut b = CER.to_vec();
    b[24] = 0x41; // Origin-Host: M + a reserved bit
    let m = Message::new_checked(&b[..]).unwrap();
    let oh = m.avps().next().unwrap().unwrap();
    let e = oh.check_flags().unwrap_err();
    assert_eq!(
        e,
        Error::InvalidAvpBits {
            offset: 20,
            flags: 0x41
        }
    );
    assert_eq!(e.result_code(), ResultCode::INVALID_AVP_BITS);
    assert_eq!(e.failed_avp(&b), Some(oh.as_bytes()));
    assert!(m.avps().nth(1).unwrap().unwrap().check_flags().is_ok());
}

fn scapy(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testvectors/diameter/scapy")
        .join(format!("{name}.bin"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// aar_typed.bin (scapy-encoded, tshark-checked): every AVP decodes to the
/// value tshark shows (testvectors/diameter/scapy/aar_typed.tshark.txt).
#[test]
fn scapy_aar_typed_values() {
    let b = scapy("aar_typed");
    let m = Message::new_checked(&b[..]).unwrap();
    assert_eq!(m.command_code(), CommandCode::AA);
    assert_eq!(m.application_id(), ApplicationId::NASREQ);
    let expect: &[(u32, AvpType, &str)] = &[
        (263, AvpType::UTF8String, "nas.example;1;2"),
        (258, AvpType::Unsigned32, "1"),
        (264, AvpType::DiameterIdentity, "nas.example"),
        (296, AvpType::DiameterIdentity, "example"),
        (283, AvpType::DiameterIdentity, "home.example"),
        (274, AvpType::Enumerated, "2"),
        (
            400,
            AvpType::IPFilterRule,
            "permit out 17 from 192.0.2.0/24 to any 53",
        ),
        (55, AvpType::Time, "1703011200"),
        (257, AvpType::Address, "2001:db8::1"),
        (363, AvpType::Unsigned64, "123456789012"),
        (260, AvpType::Grouped, "<grouped>"),
    ];
    let avps: Vec<_> = m.avps().collect::<Result<_, _>>().unwrap();
    assert_eq!(avps.len(), expect.len());
    for (avp, (code, ty, text)) in avps.iter().zip(expect) {
        assert_eq!(avp.code().0, *code);
        let v = Value::decode(*ty, avp).unwrap();
        assert_eq!(v.to_string(), *text, "AVP {code}");
        if let Value::Time(t) = v {
            // tshark: Jan 25, 2090 01:08:16 UTC (NTP era 1).
            assert_eq!(t.unix_secs(), 3_788_989_696);
        }
    }
    let owned = OwnedMessage::from_message(&m, is_grouped).unwrap();
    assert_eq!(owned.to_vec(), b);
}

#[test]
fn scapy_redirect_uri() {
    let b = scapy("rea_redirect");
    let m = Message::new_checked(&b[..]).unwrap();
    assert!(!m.flags().is_request() && !m.flags().is_error());
    let rh = m
        .avps()
        .map(Result::unwrap)
        .find(|a| a.code() == AvpCode::REDIRECT_HOST)
        .unwrap();
    let Value::DiameterURI(u) = Value::decode(AvpType::DiameterURI, &rh).unwrap() else {
        panic!("not a URI")
    };
    assert_eq!(u.fqdn(), "server.example");
    assert_eq!(u.port(), Some(3868));
    assert_eq!(
        u.to_string(),
        "aaa://server.example:3868;transport=tcp;protocol=diameter"
    );
    assert_eq!(
        OwnedMessage::from_message(&m, is_grouped).unwrap().to_vec(),
        b
    );
}
