//! Checks roam's Mobile IPv4 codec against the vectors in `testvectors/mip4/`
//! (built by scapy + hand layout, authenticators by Python's hmac/hashlib,
//! validated with tshark; see the README there). Does not need scapy.

use core::net::Ipv4Addr;
use roam::mip4::wire::{
    self, advert::AgentSolicitation, auth, AdvExtension, AgentAdvertisement, Algorithm, Extension,
    ExtensionType, RegistrationReply, RegistrationRequest, ReplyHeader, RequestHeader,
    SecurityAssociation, REPLY_HEADER_LEN, REQUEST_HEADER_LEN,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testvectors/mip4")
}

struct Vector {
    name: &'static str,
    bytes: Vec<u8>,
    fields: Vec<(String, String)>,
}

impl Vector {
    fn load(name: &'static str) -> Vector {
        let bytes = std::fs::read(dir().join(format!("{name}.bin"))).expect("vector .bin");
        let text =
            std::fs::read_to_string(dir().join(format!("{name}.fields"))).expect("vector .fields");
        let fields = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let (k, v) = l.split_once(' ').expect("key value");
                (k.to_string(), v.to_string())
            })
            .collect();
        let v = Vector {
            name,
            bytes,
            fields,
        };
        assert_eq!(v.num("len") as usize, v.bytes.len(), "{name}");
        v
    }
    fn get<'a>(&'a self, k: &'a str) -> &'a str {
        self.all(k)
            .next()
            .unwrap_or_else(|| panic!("{}: no field {k}", self.name))
    }
    fn all<'a>(&'a self, k: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
    fn num(&self, k: &str) -> u64 {
        self.get(k).parse().expect("number")
    }
    fn addr(&self, k: &str) -> Ipv4Addr {
        self.get(k).parse().expect("address")
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The (type, Length field) list of the extensions roam sees.
fn ext_list(exts: impl Iterator<Item = Result<Extension<'static>, wire::Error>>) -> Vec<String> {
    exts.map(|e| {
        let e = e.expect("extension");
        format!("{} {}", e.ty().0, e.body_len())
    })
    .collect()
}

fn leak(v: &Vector) -> &'static [u8] {
    Box::leak(v.bytes.clone().into_boxed_slice())
}

fn alg(s: &str) -> Algorithm {
    match s {
        "hmac-md5" | "chap" => Algorithm::HmacMd5,
        "keyed-md5" => Algorithm::KeyedMd5,
        other => panic!("alg {other}"),
    }
}

const REQUESTS: [&str; 4] = [
    "rrq_nai_mnha",
    "rrq_keyed_md5",
    "rrq_challenge_mnaaa",
    "rrq_full",
];
const REPLIES: [&str; 2] = ["rrp_accept_mnha", "rrp_133"];

#[test]
fn requests_parse_field_for_field() {
    for name in REQUESTS {
        let v = Vector::load(name);
        let bytes = leak(&v);
        let r = RegistrationRequest::new_checked(bytes).unwrap();
        assert_eq!(v.num("type"), 1);
        assert_eq!(u64::from(r.flags().bits()), v.num("flags"), "{name}");
        assert_eq!(u64::from(r.lifetime()), v.num("lifetime"), "{name}");
        assert_eq!(r.home_address(), v.addr("home_address"), "{name}");
        assert_eq!(r.home_agent(), v.addr("home_agent"), "{name}");
        assert_eq!(r.care_of_address(), v.addr("care_of_address"), "{name}");
        assert_eq!(r.identification().to_string(), v.get("identification"));
        let want: Vec<String> = v.all("ext").map(str::to_string).collect();
        assert_eq!(ext_list(r.into_extensions()), want, "{name}");
        for e in r.extensions() {
            match e.unwrap() {
                Extension::MnNai(n) => assert_eq!(hex(n), v.get("nai")),
                Extension::MnFaChallenge(c) if v.all("challenge").next().is_some() => {
                    assert_eq!(hex(c), v.get("challenge"))
                }
                Extension::UdpTunnelRequest(u) => {
                    assert_eq!(u64::from(u.flags.bits()), v.num("udp_tunnel_flags"));
                    assert_eq!(u64::from(u.encapsulation), v.num("udp_tunnel_encap"));
                }
                Extension::RevocationSupport(rs) => {
                    assert_eq!(u64::from(rs.flags.bits()), v.num("revocation_flags"));
                    assert_eq!(u64::from(rs.timestamp), v.num("revocation_timestamp"));
                }
                Extension::Nvse(n) => {
                    assert_eq!(u64::from(n.vendor_id), v.num("nvse_vendor"));
                    assert_eq!(u64::from(n.vendor_type), v.num("nvse_type"));
                    assert_eq!(hex(n.value), v.get("nvse_value"));
                }
                Extension::Cvse(c) => {
                    assert_eq!(u64::from(c.vendor_id), v.num("cvse_vendor"));
                    assert_eq!(u64::from(c.vendor_type), v.num("cvse_type"));
                    assert_eq!(hex(c.value), v.get("cvse_value"));
                }
                Extension::Skipped(s) => {
                    assert_eq!(format!("{} {}", s.ty.0, hex(s.data)), v.get("skipped"))
                }
                _ => {}
            }
        }
        // Round trip: header repr + re-emitted extensions = the same bytes.
        let mut out = vec![0u8; bytes.len()];
        let n = RequestHeader::parse(&r).emit(&mut out).unwrap();
        let exts: Vec<Extension> = r.extensions().map(Result::unwrap).collect();
        let m = wire::emit_extensions(&exts, &mut out[n..]).unwrap();
        assert_eq!(n + m, bytes.len());
        assert_eq!(out, bytes, "{name}");
    }
}

