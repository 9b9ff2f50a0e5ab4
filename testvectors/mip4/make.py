#!/usr/bin/env python3
"""Generates the Mobile IPv4 test vectors of roam.

* Base messages: scapy's MobileIP / MobileIPRRQ / MobileIPRRP layers.
* Extensions: laid out by hand below from the RFC figures (RFC 5944 §3.5,
  RFC 2794 §2, RFC 4721 §4/§5, RFC 3115 §2-3, RFC 3519 §3.1, RFC 3543 §3.3,
  RFC 3024 §5.3.1, RFC 3957 §6.1-6.4); scapy has no extension layers.
* Authenticators: Python's hmac/hashlib (HMAC-MD5, RFC 2002 keyed MD5,
  RFC 4721 §8 CHAP); RFC 3957 §5 derived keys with hmac/hashlib HMAC-SHA1.
* The RFC 3957 vectors (kind "gap") are written to tshark_gap/<name>.pcap:
  tshark 4.0 reads types 40-43 as one-byte-length extensions.
* Agent discovery: ICMP laid out by hand (RFC 1256 + RFC 5944 §2.1), checksum
  from scapy.utils.checksum.
* Every message is wrapped in Ether/IPv4/UDP 434 (or ICMP) in <name>.pcap
  for tshark; <name>.bin is the UDP (or ICMP) payload alone; <name>.fields
  holds the values the tests compare roam's parse against, one "key value"
  per line (hex for byte strings).

Run: python3 make.py  (writes into this directory)
"""
import hashlib
import hmac
import os
import struct

from scapy.all import Ether, IP, UDP, Raw, wrpcap, ICMP
from scapy.layers.mobileip import MobileIP, MobileIPRRQ, MobileIPRRP
from scapy.utils import checksum

HERE = os.path.dirname(os.path.abspath(__file__))

MN_HA_KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
MN_FA_KEY = b"mn-fa shared secret"
FA_HA_KEY = b"fa-ha key"
MN_AAA_KEY = b"mn-aaa long-term secret"


def ext(ty, body):
    """Short-form extension: Type(1) Length(1) body."""
    assert len(body) < 256
    return bytes([ty, len(body)]) + body


def auth_ext_header(ty, spi):
    """Type, Length (4 + 16), SPI of an MN-HA/MN-FA/FA-HA extension."""
    return bytes([ty, 20]) + struct.pack("!I", spi)


def add_auth(msg, ty, spi, key, keyed_md5=False):
    """Appends an authentication extension computed per RFC 5944 §3.5.1."""
    protected = msg + auth_ext_header(ty, spi)
    if keyed_md5:
        a = hashlib.md5(key + protected + key).digest()
    else:
        a = hmac.new(key, protected, hashlib.md5).digest()
    return protected + a, a


def add_mn_aaa_chap(msg, spi, key, challenge):
    """Generalized auth, subtype 1 (MN-AAA), CHAP_SPI (RFC 4721 §5, §8)."""
    hdr = bytes([36, 1]) + struct.pack("!H", 20) + struct.pack("!I", spi)
    protected = msg + hdr
    inner = hashlib.md5(protected).digest()
    # RFC 4721 §8: "High-order octet from Challenge || Key || MD5(Preceding
    # Mobile IP data || Type, Subtype (if present), Length, SPI) ||
    # Least-order 237 octets from Challenge"; a challenge shorter than 238
    # octets is used whole, its first octet hashed twice.
    a = hashlib.md5(challenge[:1] + key + inner + challenge[-237:]).digest()
    return protected + a, a


def long_ext(ty, subtype, body):
    """Long-form extension: Type(1) Sub-Type(1) Length(2) body."""
    return bytes([ty, subtype]) + struct.pack("!H", len(body)) + body


def derive_key(aaa_key, nonce, mn_id):
    """RFC 3957 §5: key = HMAC-SHA1(AAA-key, Key Generation Nonce || mobile
    node identifier), the identifier being the NAI of the Request."""
    return hmac.new(aaa_key, nonce + mn_id, hashlib.sha1).digest()


def rrq(flags, lifetime, hoa, ha, coa, ident):
    return bytes(MobileIP(type=1) / MobileIPRRQ(flags=flags, lifetime=lifetime,
                 homeaddr=hoa, haaddr=ha, coaddr=coa, id=ident))


