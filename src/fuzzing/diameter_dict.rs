//! Dictionary fuzz bodies: validation mapped to answers, and the Wireshark
//! XML loader.

use crate::diameter::answer::{AnswerError, ErrorAnswer, Identity};
use crate::diameter::dict::Dictionary;
use crate::diameter::wire::{AvpCode, Message};

/// Validates arbitrary bytes against the built-in dictionary; on failure
/// builds the error answer and checks it re-parses with the promised
/// fields. Must never panic.
pub fn diameter_validate(data: &[u8]) {
    let d = Dictionary::builtin();
    let Err(err) = d.validate_bytes(data) else {
        return;
    };
    // A copied Failed-AVP lies inside the input.
    if let (Some(off), Some(crate::diameter::dict::FailedAvp::Copied(b))) =
        (err.offset(), err.failed())
    {
        assert_eq!(data.get(off..off + b.len()), Some(b));
    }
    let me = Identity {
        origin_host: "fuzz.example",
        origin_realm: "example",
    };
    let mut buf = [0u8; 2048];
    let answer = ErrorAnswer::from_validation(&err);
    match answer.emit(data, &me, &mut buf) {
        Ok(n) => {
            let m = Message::new_checked(&buf[..n]).expect("error answer parses");
            assert!(!m.flags().is_request());
            assert_eq!(m.flags().is_error(), err.is_protocol_error());
            assert_eq!(m.hop_by_hop(), crate::wire::be_u32(data, 12).unwrap_or(0));
            let mut saw_result = false;
            for a in m.avps() {
                let a = a.expect("error answer AVPs parse");
                if a.code() == AvpCode::RESULT_CODE {
                    assert_eq!(a.data(), &err.result_code().0.to_be_bytes());
                    saw_result = true;
                }
                if a.code() == AvpCode::FAILED_AVP {
                    let inner = a.grouped().expect("Failed-AVP groups");
                    let first = inner.clone().next().and_then(Result::ok);
                    if let (Some(f), Some(want)) = (first, err.failed_avp()) {
                        assert_eq!(f.bytes_ref(), want);
                    }
                }
            }
            assert!(saw_result);
        }
        Err(AnswerError::RequestTooShort { .. }) => assert!(data.len() < 20),
        Err(_) => {}
    }
}

/// Loads arbitrary text as a Wireshark XML dictionary (every include
/// resolving to the same text). Must never panic or loop; what loads must be
/// found by lookup.
pub fn diameter_dict_xml(data: &[u8]) {
    #[cfg(feature = "alloc")]
    {
        use crate::diameter::dict::xml::LoadOptions;
        use alloc::string::ToString;
        let Ok(text) = core::str::from_utf8(data) else {
            return;
        };
        let mut d = Dictionary::new();
        let opts = LoadOptions {
            replace_builtin: true,
        };
        if d.load_wireshark_xml(text, |_| Some(text.to_string()), &opts)
            .is_ok()
        {
            let defs: alloc::vec::Vec<_> = d.avps().map(|a| (a.code(), a.vendor())).collect();
            for (code, vendor) in defs {
                assert!(d.avp(code, vendor).is_some());
            }
        }
    }
    #[cfg(not(feature = "alloc"))]
    let _ = data;
}