#[test]
fn replies_parse_field_for_field() {
    for name in REPLIES {
        let v = Vector::load(name);
        let bytes = leak(&v);
        let r = RegistrationReply::new_checked(bytes).unwrap();
        assert_eq!(u64::from(r.code().0), v.num("code"));
        assert_eq!(u64::from(r.lifetime()), v.num("lifetime"));
        assert_eq!(r.home_address(), v.addr("home_address"));
        assert_eq!(r.home_agent(), v.addr("home_agent"));
        assert_eq!(r.identification().to_string(), v.get("identification"));
        let want: Vec<String> = v.all("ext").map(str::to_string).collect();
        assert_eq!(ext_list(r.into_extensions()), want, "{name}");
        let mut out = vec![0u8; bytes.len()];
        let n = ReplyHeader::parse(&r).emit(&mut out).unwrap();
        let exts: Vec<Extension> = r.extensions().map(Result::unwrap).collect();
        wire::emit_extensions(&exts, &mut out[n..]).unwrap();
        assert_eq!(out, bytes, "{name}");
    }
}

/// roam computes the same authenticator as Python, verifies it, and fails
/// verification after any one-bit change of the protected bytes or of the
/// authenticator.
#[test]
fn single_authenticators_match_python_and_every_bit_matters() {
    for name in [
        "rrq_nai_mnha",
        "rrq_keyed_md5",
        "rrq_challenge_mnaaa",
        "rrq_keygen",
        "rrp_accept_mnha",
        "rrp_133",
    ] {
        let v = Vector::load(name);
        let ty = ExtensionType(v.num("auth_type") as u8);
        let spi = v.num("spi") as u32;
        let key = unhex(v.get("key"));
        let sa = SecurityAssociation {
            algorithm: alg(v.get("alg")),
            key: &key,
        };
        let protected_len = v.num("protected_len") as usize;
        let expected = unhex(v.get("authenticator"));
        let header = if v.num("type") == 1 {
            REQUEST_HEADER_LEN
        } else {
            REPLY_HEADER_LEN
        };
        let protected = &v.bytes[..protected_len];
        let computed = if ty == ExtensionType::GENERALIZED_AUTH {
            let challenge = unhex(v.get("challenge"));
            auth::compute_mn_aaa(spi, sa, protected, &challenge)
        } else {
            auth::compute(sa, protected)
        };
        assert_eq!(hex(&computed), hex(&expected), "{name}: roam vs Python");
        let keys = [(spi, sa)];
        assert_eq!(
            wire::verify_message(&v.bytes, header, ty, &keys[..]),
            Ok(spi),
            "{name}"
        );
        let mut m = v.bytes.clone();
        for bit in 0..m.len() * 8 {
            m[bit / 8] ^= 1 << (bit % 8);
            assert!(
                wire::verify_message(&m, header, ty, &keys[..]).is_err(),
                "{name}: flipping bit {bit} went unnoticed"
            );
            m[bit / 8] ^= 1 << (bit % 8);
        }
        let wrong = [(
            spi,
            SecurityAssociation {
                algorithm: sa.algorithm,
                key: b"wrong",
            },
        )];
        assert!(wire::verify_message(&v.bytes, header, ty, &wrong[..]).is_err());
        assert_eq!(
            wire::verify_message(&v.bytes, header, ty, &[][..]),
            Err(wire::AuthError::UnknownSpi { spi })
        );
    }
}