def rrp(code, lifetime, hoa, ha, ident):
    # scapy's MobileIPRRP has no Code field before lifetime in some versions;
    # build the 20 bytes from the layer and check the layout below.
    b = bytes(MobileIP(type=3) / MobileIPRRP(code=code, lifetime=lifetime,
              homeaddr=hoa, haaddr=ha, id=ident))
    return b


VECTORS = []


def vector(name, payload, fields, kind="udp"):
    VECTORS.append((name, payload, fields, kind))


def common_rrq_fields(f, flags, lifetime, hoa, ha, coa, ident):
    f += [("type", 1), ("flags", flags), ("lifetime", lifetime),
          ("home_address", hoa), ("home_agent", ha), ("care_of_address", coa),
          ("identification", "%016x" % ident)]


# 1. rrq_nai_mnha: the bench case. NAI then MN-HA (HMAC-MD5).
hoa, ha, coa = "10.1.0.20", "10.1.0.1", "192.0.2.10"
ident = 0xE88A2B4012345678
m = rrq(0x02, 1800, hoa, ha, coa, ident)
nai = b"mn1@example.net"
m += ext(131, nai)
m, a = add_auth(m, 32, 0x100, MN_HA_KEY)
f = []
common_rrq_fields(f, 0x02, 1800, hoa, ha, coa, ident)
f += [("ext", "131 %d" % len(nai)), ("nai", nai.hex()),
      ("ext", "32 20"), ("auth_type", 32), ("spi", 0x100), ("key", MN_HA_KEY.hex()),
      ("alg", "hmac-md5"), ("authenticator", a.hex()),
      ("protected_len", len(m) - 16)]
vector("rrq_nai_mnha", m, f)

# 2. rrq_keyed_md5: RFC 2002 prefix+suffix keyed MD5 MN-HA, flags S B D G.
ident2 = 0xE88A2B4100000001
m = rrq(0xE8, 600, "10.1.0.21", ha, "10.1.0.21", ident2)
m, a = add_auth(m, 32, 0x1234, MN_HA_KEY, keyed_md5=True)
f = []
common_rrq_fields(f, 0xE8, 600, "10.1.0.21", ha, "10.1.0.21", ident2)
f += [("ext", "32 20"), ("auth_type", 32), ("spi", 0x1234), ("key", MN_HA_KEY.hex()),
      ("alg", "keyed-md5"), ("authenticator", a.hex()), ("protected_len", len(m) - 16)]
vector("rrq_keyed_md5", m, f)

# 3. rrq_challenge_mnaaa: first registration with AAA (seed 001 M2):
#    MN-NAI, MN-FA Challenge, MN-AAA (CHAP_SPI = 2). Home address 0.0.0.0.
ident3 = 0xE88A2B4200000000
challenge = bytes.fromhex("a1b2c3d4e5f60718")
m = rrq(0x02, 3600, "0.0.0.0", "10.1.0.1", "192.0.2.10", ident3)
m += ext(131, b"user@home.example")
m += ext(132, challenge)
m, a = add_mn_aaa_chap(m, 2, MN_AAA_KEY, challenge)
f = []
common_rrq_fields(f, 0x02, 3600, "0.0.0.0", "10.1.0.1", "192.0.2.10", ident3)
f += [("ext", "131 17"), ("nai", b"user@home.example".hex()),
      ("ext", "132 8"), ("challenge", challenge.hex()),
      ("ext", "36 20"), ("auth_type", 36), ("subtype", 1), ("spi", 2),
      ("key", MN_AAA_KEY.hex()), ("alg", "chap"), ("authenticator", a.hex()),
      ("protected_len", len(m) - 16)]
vector("rrq_challenge_mnaaa", m, f)

