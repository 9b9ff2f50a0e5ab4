#!/usr/bin/env python3
"""Builds the session-layer message vectors with scapy's independent
Diameter encoder (scapy.contrib.diameter) and checks them with tshark.

Writes, next to this script:
  str_logoff.bin  STR a NASREQ client sends on logoff (RFC 6733 §8.4.1)
  acr_start.bin   ACR START of a base-accounting client (RFC 6733 §9.7.1)
  raa_success.bin RAA answering an RAR with DIAMETER_SUCCESS (RFC 6733 §8.3.2)
  vectors.pcap    the three in TCP/3868 frames, for tshark / Wireshark

The field values are those the machines in roam::diameter::session produce
for the configurations of tests/diameter_session_support (End-to-End seeds,
Session-Id high parts, identities), in the AVP order roam writes.
Run: python3 testvectors/diameter_session/make_vectors.py
"""
import os
import subprocess
import sys

from scapy.all import IP, TCP, Ether, wrpcap
from scapy.contrib.diameter import AVP, DiamAns, DiamReq

HERE = os.path.dirname(os.path.abspath(__file__))

str_logoff = DiamReq(
    "STR", drAppId=1, drHbHId=0, drEtEId=0x1001,
    avpList=[
        AVP("Session-Id", val="nas.example.net;1876543210;0"),
        AVP("Origin-Host", val="nas.example.net"),
        AVP("Origin-Realm", val="example.net"),
        AVP("Destination-Realm", val="example.com"),
        AVP("Destination-Host", val="aaa.example.com"),
        AVP("Auth-Application-Id", val=1),
        AVP("Termination-Cause", val=1),  # DIAMETER_LOGOUT
    ],
)

# scapy's DiamReq("ACR") builds Command Flags 0x00 (an answer!), unlike
# "STR"; RFC 6733 §9.7.1 says REQ, PXY, so the flags are given explicitly.
acr_start = DiamReq(
    "ACR", drFlags=0xC0, drAppId=3, drHbHId=0, drEtEId=0,
    avpList=[
        AVP("Session-Id", val="nas.example.net;7;0"),
        AVP("Origin-Host", val="nas.example.net"),
        AVP("Origin-Realm", val="example.net"),
        AVP("Destination-Realm", val="example.com"),
        AVP("Acct-Application-Id", val=3),
        AVP("Accounting-Record-Type", val=2),  # START_RECORD
        AVP("Accounting-Record-Number", val=0),
    ],
)

raa_success = DiamAns(
    "RAA", drAppId=1, drHbHId=0x77, drEtEId=0x88,
    avpList=[
        AVP("Session-Id", val="nas.example.net;1876543210;0"),
        AVP("Result-Code", val=2001),
        AVP("Origin-Host", val="nas.example.net"),
        AVP("Origin-Realm", val="example.net"),
    ],
)

msgs = {"str_logoff.bin": str_logoff, "acr_start.bin": acr_start, "raa_success.bin": raa_success}
frames = []
for i, (name, m) in enumerate(msgs.items()):
    b = bytes(m)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(b)
    frames.append(Ether() / IP(src="192.0.2.1", dst="192.0.2.2") /
                  TCP(sport=40000 + i, dport=3868, flags="PA", seq=1) / b)
pcap = os.path.join(HERE, "vectors.pcap")
wrpcap(pcap, frames)

out = subprocess.run(
    ["tshark", "-r", pcap, "-T", "fields",
     "-e", "diameter.cmd.code", "-e", "diameter.flags.request", "-e", "diameter.Session-Id",
     "-e", "_ws.expert.message"],
    capture_output=True, text=True, check=True,
).stdout
print(out)
lines = out.strip().splitlines()
requests = [l.split("\t")[1] for l in lines]
if "alformed" in out or len(lines) != 3 or requests not in (["True", "True", "False"], ["1", "1", "0"]):
    sys.exit("tshark reports a malformed vector")
