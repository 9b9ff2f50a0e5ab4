//! Instruction-count harness for the Diameter decode, walk and encode paths
//! (see `benches/README.md`). Run under callgrind:
//!
//! ```text
//! cargo build --profile bench --example diameter_icount
//! valgrind --tool=callgrind target/release/examples/diameter_icount decode cer 0
//! valgrind --tool=callgrind target/release/examples/diameter_icount decode cer 10000
//! ```
//!
//! and divide the difference of the two totals by 10000. The operations are
//! the same as `benches/diameter.rs` (encode, walk) and
//! `benches/diameter_dict.rs` (decode).

use std::hint::black_box;

use roam::diameter::dict::Dictionary;
use roam::diameter::wire::value::Value;
use roam::diameter::wire::{AvpCode, AvpType, Avps, Message, OwnedMessage, VendorId};

fn is_grouped(code: AvpCode, vendor: VendorId) -> bool {
    vendor == VendorId::IETF
        && matches!(
            code.0,
            260 | 279 | 284 | 297 | 322 | 331 | 437 | 443 | 446 | 456
        )
}

fn walk(d: &Dictionary, avps: Avps<'_>) -> Option<u64> {
    let mut acc = 0u64;
    for a in avps {
        let a = a.ok()?;
        match d.avp(a.code(), a.vendor_id()) {
            Some(def) if def.ty() == AvpType::Grouped => acc += walk(d, a.grouped().ok()?)?,
            Some(def) => {
                let v = Value::decode(def.ty(), &a).ok()?;
                acc = acc.wrapping_add(u64::from(matches!(v, Value::Unsigned32(_))) + 1);
            }
            None => acc = acc.wrapping_add(a.data().len() as u64),
        }
    }
    Some(acc)
}

fn decode(d: &Dictionary, bytes: &[u8]) -> Option<u64> {
    let msg = Message::new_checked(bytes).ok()?;
    walk(d, msg.avps())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (op, name, n) = match args.as_slice() {
        [_, op, name, n] => (op.as_str(), name.as_str(), n.parse::<usize>().unwrap_or(0)),
        _ => {
            eprintln!("usage: diameter_icount decode|walk|encode NAME N");
            std::process::exit(2);
        }
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testvectors/diameter/bench/");
    let bytes = std::fs::read(format!("{path}{name}.bin")).expect("bench vector");
    let d = Dictionary::builtin();
    let msg = Message::new_checked(&bytes[..]).expect("parses");
    let owned = OwnedMessage::from_message(&msg, is_grouped).expect("walks");
    let mut buf = vec![0u8; bytes.len()];
    assert_eq!(owned.emit(&mut buf), Ok(bytes.len()));
    assert_eq!(buf, bytes);
    if decode(d, &bytes).is_none() {
        // ama.bin: a value the built-in dictionary rejects; the bench
        // measures the same early exit.
        eprintln!("note: {name}: decode stops at an AVP that does not type");
    }
    let mut acc = 0u64;
    for _ in 0..n {
        match op {
            "decode" => acc += decode(d, black_box(&bytes)).unwrap_or(0),
            "walk" => {
                acc += u64::from(
                    Message::new_checked(black_box(&bytes[..]))
                        .and_then(|m| m.check_avps(is_grouped))
                        .is_ok(),
                )
            }
            "encode" => acc += black_box(&owned).emit(black_box(&mut buf[..])).unwrap_or(0) as u64,
            _ => panic!("unknown op"),
        }
    }
    black_box(acc);
}