# 3b. rrq_keygen: first registration asking AAA for both keys (RFC 3957 §3
#     steps 1-3): MN-NAI, MN-HA KeyGen Request and MN-FA KeyGen Request
#     (AAA subtype, no subtype data, §6.3/§6.1) before the MN-FA Challenge
#     and MN-AAA (CHAP_SPI).
ident_kg = 0xE88A2B4400000000
kg_nai = b"user@home.example"
m = rrq(0x02, 3600, "0.0.0.0", "10.1.0.1", "192.0.2.10", ident_kg)
m += ext(131, kg_nai)
m += long_ext(42, 1, struct.pack("!I", 0x1001))   # MN-HA KeyGen Request, MN SPI
m += long_ext(40, 1, struct.pack("!I", 0x2002))   # MN-FA KeyGen Request, MN SPI
m += ext(132, challenge)
m, a = add_mn_aaa_chap(m, 2, MN_AAA_KEY, challenge)
f = []
common_rrq_fields(f, 0x02, 3600, "0.0.0.0", "10.1.0.1", "192.0.2.10", ident_kg)
f += [("ext", "131 17"), ("ext", "42 4"), ("ext", "40 4"), ("ext", "132 8"),
      ("ext", "36 20"), ("nai", kg_nai.hex()),
      ("keygen_request", "42 1 %d" % 0x1001), ("keygen_request", "40 1 %d" % 0x2002),
      ("challenge", challenge.hex()),
      ("auth_type", 36), ("subtype", 1), ("spi", 2), ("key", MN_AAA_KEY.hex()),
      ("alg", "chap"), ("authenticator", a.hex()), ("protected_len", len(m) - 16)]
vector("rrq_keygen", m, f, kind="gap")

# 3c. rrp_keygen: the reply (RFC 3957 §3 steps 7-10): MN-NAI, MN-HA AAA
#     KeyGen Reply (§6.4: Lifetime, then AAA SPI, HA SPI, Algorithm
#     Identifier 1 = HMAC-MD5, Replay Method 2 = timestamps, nonce), MN-HA
#     authentication with the derived MN-HA key, MN-FA AAA KeyGen Reply (§6.2:
#     Lifetime, AAA SPI, FA SPI, Algorithm Identifier 1, nonce), MN-FA
#     authentication with the derived MN-FA key. Keys: RFC 3957 §5, the NAI of
#     rrq_keygen as the mobile node identifier.
AAA_SPI = 1000
ha_nonce = bytes.fromhex("4f1c0e2b3a59687786a5b4c3d2e1f009")
fa_nonce = bytes.fromhex("0123456789abcdeffedcba9876543210")
mn_ha_key = derive_key(MN_AAA_KEY, ha_nonce, kg_nai)
mn_fa_key = derive_key(MN_AAA_KEY, fa_nonce, kg_nai)
m = rrp(0, 3600, hoa, ha, ident_kg)
m += ext(131, kg_nai)
m += long_ext(43, 1, struct.pack("!IIIHH", 3600, AAA_SPI, 0x1001, 1, 2) + ha_nonce)
m, a_ha = add_auth(m, 32, 0x1001, mn_ha_key)
m += long_ext(41, 1, struct.pack("!IIIH", 3600, AAA_SPI, 0x2002, 1) + fa_nonce)
m, a_fa = add_auth(m, 33, 0x2002, mn_fa_key)
f = [("type", 3), ("code", 0), ("lifetime", 3600), ("home_address", hoa),
     ("home_agent", ha), ("identification", "%016x" % ident_kg),
     ("ext", "131 17"), ("ext", "43 32"), ("ext", "32 20"), ("ext", "41 30"),
     ("ext", "33 20"), ("nai", kg_nai.hex()), ("aaa_key", MN_AAA_KEY.hex()),
     ("mn_ha_reply", "3600 %d %d 1 2 %s" % (AAA_SPI, 0x1001, ha_nonce.hex())),
     ("mn_fa_reply", "3600 %d %d 1 %s" % (AAA_SPI, 0x2002, fa_nonce.hex())),
     ("mn_ha_key", mn_ha_key.hex()), ("mn_fa_key", mn_fa_key.hex()),
     ("auth", "32 %d %s %s" % (0x1001, mn_ha_key.hex(), a_ha.hex())),
     ("auth", "33 %d %s %s" % (0x2002, mn_fa_key.hex(), a_fa.hex()))]
vector("rrp_keygen", m, f, kind="gap")