#[test]
fn relayed_request_carries_three_valid_authenticators() {
    let v = Vector::load("rrq_full");
    for line in v.all("auth") {
        let parts: Vec<&str> = line.split(' ').collect();
        let ty = ExtensionType(parts[0].parse().unwrap());
        let spi: u32 = parts[1].parse().unwrap();
        let key = unhex(parts[2]);
        let sa = SecurityAssociation {
            algorithm: Algorithm::HmacMd5,
            key: &key,
        };
        let keys = [(spi, sa)];
        assert_eq!(
            wire::verify_message(&v.bytes, REQUEST_HEADER_LEN, ty, &keys[..]),
            Ok(spi)
        );
        // Rebuild the authenticator with roam's appender from the prefix.
        let r = RegistrationRequest::new_checked(&v.bytes[..]).unwrap();
        let at = r
            .located_extensions()
            .map(Result::unwrap)
            .find(|l| l.extension.ty() == ty)
            .unwrap()
            .offset;
        let mut buf = v.bytes[..at].to_vec();
        buf.resize(at + 22, 0);
        assert_eq!(auth::append_auth(&mut buf, at, ty, spi, sa), Ok(at + 22));
        assert_eq!(buf[at..], v.bytes[at..at + 22]);
        assert_eq!(hex(&buf[at + 6..]), parts[3]);
    }
}

#[test]
fn advertisements_parse_field_for_field() {
    for name in ["agent_adv", "agent_adv_code16"] {
        let v = Vector::load(name);
        let a = AgentAdvertisement::new_checked(&v.bytes[..]).unwrap();
        assert!(a.verify_checksum(), "{name}");
        assert_eq!(u64::from(a.code()), v.num("icmp_code"));
        assert_eq!(u64::from(a.num_addrs()), v.num("num_addrs"));
        assert_eq!(u64::from(a.lifetime()), v.num("lifetime"));
        let routers: Vec<String> = a
            .routers()
            .map(|r| format!("{} {}", r.address, r.preference))
            .collect();
        assert_eq!(routers, v.all("router").collect::<Vec<_>>());
        let exts: Vec<AdvExtension> = a.extensions().map(Result::unwrap).collect();
        let list: Vec<String> = exts
            .iter()
            .map(|e| format!("{} {}", e.ty().0, e.encoded_len().saturating_sub(2)))
            .collect();
        assert_eq!(list, v.all("adv_ext").collect::<Vec<_>>(), "{name}");
        let m = a.mobility_agent().unwrap();
        assert_eq!(u64::from(m.sequence), v.num("seq"));
        assert_eq!(u64::from(m.registration_lifetime), v.num("reg_lifetime"));
        assert_eq!(u64::from(m.flags.bits()), v.num("adv_flags"));
        let coas: Vec<String> = m.care_of_addresses().map(|c| c.to_string()).collect();
        assert_eq!(coas, v.all("coa").collect::<Vec<_>>());
        for e in &exts {
            if let AdvExtension::Challenge(c) = e {
                assert_eq!(hex(c), v.get("challenge"));
            }
            if let AdvExtension::PrefixLengths(p) = e {
                assert_eq!(hex(p), v.get("prefix_lengths"));
            }
        }
        let routers: Vec<_> = a.routers().collect();
        let mut out = vec![0u8; v.bytes.len()];
        let n =
            wire::emit_advertisement(a.code(), a.lifetime(), &routers, &exts, &mut out).unwrap();
        assert_eq!(&out[..n], &v.bytes[..], "{name}");
        let mut bad = v.bytes.clone();
        bad[9] ^= 0x10;
        assert!(!AgentAdvertisement::new_unchecked(&bad[..]).verify_checksum());
    }
    let v = Vector::load("agent_sol");
    let s = AgentSolicitation::new_checked(&v.bytes[..]).unwrap();
    assert!(s.verify_checksum());
    let mut out = [0u8; 8];
    wire::emit_solicitation(&mut out).unwrap();
    assert_eq!(&out[..], &v.bytes[..]);
}

