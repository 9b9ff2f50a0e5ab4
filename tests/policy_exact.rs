//! The exact-address hash map against std's HashMap.

use std::collections::HashMap;

use proptest::prelude::*;
use roam::policy::exact::ExactMap;

#[derive(Debug, Clone)]
enum Op {
    Insert(u32, u32),
    Remove(u32),
    Get(u32),
}

fn op() -> impl Strategy<Value = Op> {
    // Small key space (collisions, chains, backward shifts) plus any key.
    let key = prop_oneof![0u32..64, any::<u32>()];
    prop_oneof![
        (key.clone(), 0u32..1000).prop_map(|(k, v)| Op::Insert(k, v)),
        key.clone().prop_map(Op::Remove),
        key.prop_map(Op::Get),
    ]
}

proptest! {
    #[test]
    fn behaves_like_hashmap(ops in proptest::collection::vec(op(), 0..400)) {
        let mut m = ExactMap::default();
        let mut r = HashMap::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(m.insert(k, v), r.insert(k, v)),
                Op::Remove(k) => prop_assert_eq!(m.remove(k), r.remove(&k)),
                Op::Get(k) => prop_assert_eq!(m.get(k), r.get(&k).copied()),
            }
            prop_assert_eq!(m.len(), r.len());
        }
        for (k, v) in &r {
            prop_assert_eq!(m.get(*k), Some(*v));
        }
    }
}

#[test]
fn million_entries() {
    let mut m = ExactMap::with_capacity(1_000_000);
    for i in 0..1_000_000u32 {
        m.insert(i.wrapping_mul(2_654_435_761), i);
    }
    assert_eq!(m.len(), 1_000_000);
    assert!(m.memory() <= 32 << 20, "{} bytes", m.memory());
    for i in (0..1_000_000u32).step_by(997) {
        assert_eq!(m.get(i.wrapping_mul(2_654_435_761)), Some(i));
    }
    assert_eq!(m.get(1), None);
}