# 4. rrq_full: relayed by an FA (seed 001 M7/M8 shapes plus the others):
#    NAI, UDP Tunnel Request, Revocation Support, Encapsulating Delivery
#    Style, NVSE, CVSE, an unknown skippable 200, MN-HA, MN-FA Challenge,
#    MN-FA auth, FA-HA auth.
ident4 = 0xE88A2B4300000042
m = rrq(0x0A, 1200, hoa, ha, coa, ident4)
m += ext(131, nai)
m += ext(144, bytes([0, 0, 0x80, 4]) + b"\x00\x00")        # F, encap 4 (IP in IP)
m += ext(137, struct.pack("!HI", 0x8000, 0x5F5E100))        # I flag, timestamp
m += ext(130, b"")
m += ext(134, struct.pack("!HIH", 0, 5535, 16) + b"\x00\x01")  # 3GPP2 NVSE 16
m += bytes([38, 0]) + struct.pack("!H", 8) + struct.pack("!IH", 0x9999, 7) + b"\xca\xfe"
m += ext(200, b"\x01\x02\x03")
m, a_mnha = add_auth(m, 32, 0x100, MN_HA_KEY)
m += ext(132, challenge)
m, a_mnfa = add_auth(m, 33, 0x200, MN_FA_KEY)
mnfa_protected = len(m) - 16
m, a_faha = add_auth(m, 34, 0x300, FA_HA_KEY)
f = []
common_rrq_fields(f, 0x0A, 1200, hoa, ha, coa, ident4)
f += [("ext", "131 15"), ("ext", "144 6"), ("ext", "137 6"), ("ext", "130 0"),
      ("ext", "134 10"), ("ext", "38 8"), ("ext", "200 3"), ("ext", "32 20"),
      ("ext", "132 8"), ("ext", "33 20"), ("ext", "34 20"),
      ("nai", nai.hex()), ("challenge", challenge.hex()),
      ("udp_tunnel_flags", 0x80), ("udp_tunnel_encap", 4),
      ("revocation_flags", 0x8000), ("revocation_timestamp", 0x5F5E100),
      ("nvse_vendor", 5535), ("nvse_type", 16), ("nvse_value", "0001"),
      ("cvse_vendor", 0x9999), ("cvse_type", 7), ("cvse_value", "cafe"),
      ("skipped", "200 010203"),
      ("auth", "32 %d %s %s" % (0x100, MN_HA_KEY.hex(), a_mnha.hex())),
      ("auth", "33 %d %s %s" % (0x200, MN_FA_KEY.hex(), a_mnfa.hex())),
      ("auth", "34 %d %s %s" % (0x300, FA_HA_KEY.hex(), a_faha.hex()))]
vector("rrq_full", m, f)

# 5. rrp_accept_mnha: HA reply, code 0, MN-HA.
m = rrp(0, 1800, hoa, ha, 0xE88A2B4012345678)
m, a = add_auth(m, 32, 0x100, MN_HA_KEY)
f = [("type", 3), ("code", 0), ("lifetime", 1800), ("home_address", hoa),
     ("home_agent", ha), ("identification", "%016x" % 0xE88A2B4012345678),
     ("ext", "32 20"), ("auth_type", 32), ("spi", 0x100), ("key", MN_HA_KEY.hex()),
     ("alg", "hmac-md5"), ("authenticator", a.hex()), ("protected_len", len(m) - 16)]
vector("rrp_accept_mnha", m, f)

# 6. rrp_133: identification mismatch; high 32 bits HA time, low 32 copied.
resync = (0xE88A2C00 << 32) | 0x12345678
m = rrp(133, 0, hoa, ha, resync)
m, a = add_auth(m, 32, 0x100, MN_HA_KEY)
f = [("type", 3), ("code", 133), ("lifetime", 0), ("home_address", hoa),
     ("home_agent", ha), ("identification", "%016x" % resync),
     ("ext", "32 20"), ("auth_type", 32), ("spi", 0x100), ("key", MN_HA_KEY.hex()),
     ("alg", "hmac-md5"), ("authenticator", a.hex()), ("protected_len", len(m) - 16)]
vector("rrp_133", m, f)

# 7. agent_adv: ICMP Router Advertisement (type 9, code 0) with one router
#    address, Mobility Agent Advertisement (16) with two CoAs, Prefix-Lengths
#    (19), one-byte padding (0), Challenge (24). RFC 1256 §3 + RFC 5944 §2.1.
def icmp_adv(code, lifetime, routers, exts):
    body = struct.pack("!BBHBBH", 9, code, 0, len(routers), 2, lifetime)
    for addr, pref in routers:
        body += bytes(int(x) for x in addr.split(".")) + struct.pack("!i", pref)
    body += exts
    c = checksum(body)
    return body[:2] + struct.pack("!H", c) + body[4:]