/// tshark (when installed) decodes the same fields as roam for every
/// registration vector.
#[test]
fn tshark_agrees_with_roam() {
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipping: tshark is not installed");
        return;
    }
    for name in REQUESTS.iter().chain(REPLIES.iter()) {
        let v = Vector::load(name);
        let out = Command::new("tshark")
            .arg("-r")
            .arg(dir().join(format!("{name}.pcap")))
            .args(["-T", "fields", "-E", "separator=|", "-E", "aggregator=,"])
            .args(["-e", "mip.type", "-e", "mip.life", "-e", "mip.homeaddr"])
            .args([
                "-e",
                "mip.haaddr",
                "-e",
                "mip.ext.type",
                "-e",
                "mip.auth.spi",
            ])
            .args(["-e", "mip.auth.auth", "-e", "mip.code", "-e", "mip.coa"])
            .output()
            .expect("tshark runs");
        let line = String::from_utf8_lossy(&out.stdout);
        let cols: Vec<&str> = line.trim_end().split('|').collect();
        assert_eq!(cols.len(), 9, "{name}: {line}");
        let (ty, life, hoa, ha) = (cols[0], cols[1], cols[2], cols[3]);
        let ext_types: Vec<u8> = cols[4].split(',').map(|t| t.parse().unwrap()).collect();
        let auths: Vec<String> = cols[6]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.replace(':', ""))
            .collect();
        let (lifetime, home, agent, exts): (u16, Ipv4Addr, Ipv4Addr, Vec<Extension>) = if ty == "1"
        {
            let r = RegistrationRequest::new_checked(leak(&v)).unwrap();
            assert_eq!(cols[8], r.care_of_address().to_string());
            (
                r.lifetime(),
                r.home_address(),
                r.home_agent(),
                r.into_extensions().map(Result::unwrap).collect(),
            )
        } else {
            let r = RegistrationReply::new_checked(leak(&v)).unwrap();
            assert_eq!(cols[7], r.code().0.to_string());
            (
                r.lifetime(),
                r.home_address(),
                r.home_agent(),
                r.into_extensions().map(Result::unwrap).collect(),
            )
        };
        assert_eq!(life, lifetime.to_string(), "{name}");
        assert_eq!(hoa, home.to_string());
        assert_eq!(ha, agent.to_string());
        assert_eq!(
            ext_types,
            exts.iter().map(|e| e.ty().0).collect::<Vec<_>>(),
            "{name}"
        );
        let ours: Vec<String> = exts
            .iter()
            .filter_map(|e| match e {
                Extension::Auth(a) => Some(hex(a.authenticator)),
                Extension::GeneralizedAuth(g) => Some(hex(g.authenticator)),
                _ => None,
            })
            .collect();
        assert_eq!(auths, ours, "{name}");
    }
}

#[test]
fn revocation_vectors() {
    use roam::mip4::wire::{Revocation, RevocationAck, RevocationAckRepr, RevocationRepr};
    let fa_ha = b"fa-ha key";
    let sa = SecurityAssociation {
        algorithm: Algorithm::HmacMd5,
        key: fa_ha,
    };
    let keys = [(0x300u32, sa)];
    let v = Vector::load("revocation");
    let r = Revocation::new_checked(&v.bytes[..]).unwrap();
    assert_eq!(u64::from(r.flags().bits()), v.num("rev_flags"));
    assert_eq!(r.home_address(), v.addr("home_address"));
    assert_eq!(r.home_domain_address(), v.addr("hda"));
    assert_eq!(r.foreign_domain_address(), v.addr("fda"));
    assert_eq!(u64::from(r.revocation_id()), v.num("revocation_id"));
    let mut out = [0u8; 20];
    RevocationRepr::parse(&r).emit(&mut out).unwrap();
    assert_eq!(&out[..], &v.bytes[..20]);
    assert_eq!(
        wire::verify_message(&v.bytes, 20, ExtensionType::FA_HA_AUTH, &keys[..]),
        Ok(0x300)
    );
    let v = Vector::load("revocation_ack");
    let a = RevocationAck::new_checked(&v.bytes[..]).unwrap();
    assert_eq!(u64::from(a.flags().bits()), v.num("ack_flags"));
    assert_eq!(a.home_address(), v.addr("home_address"));
    assert_eq!(u64::from(a.revocation_id()), v.num("revocation_id"));
    let mut out = [0u8; 12];
    RevocationAckRepr::parse(&a).emit(&mut out).unwrap();
    assert_eq!(&out[..], &v.bytes[..12]);
    assert_eq!(
        wire::verify_message(&v.bytes, 12, ExtensionType::FA_HA_AUTH, &keys[..]),
        Ok(0x300)
    );
}

/// A 133 reply built by roam from a stale request carries the HA's time in
/// the high bits and the request's low bits, and equals the rrp_133 vector.
#[test]
fn replayed_identification_gets_133_and_resync() {
    use roam::mip4::wire::{replay, Denial, Role};
    use roam::time::NtpTimestamp;
    let req = Vector::load("rrq_nai_mnha");
    let r = RegistrationRequest::new_checked(&req.bytes[..]).unwrap();
    let now = NtpTimestamp::new(0xE88A_2C00, 0);
    let err = replay::check_timestamp(r.identification(), now, replay::DEFAULT_REPLAY_WINDOW, None)
        .unwrap_err();
    assert_eq!(
        Denial::IdentificationMismatch.reply_code(Role::HomeAgent),
        wire::ReplyCode::HA_IDENTIFICATION_MISMATCH
    );
    let header = ReplyHeader {
        code: Denial::IdentificationMismatch.reply_code(Role::HomeAgent),
        lifetime: 0,
        home_address: r.home_address(),
        home_agent: r.home_agent(),
        identification: err.resync(),
    };
    let mut buf = [0u8; 64];
    let n = header.emit(&mut buf).unwrap();
    let key = unhex("00112233445566778899aabbccddeeff");
    let sa = SecurityAssociation {
        algorithm: Algorithm::HmacMd5,
        key: &key,
    };
    let n = auth::append_auth(&mut buf, n, ExtensionType::MN_HA_AUTH, 0x100, sa).unwrap();
    assert_eq!(&buf[..n], &Vector::load("rrp_133").bytes[..]);
}

