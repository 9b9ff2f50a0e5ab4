#!/usr/bin/env python3
"""Writes the policy test vectors by hand from the TLV table in
src/policy/wire.rs (roam's own profile body: no independent tool decodes it).

    python3 testvectors/policy/make.py

mn_fa_dest.body  seed 000 Fig. 32A (MN-FAdest): session "mn@home.example;1;7",
                 profile 1, version 2, destination class, dst 10.1.0.5/32,
                 TOS 0xb8 inner and outer, control visitor list, link 7.
mn_fa_dest.avp   the body in the Diameter vendor-specific AVP (code 1, V flag,
                 vendor 32473, padded to 4 octets; RFC 6733 section 4.1).
mn_fa_dest.nvse  the body in a MIPv4 NVSE (type 134, RFC 3115): length,
                 2 reserved octets, vendor 32473, Vendor-NVSE-Type 1.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
sid = b"mn@home.example;1;7"
body = bytes([0x01])                                   # body version 1
body += bytes([0x01, len(sid)]) + sid                  # SESSION_ID
body += bytes([0x02, 4]) + struct.pack(">I", 1)        # PROFILE_NUMBER
body += bytes([0x03, 4]) + struct.pack(">I", 2)        # VERSION
body += bytes([0x04, 1, 2])                            # DIRECTION destination
body += bytes([0x11, 8, 10, 1, 0, 5, 255, 255, 255, 255])  # DST_ADDR 10.1.0.5/32
body += bytes([0x20, 1, 0xB8])                         # TOS_INNER
body += bytes([0x21, 1, 0xB8])                         # TOS_OUTER
body += bytes([0x30, 1, 4])                            # CONTROL visitor list
body += bytes([0x31, 4]) + struct.pack(">I", 7)        # LINK 7
avp = struct.pack(">IB", 1, 0x80) + (12 + len(body)).to_bytes(3, "big")
avp += struct.pack(">I", 32473) + body
avp += b"\0" * ((4 - len(avp) % 4) % 4)
nvse = bytes([134, 8 + len(body), 0, 0]) + struct.pack(">IH", 32473, 1) + body
for name, data in [("mn_fa_dest.body", body), ("mn_fa_dest.avp", avp), ("mn_fa_dest.nvse", nvse)]:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)

# A Diameter Device-Watchdog-Request-shaped message (command 280, R bit)
# carrying the Service-Profile AVP, framed in Ethernet/IPv4/TCP port 3868 by
# scapy, so tshark (an independent dissector) can check the AVP framing:
# code 1, V flag, vendor 32473, length 12 + body, padding to 4 octets.
try:
    from scapy.all import Ether, IP, TCP, UDP, Raw, wrpcap  # noqa: E402

    msg_len = 20 + len(avp)
    hdr = bytes([1]) + msg_len.to_bytes(3, "big") + bytes([0x80]) + (280).to_bytes(3, "big")
    hdr += struct.pack(">III", 0, 0x1234, 0x5678)
    pkt = (Ether() / IP(src="192.0.2.1", dst="192.0.2.2")
           / TCP(sport=40000, dport=3868, flags="PA", seq=1, ack=1) / Raw(hdr + avp))
    wrpcap(os.path.join(HERE, "mn_fa_dest_avp.pcap"), [pkt])
    # A MIPv4 Registration Reply (RFC 5944 section 3.4: type 3, code 0,
    # lifetime 1800, home address, home agent, zero Identification) over
    # UDP 434 carrying the NVSE, for tshark's Mobile IP dissector.
    rrp = bytes([3, 0]) + struct.pack(">H", 1800) + bytes([10, 1, 0, 5, 10, 0, 0, 1]) + bytes(8)
    pkt = (Ether() / IP(src="10.0.0.1", dst="192.168.1.1")
           / UDP(sport=434, dport=434) / Raw(rrp + nvse))
    wrpcap(os.path.join(HERE, "mn_fa_dest_nvse.pcap"), [pkt])
except ImportError:
    print("scapy missing: mn_fa_dest_avp.pcap not regenerated")
