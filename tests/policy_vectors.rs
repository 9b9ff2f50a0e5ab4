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

/// Runs tshark on a committed pcap and returns the tab-separated fields of
/// the first packet, booleans as 1/0; `None` (with a printed reason) when
/// tshark cannot run.
fn tshark_fields(pcap: &str, decode_as: &[&str], fields: &[&str]) -> Option<Vec<String>> {
    let path = format!("{}/testvectors/policy/{pcap}", env!("CARGO_MANIFEST_DIR"));
    let mut cmd = std::process::Command::new("tshark");
    cmd.args(["-r", &path])
        .args(decode_as)
        .args(["-T", "fields"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    match cmd.output() {
        Ok(o) if o.status.success() => Some(
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .split('\t')
                .map(|f| match f {
                    "True" => "1".to_string(),
                    "False" => "0".to_string(),
                    f => f.to_string(),
                })
                .collect(),
        ),
        Ok(o) => {
            println!(
                "skipping: tshark failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            None
        }
        Err(e) => {
            println!("skipping: tshark not available: {e}");
            None
        }
    }
}

/// `mn_fa_dest_nvse.pcap` ends with the committed NVSE; tshark's Mobile IP
/// dissector reads it as type 134, length 70, reserved 0, vendor 32473,
/// vendor type 1 (RFC 3115 layout).
#[test]
fn nvse_framing_checked_by_tshark() {
    let pcap = read("mn_fa_dest_nvse.pcap");
    assert!(pcap.ends_with(&read("mn_fa_dest.nvse")));
    let Some(f) = tshark_fields(
        "mn_fa_dest_nvse.pcap",
        &[],
        &[
            "mip.ext.type",
            "mip.ext.len",
            "mip.ext.nvse.reserved",
            "mip.ext.nvse.vendor_id",
            "mip.ext.nvse.vendor_type",
        ],
    ) else {
        return;
    };
    // The reserved field prints as 0x0000 or 0 depending on the version.
    let reserved_zero = f.get(2).is_some_and(|r| r == "0x0000" || r == "0");
    assert!(reserved_zero, "tshark said {f:?}");
    assert_eq!(
        [&f[0], &f[1], &f[3], &f[4]],
        ["134", "70", "32473", "1"],
        "tshark said {f:?}"
    );
}

/// `mn_fa_dest_avp.pcap` (scapy framing, see `make.py`) ends with the AVP our
/// emitter writes; tshark, an independent dissector, reads its header as
/// code 1, length 74, vendor 32473, V set, M clear.
#[test]
fn avp_framing_checked_by_tshark() {
    let pcap = read("mn_fa_dest_avp.pcap");
    let avp = read("mn_fa_dest.avp");
    assert!(pcap.ends_with(&avp), "the pcap carries the committed AVP");
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testvectors/policy/mn_fa_dest_avp.pcap"
    );
    let out = std::process::Command::new("tshark")
        .args(["-r", path, "-d", "tcp.port==3868,diameter", "-T", "fields"])
        .args([
            "-e",
            "diameter.avp.code",
            "-e",
            "diameter.avp.len",
            "-e",
            "diameter.avp.vendorId",
        ])
        .args([
            "-e",
            "diameter.flags.vendorspecific",
            "-e",
            "diameter.flags.mandatory",
        ])
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            println!(
                "skipping: tshark failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            println!("skipping: tshark not available: {e}");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    // Booleans print as 1/0 or True/False depending on the tshark version.
    let fields: Vec<&str> = text
        .trim()
        .split('\t')
        .map(|f| match f {
            "True" => "1",
            "False" => "0",
            f => f,
        })
        .collect();
    assert_eq!(
        fields,
        ["1", "74", "32473", "1", "0"],
        "tshark said {text:?}"
    );
}
