//! Proves that decoding cer.bin performs no heap allocation: header check,
//! walking every AVP (recursing into Vendor-Specific-Application-Id) and
//! `Value::decode` of each with its type.
//!
//! The type map is hard-coded for cer's AVPs (RFC 6733 §5.3.1 and §6.11);
//! the dictionary will replace it.
//!
//! This file holds one test on purpose: the counting allocator is global to
//! the test binary, and a second test running in parallel would allocate.

use std::alloc::System;

use roam::diameter::wire::{AvpCode, AvpType, Avps, Error, Message, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

// A counting allocator (stats_alloc keeps the `unsafe` out of this crate,
// which forbids it).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn type_of(code: AvpCode) -> AvpType {
    match code.0 {
        264 | 296 => AvpType::DiameterIdentity, // Origin-Host, Origin-Realm
        257 => AvpType::Address,                // Host-IP-Address
        269 => AvpType::UTF8String,             // Product-Name
        260 => AvpType::Grouped,                // Vendor-Specific-Application-Id
        // Vendor-Id, Origin-State-Id, Supported-Vendor-Id, Auth-/Acct-Application-Id,
        // Firmware-Revision
        266 | 278 | 265 | 258 | 259 | 267 => AvpType::Unsigned32,
        _ => AvpType::OctetString,
    }
}

/// Decodes every AVP; returns how many and a checksum of the values so the
/// work cannot be optimised away.
fn decode(avps: Avps<'_>, n: &mut usize, sum: &mut u64) -> Result<(), Error> {
    for avp in avps {
        let avp = avp?;
        *n += 1;
        match Value::decode(type_of(avp.code()), &avp)? {
            Value::Grouped(inner) => decode(inner, n, sum)?,
            Value::Unsigned32(v) => *sum += u64::from(v),
            Value::DiameterIdentity(s) | Value::UTF8String(s) => *sum += s.len() as u64,
            Value::Address(a) => *sum += u64::from(a.family()),
            _ => {}
        }
    }
    Ok(())
}

#[test]
fn decoding_cer_does_not_allocate() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testvectors/diameter/bench/cer.bin"
    );
    let bytes = std::fs::read(path).expect("cer.bin");
    let (mut n, mut sum) = (0usize, 0u64);
    let region = Region::new(GLOBAL);
    for _ in 0..100 {
        n = 0;
        sum = 0;
        let msg = Message::new_checked(&bytes[..]).expect("valid header");
        decode(msg.avps(), &mut n, &mut sum).expect("valid AVPs");
    }
    let stats = region.change();
    assert_eq!(
        (stats.allocations, stats.reallocations),
        (0, 0),
        "decode allocated"
    );
    // 11 top-level AVPs + 2 inside Vendor-Specific-Application-Id.
    assert_eq!(n, 13);
    assert_eq!(
        sum,
        19 + 15 + 1 + 7 + 1 + 10415 + 2 + 3 + 10415 + 16_777_250 + 1
    );
    // The counter itself works.
    let v = std::hint::black_box(vec![1u8]);
    assert!(region.change().allocations > 0);
    drop(v);
}
