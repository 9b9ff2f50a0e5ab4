#!/usr/bin/env python3
"""Builds the Mobile IPv6 test vectors in this directory.

Run from this directory with scapy installed: `python3 make.py`.
Writes one raw IPv6 packet per `<name>.bin`, all of them in `mip6.pcap`
(LINKTYPE_RAW), `rr.txt` (return-routability values computed with Python's
hmac/hashlib) and `manifest.txt` (name, description). See README.md.

Three sources:
* `scapy_*`: bytes copied verbatim from scapy's own test suite
  (test/scapy/layers/inet6.uts, secdev/scapy commit ac38b273405b),
  including the deliberately wrong checksums 0x8899;
* `sc_*`: packets this script builds with scapy's MIPv6 layers;
* `pmip_*`: PMIPv6 options (RFC 5213 §8.3-§8.8), which scapy lacks, laid out
  here by hand from the RFC, carried in scapy-built BU/BA messages.
"""
import hashlib
import hmac
import struct

from scapy.all import (IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, HAO, Pad1, PadN,
                       MIP6MH_BRR, MIP6MH_BU, MIP6MH_BA, MIP6MH_HoT, MIP6MH_CoT,
                       MIP6MH_HoTI, MIP6MH_CoTI, MIP6OptBRAdvice, MIP6OptNonceIndices,
                       MIP6OptBindingAuthData, MIP6OptAltCoA, MIP6OptMNID, MIP6OptUnknown,
                       ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptAdvInterval,
                       ICMPv6NDOptHAInfo, ICMPv6NDOptMAP, ICMPv6HAADRequest,
                       ICMPv6HAADReply, ICMPv6MPSol, ICMPv6MPAdv, wrpcap, raw)
import scapy

vectors = []  # (name, description, bytes)


def add(name, desc, pkt):
    b = pkt if isinstance(pkt, bytes) else raw(pkt)
    vectors.append((name, desc, b))


# ---------------------------------------------------------------- scapy suite
add("scapy_brr_default", "BRR, default values; checksum 0x68fb valid",
    b'`\x00\x00\x00\x00\x08\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x00\x00\x00h\xfb\x00\x00')
add("scapy_brr_specific", "BRR, payload proto 0xff, reserved 0xee/0xaaaa, unknown option 7, Pad1, PadN, Alt-CoA; checksum 0xec24 valid",
    b'`\x00\x00\x00\x00(\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\xff\x04\x00\xee\xec$\xaa\xaa\x07\x07\x02\x00\x00\x00\x00\x00\x00\x00\x01\x02\x00\x00\x03\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_hoti_default", "HoTI, default values; checksum 0x67f2 valid",
    b'`\x00\x00\x00\x00\x10\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x01\x01\x00g\xf2\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_hoti_badcksum", "HoTI, reserved 0x77, cookie 0xaa*8; checksum 0x8899 WRONG",
    b'`\x00\x00\x00\x00\x10\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x01\x01w\x88\x99\x00\x00\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa')
add("scapy_coti_default", "CoTI, default values; checksum 0x66f2 valid",
    b'`\x00\x00\x00\x00\x10\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x01\x02\x00f\xf2\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_coti_badcksum", "CoTI, reserved 0x77, cookie 0xaa*8; checksum 0x8899 WRONG",
    b'`\x00\x00\x00\x00\x10\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x01\x02w\x88\x99\x00\x00\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa')
add("scapy_hot_default", "HoT, default values; checksum 0x65e9 valid",
    b'`\x00\x00\x00\x00\x18\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x02\x03\x00e\xe9\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_hot_badcksum", "HoT, index 0xaabb, cookie 0xaa*8, token 0xcc*8; checksum 0x8899 WRONG",
    b'`\x00\x00\x00\x00\x18\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x02\x03w\x88\x99\xaa\xbb\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xcc\xcc\xcc\xcc\xcc\xcc\xcc\xcc')
add("scapy_cot_default", "CoT, default values; checksum 0x64e9 valid",
    b'`\x00\x00\x00\x00\x18\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x02\x04\x00d\xe9\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_cot_badcksum", "CoT, index 0xaabb, cookie 0xaa*8, token 0xcc*8; checksum 0x8899 WRONG",
    b'`\x00\x00\x00\x00\x18\x87@ \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02;\x02\x04w\x88\x99\xaa\xbb\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xcc\xcc\xcc\xcc\xcc\xcc\xcc\xcc')
add("scapy_bu_hao_default", "BU (A H K, lifetime 3) after a Destination Options header with HAO ::; checksum 0xee60 valid with HAO as source",
    b'`\x00\x00\x00\x00(<@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x87\x02\x01\x02\x00\x00\xc9\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00;\x01\x05\x00\xee`\x00\x00\xd0\x00\x00\x03\x01\x02\x00\x00')
