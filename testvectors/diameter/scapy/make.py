#!/usr/bin/env python3
"""Generates the Diameter vectors in this directory with scapy's Diameter
layer (scapy.contrib.diameter), independently of roam's encoder, and checks
each one with tshark. Run from this directory: python3 make.py

Outputs:
  aar_typed.bin    AA-Request (NASREQ, 265) with typed AVPs: UTF8String,
                   DiameterIdentity, Enumerated, IPFilterRule (NAS-Filter-Rule),
                   Time (Event-Timestamp), IPv6 Address (Host-IP-Address),
                   Unsigned64, Grouped (Vendor-Specific-Application-Id).
                   The Time value is past the 2036 rollover (era 1).
  rea_redirect.bin Answer with a DiameterURI (Redirect-Host, 292) and
                   Redirect-Host-Usage, E bit clear, Result-Code 3006.
  *.tshark.txt     tshark -V dissection of each (for reviewers).
"""
import struct
import subprocess

from scapy.all import raw
from scapy.contrib.diameter import AVP, AVPNV_OctetString, DiamAns, DiamReq

VECTORS = {
    "aar_typed": DiamReq(
        "AA", drAppId=1, drHbHId=0x1234, drEtEId=0x5678,
        avpList=[
            AVP("Session-Id", val="nas.example;1;2"),
            AVP("Auth-Application-Id", val=1),
            AVP("Origin-Host", val="nas.example"),
            AVP("Origin-Realm", val="example"),
            AVP("Destination-Realm", val="home.example"),
            AVP("Auth-Request-Type", val="AUTHORIZE_ONLY"),
            AVP("NAS-Filter-Rule", val="permit out 17 from 192.0.2.0/24 to any 53"),
            # scapy writes the value as the 32-bit NTP seconds field. With its
            # top bit clear it is in NTP era 1 (RFC 6733 §4.3.1 rollover):
            # 2090-01-25T01:08:16Z, as tshark also shows.
            AVP("Event-Timestamp", val=1703011200),
            AVP("Host-IP-Address", val="2001:db8::1"),
            AVP("Accounting-Input-Octets", val=123456789012),
            AVP("Vendor-Specific-Application-Id", val=[
                AVP("Vendor-Id", val=10415),
                AVP("Auth-Application-Id", val=16777250),
            ]),
        ],
    ),
    "rea_redirect": DiamAns(
        "Re-Auth", drHbHId=1, drEtEId=2,
        avpList=[
            AVP("Session-Id", val="nas.example;1;2"),
            AVP("Result-Code", val=3006),
            AVP("Origin-Host", val="relay.example"),
            AVP("Origin-Realm", val="example"),
            # scapy's dictionary types Redirect-Host (292) as an enumeration, so
            # it is written as an OctetString AVP with the same code and flags.
            AVPNV_OctetString(avpCode=292, avpFlags=0x40,
                              val=b"aaa://server.example:3868;transport=tcp;protocol=diameter"),
            AVP("Redirect-Host-Usage", val=1),
        ],
    ),
}


def pcap(payload: bytes) -> bytes:
    """One Ethernet/IPv4/TCP packet to port 3868 in a classic pcap file."""
    tcp = struct.pack("!HHIIBBHHH", 40000, 3868, 1, 0, 5 << 4, 0x18, 65535, 0, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0,
                     bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    s = sum(struct.unpack("!10H", ip))
    s = (s & 0xFFFF) + (s >> 16)
    ip = ip[:10] + struct.pack("!H", ~s & 0xFFFF) + ip[12:]
    pkt = b"\0\0\0\0\0\x02\0\0\0\0\0\x01\x08\x00" + ip + tcp
    return (struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
            + struct.pack("<IIII", 0, 0, len(pkt), len(pkt)) + pkt)


for name, msg in VECTORS.items():
    data = raw(msg)
    with open(f"{name}.bin", "wb") as f:
        f.write(data)
    with open(f"/tmp/{name}.pcap", "wb") as f:
        f.write(pcap(data))
    out = subprocess.run(["tshark", "-r", f"/tmp/{name}.pcap", "-V", "-O", "diameter"],
                         check=True, capture_output=True, text=True).stdout
    text = out[out.index("Diameter Protocol"):]
    assert "Malformed" not in text and "Expert Info" not in text, text
    with open(f"{name}.tshark.txt", "w") as f:
        f.write(text)
    print(name, len(data))
