//! diameter::router proptest laws: forwarding preserves every original
//! AVP byte for byte (RFC 6733 §4.1, §6.1.9) for arbitrary AVP lists, the
//! only changes being the Message Length, the Hop-by-Hop Identifier and
//! one appended Route-Record; the relay restores the Hop-by-Hop.

use proptest::prelude::*;
use roam::diameter::answer::Identity;
use roam::diameter::router::{forward, Relay};
use roam::diameter::wire::{AvpCode, Message, VendorId};
use roam::time::Instant;

const ME: Identity<'static> = Identity {
    origin_host: "relay.mid.net",
    origin_realm: "mid.net",
};

/// One AVP: code, flags (V, M, P and reserved bits all possible), vendor,
/// data, padding bytes (possibly non-zero: they must survive too).
fn avp() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<u32>(),
        any::<u8>(),
        any::<u32>(),
        proptest::collection::vec(any::<u8>(), 0..40),
        any::<[u8; 3]>(),
    )
        .prop_map(|(code, flags, vendor, data, pad)| {
            let mut v = code.to_be_bytes().to_vec();
            let hl = if flags & 0x80 != 0 { 12 } else { 8 };
            let len = (hl + data.len()) as u32;
            v.push(flags);
            v.extend_from_slice(&len.to_be_bytes()[1..]);
            if hl == 12 {
                v.extend_from_slice(&vendor.to_be_bytes());
            }
            v.extend_from_slice(&data);
            let padding = (4 - data.len() % 4) % 4;
            v.extend_from_slice(&pad[..padding]);
            v
        })
}

fn request(flags: u8, avps: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![1, 0, 0, 0, 0x80 | (flags & 0x7f), 0, 1, 0x0f, 0, 0, 0, 3];
    m.extend_from_slice(&0x1111_1111u32.to_be_bytes());
    m.extend_from_slice(&0x2222_2222u32.to_be_bytes());
    for a in avps {
        m.extend_from_slice(a);
    }
    let n = m.len() as u32;
    m[1..4].copy_from_slice(&n.to_be_bytes()[1..]);
    m
}

proptest! {
    #[test]
    fn forwarding_preserves_every_avp(
        avps in proptest::collection::vec(avp(), 0..12),
        flags in any::<u8>(),
        hbh in any::<u32>(),
    ) {
        let req = request(flags, &avps);
        let out = forward(&req, &ME, hbh).unwrap();
        let f = Message::new_checked(&out[..]).unwrap();
        prop_assert_eq!(f.length() as usize, out.len());
        prop_assert_eq!(f.hop_by_hop(), hbh);
        prop_assert_eq!(&out[..1], &req[..1]);
        prop_assert_eq!(&out[4..12], &req[4..12]);
        prop_assert_eq!(&out[16..req.len()], &req[16..]);
        // Every original AVP comes back, in order, byte for byte.
        let orig = Message::new_checked(&req[..]).unwrap();
        let a: Vec<Vec<u8>> = orig.avps().map(|a| a.unwrap().as_bytes().to_vec()).collect();
        let b: Vec<Vec<u8>> = f.avps().map(|a| a.unwrap().as_bytes().to_vec()).collect();
        prop_assert_eq!(b.len(), a.len() + 1);
        prop_assert_eq!(&b[..a.len()], &a[..]);
        let rr = f.avps().last().unwrap().unwrap();
        prop_assert_eq!(rr.code(), AvpCode::ROUTE_RECORD);
        prop_assert_eq!(rr.vendor_id(), VendorId::IETF);
        prop_assert_eq!(rr.data(), ME.origin_host.as_bytes());
    }

    #[test]
    fn relay_restores_hop_by_hop(
        avps in proptest::collection::vec(avp(), 0..4),
        seed in any::<u32>(),
        n in 1usize..20,
    ) {
        let req = request(0x40, &avps);
        let mut relay = Relay::new(64, core::time::Duration::from_secs(1), seed);
        let mut outs = Vec::new();
        for i in 0..n {
            let mut r = req.clone();
            r[12..16].copy_from_slice(&(i as u32).to_be_bytes());
            outs.push(relay.forward(Instant::ZERO, b"p", &r, &ME).unwrap());
        }
        // Answers in reverse order each get their own original back.
        for (i, out) in outs.iter().enumerate().rev() {
            let mut ans = out[..20].to_vec();
            ans[1..4].copy_from_slice(&[0, 0, 20]);
            ans[4] &= 0x7f;
            let path = relay.answer(&mut ans).unwrap();
            prop_assert_eq!(path.hop_by_hop, i as u32);
            prop_assert_eq!(&ans[12..16], &(i as u32).to_be_bytes());
        }
        prop_assert!(relay.is_empty());
    }
}