add("scapy_bu_hao_altcoa_mnp", "BU lifetime 42 with HAO 2001:db8::cafe, Alt-CoA and NEMO Mobile Network Prefix (type 6, unknown to roam); checksum 0xeaf2 valid with HAO as source",
    b'`\x00\x00\x00\x00P<@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x87\x02\x01\x02\x00\x00\xc9\x10 \x01\r\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xca\xfe;\x06\x05\x00\xea\xf2\x00\x00\xd0\x00\x00*\x01\x00\x03\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x02\x00\x00\x06\x12\x00@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')
add("scapy_ba", "BA status 0, K, lifetime 42; checksum 0xbcb9 valid",
    b'`\x00\x00\x00\x00\x10\x87@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01;\x01\x06\x00\xbc\xb9\x00\x80\x00\x00\x00*\x01\x02\x00\x00')
add("scapy_be", "BE status 2, home address 1::2; checksum 0xbb59 valid",
    b'`\x00\x00\x00\x00\x18\x87@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01;\x02\x07\x00\xbbY\x02\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02')
add("scapy_mps", "Mobile Prefix Solicitation id 0; checksum 0x6dbb valid",
    b'`\x00\x00\x00\x00\x08:@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x92\x00m\xbb\x00\x00\x00\x00')
add("scapy_mpa", "Mobile Prefix Advertisement with one Prefix Information option; checksum 0xa8d6 valid",
    b'`\x00\x00\x00\x00(:@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x93\x00\xa8\xd6\x00\x00\x80\x00\x03\x04@\xc0\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')

# ------------------------------------------------------------ scapy-built
HOA = "2001:db8:1::100"
COA = "2001:db8:77::100"
HA = "2001:db8:1::1"
CN = "2001:db8:99::5"
MAP = "2001:db8:aa::1"
LCOA = "2001:db8:bb::100"
RCOA = "2001:db8:aa::100"

# The bench case: a home registration from the care-of address.
add("sc_bu_home", "Home registration BU (A H K, seq 4242, 600 s) from the CoA with HAO; no options",
    IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) /
    MIP6MH_BU(seq=4242, flags="AHK", mhtime=150))
add("sc_ba_home", "BA accepted (K) to the MN through a type 2 Routing Header, with Binding Refresh Advice 120 s",
    IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1) /
    MIP6MH_BA(status=0, flags="K", seq=4242, mhtime=150, options=[MIP6OptBRAdvice(rinter=30)]))
add("sc_ba_reject", "BA status 135 (sequence out of window), seq 4000, lifetime 0",
    IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1) /
    MIP6MH_BA(status=135, flags=0, seq=4000, mhtime=0))
add("sc_brr_rh2", "Binding Refresh Request from a restarted HA to the CoA with a type 2 RH carrying the HoA (seed 003)",
    IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1) / MIP6MH_BRR())
add("sc_bu_map", "HMIPv6 local BU to the MAP (A M flags) from the LCoA with HAO = RCoA",
    IPv6(src=LCOA, dst=MAP) / IPv6ExtHdrDestOpt(options=[HAO(hoa=RCOA)]) /
    MIP6MH_BU(seq=7, flags="AM", mhtime=75))
add("sc_bu_altcoa", "Home registration BU with an Alternate Care-of Address option (8n+6)",
    IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) /
    MIP6MH_BU(seq=9, flags="AH", mhtime=150, options=[MIP6OptAltCoA(acoa=COA)]))

# ND for mobility: RA with the H bit, prefix with R, Adv Interval, HA Info, MAP.
add("sc_ra_mobility", "Router Advertisement from a home agent: H bit, Prefix Information with R, Advertisement Interval, Home Agent Information, MAP option",
    IPv6(src="fe80::1", dst="ff02::1", hlim=255) /
    ICMPv6ND_RA(H=1, routerlifetime=1800) /
    ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::1", prefixlen=64, R=1) /
    ICMPv6NDOptAdvInterval(advint=1500) /
    ICMPv6NDOptHAInfo(pref=10, lifetime=1800) /
    ICMPv6NDOptMAP(dist=1, pref=15, R=1, validlifetime=3600, addr=MAP))
add("sc_haad_request", "DHAAD Request id 42 (R flag clear)",
    IPv6(src=COA, dst="2001:db8:1::fdff:ffff:ffff:fffe") / ICMPv6HAADRequest(id=42, R=0))
add("sc_haad_reply", "DHAAD Reply id 42 with two home agents",
    IPv6(src=HA, dst=COA) / ICMPv6HAADReply(id=42, R=0, addresses=[HA, "2001:db8:1::2"]))
add("sc_mps", "Mobile Prefix Solicitation id 7 from the CoA with HAO",
    IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / ICMPv6MPSol(id=7))