coas = ["192.0.2.10", "192.0.2.11"]
mext = bytes([16, 6 + 4 * len(coas)]) + struct.pack("!HHH", 7, 1800, 0x1080 | 0x0100)
for c_ in coas:
    mext += bytes(int(x) for x in c_.split("."))
adv_exts = mext + bytes([19, 1, 24]) + bytes([0]) + bytes([24, 8]) + challenge
m = icmp_adv(0, 1800, [("192.0.2.1", 0)], adv_exts)
f = [("icmp_type", 9), ("icmp_code", 0), ("num_addrs", 1), ("lifetime", 1800),
     ("router", "192.0.2.1 0"), ("adv_ext", "16 14"), ("seq", 7), ("reg_lifetime", 1800),
     ("adv_flags", 0x1180), ("coa", "192.0.2.10"), ("coa", "192.0.2.11"),
     ("adv_ext", "19 1"), ("prefix_lengths", "18"), ("adv_ext", "0 0"),
     ("adv_ext", "24 8"), ("challenge", challenge.hex())]
vector("agent_adv", m, f, kind="icmp")

# 8. agent_adv_code16: code 16 (not a router for common traffic), no router
#    addresses, home agent only (H flag), one CoA-less mobility extension.
mext = bytes([16, 6]) + struct.pack("!HHH", 0xFFFF, 0xFFFF, 0x2000)
m = icmp_adv(16, 9000, [], mext)
f = [("icmp_type", 9), ("icmp_code", 16), ("num_addrs", 0), ("lifetime", 9000),
     ("adv_ext", "16 6"), ("seq", 0xFFFF), ("reg_lifetime", 0xFFFF), ("adv_flags", 0x2000)]
vector("agent_adv_code16", m, f, kind="icmp")

# 9. agent_sol: Agent Solicitation = ICMP Router Solicitation (type 10).
body = struct.pack("!BBHI", 10, 0, 0, 0)
m = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
vector("agent_sol", m, [("icmp_type", 10), ("icmp_code", 0)], kind="icmp")


# 10. revocation / revocation_ack: RFC 3543 §3.1-3.2, laid out by hand,
#     protected by FA-HA authentication (HMAC-MD5).
m = struct.pack("!BBH", 7, 0, 0xC000) + bytes([10, 1, 0, 20, 10, 1, 0, 1, 192, 0, 2, 1]) \
    + struct.pack("!I", 0x5F5E101)
m, a = add_auth(m, 34, 0x300, FA_HA_KEY)
vector("revocation", m, [("type", 7), ("rev_flags", 0xC000), ("home_address", "10.1.0.20"),
                         ("hda", "10.1.0.1"), ("fda", "192.0.2.1"), ("revocation_id", 0x5F5E101),
                         ("ext", "34 20"), ("authenticator", a.hex())])
m = struct.pack("!BBH", 15, 0, 0x8000) + bytes([10, 1, 0, 20]) + struct.pack("!I", 0x5F5E101)
m, a = add_auth(m, 34, 0x300, FA_HA_KEY)
vector("revocation_ack", m, [("type", 15), ("ack_flags", 0x8000), ("home_address", "10.1.0.20"),
                             ("revocation_id", 0x5F5E101), ("ext", "34 20"),
                             ("authenticator", a.hex())])


def write():
    for name, payload, fields, kind in VECTORS:
        with open(os.path.join(HERE, name + ".bin"), "wb") as fh:
            fh.write(payload)
        with open(os.path.join(HERE, name + ".fields"), "w") as fh:
            fh.write("# %s: values recorded by make.py (see README)\n" % name)
            fh.write("len %d\n" % len(payload))
            for k, v in fields:
                fh.write("%s %s\n" % (k, v))
        eth = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02")
        out = HERE
        if kind in ("udp", "gap"):
            pkt = eth / IP(src="192.0.2.10", dst="10.1.0.1") / UDP(sport=434, dport=434) / Raw(payload)
            if kind == "gap":
                out = os.path.join(HERE, "tshark_gap")
                os.makedirs(out, exist_ok=True)
        else:
            pkt = eth / IP(src="192.0.2.1", dst="224.0.0.1", ttl=1, proto=1) / Raw(payload)
        # A fixed capture time, so that re-running make.py rewrites the same
        # bytes.
        pkt.time = 1700000000
        wrpcap(os.path.join(out, name + ".pcap"), [pkt])


if __name__ == "__main__":
    write()
    print("wrote %d vectors" % len(VECTORS))