/// Messages emitted by roam, wrapped in IPv4/UDP (or ICMP) by roam, dissect
/// in tshark without a malformed packet or an expert warning.
#[test]
fn tshark_accepts_what_roam_emits() {
    use roam::mip4::wire::{
        ipv4::Ipv4Repr, AgentAdvFlags, AuthExtension, DynamicHa, MobilityAgentAdv, RawExtension,
        RevocationSupport, RevocationSupportFlags, RouterEntry, UdpTunnelReply, UdpTunnelRequest,
        UdpTunnelRequestFlags, VendorExtension,
    };
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipping: tshark is not installed");
        return;
    }
    let key = b"k";
    let sa = SecurityAssociation {
        algorithm: Algorithm::HmacMd5,
        key,
    };
    let mut msgs: Vec<(u8, Vec<u8>)> = Vec::new();
    // Request with every extension tshark knows.
    let h = RequestHeader {
        flags: 0x82,
        lifetime: 300,
        home_address: Ipv4Addr::new(10, 0, 0, 5),
        home_agent: Ipv4Addr::new(10, 0, 0, 1),
        care_of_address: Ipv4Addr::new(192, 0, 2, 7),
        identification: wire::Identification(0xe88a_2b40_0000_0001),
    };
    let exts = [
        Extension::MnNai(b"roam@example.org"),
        Extension::UdpTunnelRequest(UdpTunnelRequest {
            subtype: 0,
            reserved1: 0,
            flags: UdpTunnelRequestFlags::F,
            encapsulation: 4,
            reserved2: 0,
        }),
        Extension::RevocationSupport(RevocationSupport {
            flags: RevocationSupportFlags::I,
            timestamp: 7,
        }),
        Extension::EncapsulatingDeliveryStyle,
        Extension::DynamicHa(DynamicHa {
            subtype: 1,
            home_agent: Ipv4Addr::new(10, 0, 0, 1),
        }),
        Extension::Nvse(VendorExtension {
            reserved: 0,
            vendor_id: 5535,
            vendor_type: 16,
            value: &[0, 1],
        }),
        Extension::Cvse(VendorExtension {
            reserved: 0,
            vendor_id: 9,
            vendor_type: 3,
            value: &[1, 2, 3],
        }),
        Extension::Skipped(RawExtension {
            ty: ExtensionType(250),
            data: &[9, 9],
        }),
        Extension::MnFaChallenge(&[1, 2, 3, 4]),
    ];
    let mut b = vec![0u8; 512];
    let mut n = h.emit(&mut b).unwrap();
    n += wire::emit_extensions(&exts, &mut b[n..]).unwrap();
    n = auth::append_auth(&mut b, n, ExtensionType::MN_HA_AUTH, 256, sa).unwrap();
    n = auth::append_mn_aaa(&mut b, n, 2, sa, &[1, 2, 3, 4]).unwrap();
    b.truncate(n);
    msgs.push((17, b));
    // Reply with UDP Tunnel Reply and MN-HA.
    let rh = ReplyHeader {
        code: wire::ReplyCode::ACCEPTED,
        lifetime: 300,
        home_address: h.home_address,
        home_agent: h.home_agent,
        identification: h.identification,
    };
    let mut b = vec![0u8; 128];
    let mut n = rh.emit(&mut b).unwrap();
    n += Extension::UdpTunnelReply(UdpTunnelReply {
        subtype: 0,
        code: 0,
        flags: 0x8000,
        keepalive_interval: 110,
    })
    .emit(&mut b[n..])
    .unwrap();
    n += Extension::Auth(AuthExtension {
        ty: ExtensionType::FA_HA_AUTH,
        spi: 300,
        authenticator: &[0xab; 16],
    })
    .emit(&mut b[n..])
    .unwrap();
    b.truncate(n);
    msgs.push((17, b));
    // Advertisement and solicitation.
    let coa = [192, 0, 2, 7];
    let mut b = vec![0u8; 128];
    let n = wire::emit_advertisement(
        0,
        600,
        &[RouterEntry {
            address: Ipv4Addr::new(192, 0, 2, 1),
            preference: 0,
        }],
        &[
            AdvExtension::MobilityAgent(MobilityAgentAdv {
                sequence: 1,
                registration_lifetime: 600,
                flags: AgentAdvFlags::F | AgentAdvFlags::R | AgentAdvFlags::X,
                care_of_bytes: &coa,
            }),
            AdvExtension::PrefixLengths(&[24]),
            AdvExtension::Pad,
            AdvExtension::Challenge(&[5, 6, 7, 8]),
        ],
        &mut b,
    )
    .unwrap();
    b.truncate(n);
    msgs.push((1, b));
    let mut b = vec![0u8; 8];
    wire::emit_solicitation(&mut b).unwrap();
    msgs.push((1, b));

    // A pcap (LINKTYPE_RAW = 101, IPv4) written by hand.
    let mut pcap: Vec<u8> = Vec::new();
    pcap.extend(0xa1b2_c3d4u32.to_le_bytes());
    pcap.extend(2u16.to_le_bytes());
    pcap.extend(4u16.to_le_bytes());
    pcap.extend([0u8; 8]);
    pcap.extend(65535u32.to_le_bytes());
    pcap.extend(101u32.to_le_bytes());
    for (i, (proto, payload)) in msgs.iter().enumerate() {
        let mut l4 = Vec::new();
        if *proto == 17 {
            l4.extend(434u16.to_be_bytes());
            l4.extend(434u16.to_be_bytes());
            l4.extend(((8 + payload.len()) as u16).to_be_bytes());
            l4.extend([0, 0]); // no UDP checksum (allowed for IPv4)
        }
        l4.extend(payload);
        let ip = Ipv4Repr {
            src: Ipv4Addr::new(192, 0, 2, 7),
            dst: Ipv4Addr::new(10, 0, 0, 1),
            protocol: *proto,
            ttl: 64,
            tos: 0,
            identification: i as u16,
            dont_fragment: false,
            payload_len: l4.len(),
        };
        let mut pkt = vec![0u8; 20];
        ip.emit(&mut pkt).unwrap();
        pkt.extend(l4);
        pcap.extend((i as u32).to_le_bytes());
        pcap.extend(0u32.to_le_bytes());
        pcap.extend((pkt.len() as u32).to_le_bytes());
        pcap.extend((pkt.len() as u32).to_le_bytes());
        pcap.extend(pkt);
    }
    let path = std::env::temp_dir().join(format!("roam-mip4-emitted-{}.pcap", std::process::id()));
    std::fs::write(&path, &pcap).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&path)
        .arg("-V")
        .output()
        .expect("tshark runs");
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Registration Request"), "{text}");
    assert!(text.contains("Mobility Agent Advertisement"), "{text}");
    assert!(!text.contains("Malformed"), "{text}");
    assert!(!text.contains("Expert Info (Warning"), "{text}");
    assert!(!text.contains("Expert Info (Error"), "{text}");
    assert!(text.matches("Checksum Status: Good").count() >= 2, "{text}");
}

