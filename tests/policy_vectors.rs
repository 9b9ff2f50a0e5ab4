//! The committed policy vectors (`testvectors/policy/`, made by `make.py`).

use roam::policy::wire::{self, ROAM_VENDOR_ID};

fn read(name: &str) -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testvectors/policy/").to_string() + name)
        .expect("committed vector")
}

#[test]
fn mn_fa_dest_containers() {
    let body = read("mn_fa_dest.body");
    let p = wire::parse_body(&body).unwrap();
    assert_eq!(
        p.to_string(),
        "id=mn@home.example;1;7#1 ver=2 class=dst dst=10.1.0.5 tos=0xb8 ctl=visitor_list#7"
    );
    assert_eq!(wire::body_to_vec(&p).unwrap(), body);
    let avp = read("mn_fa_dest.avp");
    assert_eq!(wire::parse_diameter_avp(&avp, ROAM_VENDOR_ID).unwrap(), p);
    let mut buf = [0u8; 128];
    let n = wire::emit_diameter_avp(&p, ROAM_VENDOR_ID, &mut buf).unwrap();
    assert_eq!(&buf[..n], &avp[..]);
    let nvse = read("mn_fa_dest.nvse");
    assert_eq!(wire::parse_nvse(&nvse, ROAM_VENDOR_ID).unwrap(), p);
    let n = wire::emit_nvse(&p, ROAM_VENDOR_ID, &mut buf).unwrap();
    assert_eq!(&buf[..n], &nvse[..]);
}
