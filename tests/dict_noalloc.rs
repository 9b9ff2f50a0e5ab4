//! Dictionary lookups and validation never touch the heap: a counting
//! global allocator watches while they run on cer.bin, and while a failing
//! request is validated (with a synthesized Failed-AVP) and answered.

use std::alloc::System;

use roam::diameter::answer::{ErrorAnswer, Identity};
use roam::diameter::dict::Dictionary;
use roam::diameter::wire::value::Value;
use roam::diameter::wire::{AvpType, Avps, Message};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

// A counting allocator (stats_alloc keeps the `unsafe` out of this crate,
// which forbids it). This binary holds one test so nothing else allocates
// while a region is measured.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let region = Region::new(GLOBAL);
    let r = f();
    let stats = region.change();
    (r, stats.allocations + stats.reallocations)
}

fn walk(d: &Dictionary, avps: Avps<'_>) -> usize {
    let mut n = 0;
    for a in avps {
        let a = a.unwrap();
        let def = d.avp(a.code(), a.vendor_id()).unwrap();
        n += 1;
        if def.ty() == AvpType::Grouped {
            n += walk(d, a.grouped().unwrap());
        } else {
            std::hint::black_box(Value::decode(def.ty(), &a).unwrap());
        }
    }
    n
}

#[test]
fn lookups_validation_and_answers_do_not_allocate() {
    let cer = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testvectors/diameter/bench/cer.bin"
    ))
    .unwrap();
    let d = Dictionary::builtin();
    let (n, allocs) = allocations(|| {
        let msg = Message::new_checked(&cer[..]).unwrap();
        d.validate(&msg).unwrap();
        walk(d, msg.avps())
    });
    assert!(n > 5);
    assert_eq!(allocs, 0, "decode + validate of cer.bin allocated");

    // Drop Origin-Realm: 5005 with a synthesized Failed-AVP, then the answer.
    let mut bad = cer.clone();
    let msg = Message::new_checked(&cer[..]).unwrap();
    let realm = msg
        .avps()
        .map(Result::unwrap)
        .find(|a| a.code().0 == 296)
        .unwrap();
    let (start, len) = (realm.offset(), (realm.length() as usize + 3) & !3);
    bad.drain(start..start + len);
    let total = bad.len() as u32;
    bad[1..4].copy_from_slice(&total.to_be_bytes()[1..]);
    let me = Identity {
        origin_host: "aaa.example",
        origin_realm: "example",
    };
    let mut buf = [0u8; 512];
    let (code, allocs) = allocations(|| {
        let err = d.validate_bytes(&bad).unwrap_err();
        ErrorAnswer::from_validation(&err)
            .emit(&bad, &me, &mut buf)
            .unwrap();
        err.result_code().0
    });
    assert_eq!(code, 5005);
    assert_eq!(allocs, 0, "error path allocated");
}