/// The relayed request's three authenticators, as `(type, offset, keys)`.
fn relayed_auths(v: &Vector) -> Vec<(ExtensionType, usize, u32, Vec<u8>)> {
    let r = RegistrationRequest::new_checked(&v.bytes[..]).unwrap();
    let located: Vec<_> = r.located_extensions().map(Result::unwrap).collect();
    v.all("auth")
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            let ty = ExtensionType(parts[0].parse().unwrap());
            let at = located
                .iter()
                .find(|l| l.extension.ty() == ty)
                .unwrap()
                .offset;
            (ty, at, parts[1].parse().unwrap(), unhex(parts[2]))
        })
        .collect()
}

#[test]
fn verify_at_checks_each_authenticator_of_a_relayed_request() {
    let v = Vector::load("rrq_full");
    let auths = relayed_auths(&v);
    assert_eq!(auths.len(), 3, "MN-HA, MN-FA, FA-HA");
    let rows: Vec<(u32, SecurityAssociation)> = auths
        .iter()
        .map(|(_, _, spi, key)| {
            (
                *spi,
                SecurityAssociation {
                    algorithm: Algorithm::HmacMd5,
                    key,
                },
            )
        })
        .collect();
    for (ty, at, spi, _) in &auths {
        assert_eq!(
            wire::verify_at(&v.bytes, REQUEST_HEADER_LEN, *at, &rows[..]),
            Ok(*spi),
            "type {}",
            ty.0
        );
        assert_eq!(
            wire::verify_message(&v.bytes, REQUEST_HEADER_LEN, *ty, &rows[..]),
            Ok(*spi)
        );
        // Without this SPI's key: UnknownSpi, not a mismatch.
        let others: Vec<_> = rows.iter().filter(|r| r.0 != *spi).copied().collect();
        assert_eq!(
            wire::verify_at(&v.bytes, REQUEST_HEADER_LEN, *at, &others[..]),
            Err(wire::AuthError::UnknownSpi { spi: *spi })
        );
    }
    // Offsets that are not an authentication extension's first byte.
    let challenge_at = auths[1].1 - 10; // the 8-byte MN-FA Challenge (132) before MN-FA
    assert_eq!(v.bytes[challenge_at], 132);
    for bad in [
        challenge_at,
        auths[0].1 + 1,
        v.bytes.len(),
        REQUEST_HEADER_LEN,
    ] {
        assert_eq!(
            wire::verify_at(&v.bytes, REQUEST_HEADER_LEN, bad, &rows[..]),
            Err(wire::AuthError::NotAuthExtension { offset: bad })
        );
    }
}

