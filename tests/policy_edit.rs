//! TOS rewrite with the incremental checksum update (RFC 1624).

use proptest::prelude::*;
use roam::policy::edit::{set_tos, EditError};

/// Headers made by scapy 2.8 (`raw(IP(src="10.0.0.1", dst="192.168.1.1",
/// proto=4, ttl=64, id=0x1c46, tos=T))[:20]`) for TOS 0 and 0xb8.
const TOS_00: [u8; 20] = [
    0x45, 0x00, 0x00, 0x14, // version 4, IHL 5, TOS 0x00, total length 20
    0x1c, 0x46, 0x00, 0x00, // identification, flags/fragment offset
    0x40, 0x04, 0x92, 0xf6, // TTL 64, protocol 4 (IP-in-IP), checksum 0x92f6
    0x0a, 0x00, 0x00, 0x01, // source 10.0.0.1
    0xc0, 0xa8, 0x01, 0x01, // destination 192.168.1.1
];
const TOS_B8: [u8; 20] = [
    0x45, 0xb8, 0x00, 0x14, // TOS 0xb8 (DSCP EF)
    0x1c, 0x46, 0x00, 0x00, //
    0x40, 0x04, 0x92, 0x3e, // checksum 0x923e
    0x0a, 0x00, 0x00, 0x01, //
    0xc0, 0xa8, 0x01, 0x01, //
];

fn full_checksum(h: &[u8]) -> u16 {
    let mut sum = 0u32;
    for (i, w) in h.chunks(2).enumerate() {
        if i != 5 {
            sum += u32::from(u16::from_be_bytes([w[0], w[1]]));
        }
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    !(sum as u16)
}

#[test]
fn scapy_vectors() {
    let mut h = TOS_00;
    set_tos(&mut h, 0xb8).unwrap();
    assert_eq!(h, TOS_B8);
    set_tos(&mut h, 0x00).unwrap();
    assert_eq!(h, TOS_00);
    // Unchanged TOS: the header is left alone (RFC 1624 erratum 4782).
    let mut z = TOS_00;
    z[10] = 0;
    z[11] = 0;
    let before = z;
    set_tos(&mut z, 0x00).unwrap();
    assert_eq!(z, before);
}

#[test]
fn rejects() {
    assert!(matches!(
        set_tos(&mut [0x45; 10], 1),
        Err(EditError::Truncated { .. })
    ));
    let mut h = TOS_00;
    h[0] = 0x65;
    assert_eq!(set_tos(&mut h, 1), Err(EditError::NotIpv4));
    let mut h = TOS_00;
    h[0] = 0x46; // IHL 6 needs 24 bytes
    assert_eq!(
        set_tos(&mut h, 1),
        Err(EditError::Truncated {
            required: 24,
            available: 20
        })
    );
}

proptest! {
    #[test]
    fn incremental_equals_full(mut h in proptest::array::uniform20(any::<u8>()), tos in any::<u8>()) {
        h[0] = 0x45;
        let c = full_checksum(&h).to_be_bytes();
        h[10] = c[0];
        h[11] = c[1];
        set_tos(&mut h, tos).unwrap();
        prop_assert_eq!(h[1], tos);
        // RFC 1624: the incremental form may yield 0xFFFF where a full
        // computation yields 0x0000 (both are "zero" in one's complement).
        let got = u16::from_be_bytes([h[10], h[11]]);
        let want = full_checksum(&h);
        prop_assert!(got == want || (got == 0xFFFF && want == 0) || (got == 0 && want == 0xFFFF), "{got:#x} {want:#x}");
    }
}