add("sc_mpa", "Mobile Prefix Advertisement id 7 (M flag) with a Prefix Information option, through a type 2 RH",
    IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1) /
    ICMPv6MPAdv(id=7, flags=2) / ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::", prefixlen=64, R=1))

# ------------------------------------------------------------ return routability
KCN = bytes(range(0x10, 0x10 + 20))
HOME_NONCE = bytes.fromhex("0102030405060708")
CARE_OF_NONCE = bytes.fromhex("1112131415161718")
ip6 = lambda a: IPv6(src=a).fields["src"] and __import__("ipaddress").IPv6Address(a).packed
hoa_b, coa_b, cn_b = ip6(HOA), ip6(COA), ip6(CN)
home_token = hmac.new(KCN, hoa_b + HOME_NONCE + b"\x00", hashlib.sha1).digest()[:8]
care_of_token = hmac.new(KCN, coa_b + CARE_OF_NONCE + b"\x01", hashlib.sha1).digest()[:8]
kbm = hashlib.sha1(home_token + care_of_token).digest()
kbm_dereg = hashlib.sha1(home_token).digest()

add("sc_hoti_rr", "HoTI from the MN (via the HA tunnel: source HoA) to the CN, cookie 0x5555...",
    IPv6(src=HOA, dst=CN) / MIP6MH_HoTI(cookie=b"\x55" * 8))
add("sc_hot_rr", "HoT from the CN, home nonce index 3, the home keygen token of rr.txt",
    IPv6(src=CN, dst=HOA) / MIP6MH_HoT(index=3, cookie=b"\x55" * 8, token=home_token))
add("sc_coti_rr", "CoTI from the CoA to the CN, cookie 0x6666...",
    IPv6(src=COA, dst=CN) / MIP6MH_CoTI(cookie=b"\x66" * 8))
add("sc_cot_rr", "CoT from the CN, care-of nonce index 4, the care-of keygen token of rr.txt",
    IPv6(src=CN, dst=COA) / MIP6MH_CoT(index=4, cookie=b"\x66" * 8, token=care_of_token))

# BU to the CN with Nonce Indices and Binding Authorization Data. Build with a
# zero authenticator, compute MH Data (checksum zero, authenticator
# excluded, RFC 6275 §6.2.7) then rebuild with the authenticator.
def rr_bu(auth):
    return (IPv6(src=COA, dst=CN) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) /
            MIP6MH_BU(seq=100, flags="A", mhtime=100,
                      options=[MIP6OptNonceIndices(olen=4, hni=3, coni=4),
                               MIP6OptBindingAuthData(olen=12, authenticator=auth)]))

mh = bytearray(raw(rr_bu(0)[MIP6MH_BU]))
mh[4:6] = b"\x00\x00"
# Find the BAD option (type 5, length 12) in the options after offset 12.
i = 12
while mh[i] != 5:
    i += 1 if mh[i] == 0 else 2 + mh[i + 1]
auth_at = i + 2
assert mh[i + 1] == 12 and auth_at % 8 == 4  # 8n+2 option, data at 8n+4
mh_data = bytes(mh[:auth_at]) + bytes(mh[auth_at + 12:])
authenticator = hmac.new(kbm, coa_b + cn_b + mh_data, hashlib.sha1).digest()[:12]
add("sc_bu_rr", "BU to the CN (A, seq 100) with Nonce Indices 3/4 and Binding Authorization Data from rr.txt",
    rr_bu(int.from_bytes(authenticator, "big")))

with open("rr.txt", "w") as f:
    f.write("# Return routability (RFC 6275 §5.2.5), computed by make.py with Python hmac/hashlib.\n")
    for k, v in [("kcn", KCN), ("home_nonce", HOME_NONCE), ("care_of_nonce", CARE_OF_NONCE),
                 ("home_address", hoa_b), ("care_of_address", coa_b), ("correspondent", cn_b),
                 ("home_keygen_token", home_token), ("care_of_keygen_token", care_of_token),
                 ("kbm", kbm), ("kbm_deregistration", kbm_dereg), ("mh_data", mh_data),
                 ("authenticator", authenticator)]:
        f.write(f"{k} = {v.hex()}\n")

# ------------------------------------------------------------ PMIPv6 by hand
def align_pad(pos, n, y):
    if n == 0:
        return 0
    return (y - pos) % n


def pad_opts(k):
    if k == 0:
        return []
    if k == 1:
        return [Pad1()]
    return [PadN(optdata=b"\x00" * (k - 2))]


def laid_out(opts, start=12):
    """opts: (type, data bytes, (n, y)); returns scapy options with padding."""
    out, pos = [], start
    for t, d, (n, y) in opts:
        k = align_pad(pos, n, y)
        out += pad_opts(k)
        pos += k
        out.append(MIP6OptUnknown(otype=t, olen=len(d), odata=d))
        pos += 2 + len(d)
    out += pad_opts((8 - pos % 8) % 8)
    return out