/// RFC 5944 §3.5.1: each authenticator covers the message up to and
/// including its own SPI. Flipping one bit anywhere fails exactly the
/// authenticators whose extension ends after the flipped byte: a change in
/// the header or early extensions fails all three, in the MN-HA authenticator
/// or the challenge fails MN-FA and FA-HA (and MN-HA for its own bytes), in
/// the MN-FA extension fails MN-FA and FA-HA, in the FA-HA extension fails
/// only FA-HA.
#[test]
fn one_bit_changes_fail_exactly_the_covering_authenticators() {
    let v = Vector::load("rrq_full");
    let auths = relayed_auths(&v);
    let rows: Vec<(u32, SecurityAssociation)> = auths
        .iter()
        .map(|(_, _, spi, key)| {
            (
                *spi,
                SecurityAssociation {
                    algorithm: Algorithm::HmacMd5,
                    key,
                },
            )
        })
        .collect();
    let ends: Vec<usize> = auths.iter().map(|a| a.1 + 22).collect();
    assert_eq!(*ends.last().unwrap(), v.bytes.len(), "FA-HA is last");
    let mut seen = [[false; 2]; 3]; // per check: (seen pass, seen fail)
    for i in 0..v.bytes.len() {
        for bit in [0u8, 7] {
            let mut m = v.bytes.clone();
            m[i] ^= 1 << bit;
            for (k, (ty, at, spi, _)) in auths.iter().enumerate() {
                let got = wire::verify_at(&m, REQUEST_HEADER_LEN, *at, &rows[..]);
                let covered = i < ends[k];
                assert_eq!(got.is_err(), covered, "byte {i} bit {bit}, type {}", ty.0);
                if covered && i >= at + 6 {
                    // The authenticator itself: a plain mismatch.
                    assert_eq!(got, Err(wire::AuthError::Mismatch { spi: *spi }));
                }
                seen[k][usize::from(covered)] = true;
            }
        }
    }
    // MN-HA, MN-FA and FA-HA each saw both outcomes except FA-HA, which
    // covers the whole message.
    assert_eq!(seen, [[true, true], [true, true], [false, true]]);
    // One change per region, spelled out.
    let id = 16; // Identification, in the fixed header
    let mnha_auth = auths[0].1 + 10;
    let challenge = auths[1].1 - 4; // a challenge value byte
    let mnfa_auth = auths[1].1 + 10;
    let faha_auth = auths[2].1 + 10;
    for (i, expect) in [
        (id, [false, false, false]),
        (mnha_auth, [false, false, false]),
        (challenge, [true, false, false]),
        (mnfa_auth, [true, false, false]),
        (faha_auth, [true, true, false]),
    ] {
        let mut m = v.bytes.clone();
        m[i] ^= 0x01;
        let got: Vec<bool> = auths
            .iter()
            .map(|(_, at, _, _)| wire::verify_at(&m, REQUEST_HEADER_LEN, *at, &rows[..]).is_ok())
            .collect();
        assert_eq!(got, expect, "flip at byte {i}");
    }
}

/// RFC 3957 vectors (`rrq_keygen`, `rrp_keygen`): the key generation
/// extensions parse field for field and re-emit byte for byte, the MN-HA and
/// MN-FA keys derived per RFC 3957 §5 equal Python's HMAC-SHA1 (and openssl's,
/// see the README), and the reply's MN-HA and MN-FA authenticators verify
/// under the derived keys.
#[test]
fn rfc3957_key_generation_vectors() {
    use wire::{
        derive_key, KeyGenAlgorithm, KeyGenReplyData, KeyGenSubtype, MnFaAaaKeyReply,
        MnFaKeyGenReply, MnHaAaaKeyReply, MnHaKeyGenReply, MobileNodeIdentifier, ReplayMethod,
    };

    // The request: MN-NAI, both AAA KeyGen Requests, challenge, MN-AAA.
    let v = Vector::load("rrq_keygen");
    let r = RegistrationRequest::new_checked(leak(&v)).expect("request");
    let exts: Vec<Extension> = r.into_extensions().map(Result::unwrap).collect();
    assert_eq!(
        ext_list(r.into_extensions()),
        v.all("ext").collect::<Vec<_>>()
    );
    let requests: Vec<String> = exts
        .iter()
        .filter_map(|e| match e {
            Extension::KeyGenRequest(k) => {
                assert!(k.data.is_empty());
                Some(format!("{} {} {}", k.ty.0, k.subtype.0, k.mn_spi))
            }
            _ => None,
        })
        .collect();
    assert_eq!(requests, v.all("keygen_request").collect::<Vec<_>>());
    let mut out = vec![0u8; v.bytes.len()];
    let n = RequestHeader::parse(&r).emit(&mut out).unwrap();
    wire::emit_extensions(&exts, &mut out[n..]).unwrap();
    assert_eq!(out, v.bytes);

    // The reply.
    let v = Vector::load("rrp_keygen");
    let r = RegistrationReply::new_checked(leak(&v)).expect("reply");
    assert_eq!(
        ext_list(r.into_extensions()),
        v.all("ext").collect::<Vec<_>>()
    );
    let exts: Vec<Extension> = r.into_extensions().map(Result::unwrap).collect();
    let nai = unhex(v.get("nai"));
    let aaa_key = unhex(v.get("aaa_key"));
    let ha: Vec<&str> = v.get("mn_ha_reply").split(' ').collect();
    let fa: Vec<&str> = v.get("mn_fa_reply").split(' ').collect();
    let ha_nonce = unhex(ha[5]);
    let fa_nonce = unhex(fa[4]);
    let n = |s: &str| s.parse::<u32>().expect("number");
    let expect_ha = Extension::MnHaKeyGenReply(MnHaKeyGenReply {
        lifetime: n(ha[0]),
        data: KeyGenReplyData::Aaa(MnHaAaaKeyReply {
            aaa_spi: n(ha[1]),
            ha_spi: n(ha[2]),
            algorithm: KeyGenAlgorithm(n(ha[3]) as u16),
            replay_method: ReplayMethod(n(ha[4]) as u16),
            nonce: &ha_nonce,
        }),
    });
    let expect_fa = Extension::MnFaKeyGenReply(MnFaKeyGenReply {
        data: KeyGenReplyData::Aaa(MnFaAaaKeyReply {
            lifetime: n(fa[0]),
            aaa_spi: n(fa[1]),
            fa_spi: n(fa[2]),
            algorithm: KeyGenAlgorithm(n(fa[3]) as u16),
            nonce: &fa_nonce,
        }),
    });
    assert_eq!(exts[1], expect_ha);
    assert_eq!(exts[3], expect_fa);
    let (Extension::MnHaKeyGenReply(h), Extension::MnFaKeyGenReply(f)) = (exts[1], exts[3]) else {
        unreachable!()
    };
    assert_eq!(h.data.subtype(), KeyGenSubtype::AAA);
    assert_eq!(f.data.subtype(), KeyGenSubtype::AAA);
    let KeyGenReplyData::Aaa(ha_aaa) = h.data else {
        unreachable!()
    };
    assert_eq!(ha_aaa.algorithm, KeyGenAlgorithm::HMAC_MD5);
    assert_eq!(ha_aaa.replay_method, ReplayMethod::TIMESTAMPS);
    let mut out = vec![0u8; v.bytes.len()];
    let k = ReplyHeader::parse(&r).emit(&mut out).unwrap();
    wire::emit_extensions(&exts, &mut out[k..]).unwrap();
    assert_eq!(out, v.bytes);

    // RFC 3957 §5 key derivation, the NAI as the mobile node identifier.
    let mn_ha_key = derive_key(&aaa_key, &ha_nonce, MobileNodeIdentifier::Nai(&nai));
    let mn_fa_key = derive_key(&aaa_key, &fa_nonce, MobileNodeIdentifier::Nai(&nai));
    assert_eq!(hex(&mn_ha_key), v.get("mn_ha_key"));
    assert_eq!(hex(&mn_fa_key), v.get("mn_fa_key"));
    let keys = [
        (
            n(ha[2]),
            SecurityAssociation {
                algorithm: Algorithm::HmacMd5,
                key: &mn_ha_key,
            },
        ),
        (
            n(fa[2]),
            SecurityAssociation {
                algorithm: Algorithm::HmacMd5,
                key: &mn_fa_key,
            },
        ),
    ];
    for line in v.all("auth") {
        let a: Vec<&str> = line.split(' ').collect();
        let ty = ExtensionType(a[0].parse().expect("type"));
        assert_eq!(
            wire::verify_message(&v.bytes, REPLY_HEADER_LEN, ty, &keys[..]),
            Ok(n(a[1])),
            "{line}"
        );
    }
    // A nonce bit flipped changes the derived key, and the authenticator
    // computed with the old key no longer verifies under the new one.
    let mut flipped = ha_nonce.clone();
    flipped[0] ^= 1;
    let other = derive_key(&aaa_key, &flipped, MobileNodeIdentifier::Nai(&nai));
    assert_ne!(other, mn_ha_key);
    let wrong = [(
        n(ha[2]),
        SecurityAssociation {
            algorithm: Algorithm::HmacMd5,
            key: &other,
        },
    )];
    assert!(wire::verify_message(
        &v.bytes,
        REPLY_HEADER_LEN,
        ExtensionType::MN_HA_AUTH,
        &wrong[..]
    )
    .is_err());
}