MAG = "2001:db8:cc::1"
LMA = "2001:db8:dd::1"
NAI = b"mn1@example.org"
HNP = __import__("ipaddress").IPv6Address("2001:db8:5::").packed
LLA = __import__("ipaddress").IPv6Address("fe80::a").packed
TS = struct.pack("!Q", (1_700_000_000 << 16) | 0x8000)
pbu_opts = [
    (8, b"\x01" + NAI, (0, 0)),                 # MN Identifier, NAI (RFC 4283 §3)
    (22, b"\x00\x40" + HNP, (8, 4)),            # HNP: reserved, /64 (RFC 5213 §8.3)
    (23, b"\x00\x01", (0, 0)),                  # Handoff Indicator: 1 new interface (§8.4)
    (24, b"\x00\x04", (0, 0)),                  # ATT: 4 IEEE 802.11a/b/g (§8.5)
    (25, b"\x00\x00" + bytes.fromhex("020000aabbcc"), (8, 2)),  # MN LL-ID (§8.6)
    (26, LLA, (8, 6)),                          # Link-local Address (§8.7)
    (27, TS, (8, 2)),                           # Timestamp (§8.8)
]
add("pmip_pbu", "PMIPv6 Proxy Binding Update (A H P, seq 11, 3600 s) MAG to LMA with MN-ID, HNP, HI, ATT, MN-LLI, LLA, Timestamp",
    IPv6(src=MAG, dst=LMA) / MIP6MH_BU(seq=11, flags="AHP", mhtime=900, autopad=0,
                                       options=laid_out(pbu_opts)))
pba_opts = [
    (8, b"\x01" + NAI, (0, 0)),
    (22, b"\x00\x40" + HNP, (8, 4)),
    (23, b"\x00\x01", (0, 0)),
    (24, b"\x00\x04", (0, 0)),
    (27, TS, (8, 2)),
]
add("pmip_pba", "PMIPv6 Proxy Binding Acknowledgement (status 0, K=0 P, seq 11, 3600 s) with MN-ID, HNP, HI, ATT, Timestamp",
    IPv6(src=LMA, dst=MAG) / MIP6MH_BA(status=0, flags="P", seq=11, mhtime=900, autopad=0,
                                       options=laid_out(pba_opts)))
add("pmip_pba_reject", "PMIPv6 PBA status 154 (MAG_NOT_AUTHORIZED_FOR_PROXY_REG) with MN-ID",
    IPv6(src=LMA, dst=MAG) / MIP6MH_BA(status=154, flags="P", seq=12, mhtime=0, autopad=0,
                                       options=laid_out([(8, b"\x01" + NAI, (0, 0))])))

# ------------------------------------------------------------ checksums
from scapy.layers.inet6 import _MobilityHeader, _ICMPv6


def checksum_status(b):
    """'valid' or 'invalid': the Internet checksum over the RFC 8200 §8.1
    pseudo-header, with the source taken from a Home Address option
    (RFC 6275 §6.3) and the destination from a Routing Header with Segments
    Left > 0 (the final destination), computed with scapy's checksum()."""
    from scapy.utils import checksum
    from scapy.layers.inet6 import inet_pton, socket
    ip = IPv6(b)
    src, dst = ip.src, ip.dst
    layer = ip.payload
    while layer and not isinstance(layer, (_MobilityHeader, _ICMPv6)):
        if isinstance(layer, IPv6ExtHdrDestOpt):
            for o in layer.options:
                if isinstance(o, HAO):
                    src = o.hoa
        if isinstance(layer, IPv6ExtHdrRouting) and layer.segleft > 0:
            dst = layer.addresses[-1]
        layer = layer.payload
    at = len(b) - len(raw(layer))
    upper = b[at:]
    nh = 135 if isinstance(layer, _MobilityHeader) else 58
    ph = (inet_pton(socket.AF_INET6, src) + inet_pton(socket.AF_INET6, dst) +
          struct.pack("!I", len(upper)) + b"\x00\x00\x00" + bytes([nh]))
    return "valid" if checksum(ph + upper) == 0 else "invalid"


# ------------------------------------------------------------ write
with open("manifest.txt", "w") as f:
    f.write(f"# name | checksum (pseudo-header with HAO/RH2 addresses) | description (scapy {scapy.VERSION})\n")
    for name, desc, b in vectors:
        with open(f"{name}.bin", "wb") as g:
            g.write(b)
        f.write(f"{name} | {checksum_status(b)} | {desc}\n")
wrpcap("mip6.pcap", [IPv6(b) for _, _, b in vectors], linktype=101)
print(f"{len(vectors)} vectors")
