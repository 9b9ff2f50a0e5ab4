#!/usr/bin/env python3
"""Builds the Diameter capture vectors in this directory with scapy.

Run from anywhere: `python3 testvectors/diameter/make.py` (scapy 2.5+).
The bench capture copies the bytes of ../shared/bench/diameter/*.bin
unaltered; every other Diameter message is encoded by scapy.contrib.diameter.
Every good capture is checked with `tshark -r FILE -V` (see README.md).
"""
import os
import re
import subprocess
import sys

from scapy.all import (
    IP, IPv6, TCP, Ether, Dot1Q, Raw, wrpcap, wrpcapng,
    IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
)
from scapy.layers.l2 import CookedLinux, CookedLinuxV2
from scapy.layers.sctp import SCTP, SCTPChunkData
from scapy.contrib.diameter import DiamReq, DiamAns, AVP

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "bench", "diameter"))
if not os.path.isdir(BENCH):
    BENCH = "/work/shared/bench/diameter"

CLIENT, SERVER = "192.0.2.1", "192.0.2.2"
CLIENT6, SERVER6 = "2001:db8::1", "2001:db8::2"
CPORT, DPORT = 40000, 3868
MAC_C, MAC_S = "02:00:00:00:00:01", "02:00:00:00:00:02"


class Conn:
    """One TCP connection; keeps the sequence numbers of both directions."""

    def __init__(self, ip=IP, src=CLIENT, dst=SERVER, l2=None):
        self.ip, self.src, self.dst, self.l2 = ip, src, dst, l2
        self.seq = {True: 1000, False: 5000}  # True: client -> server

    def seg(self, payload, to_server=True, ext=None):
        s, d = (self.src, self.dst) if to_server else (self.dst, self.src)
        sp, dp = (CPORT, DPORT) if to_server else (DPORT, CPORT)
        seq, ack = self.seq[to_server], self.seq[not to_server]
        self.seq[to_server] = seq + len(payload)
        ip = self.ip(src=s, dst=d)
        if ext is not None:
            ip = ip / ext
        pkt = ip / TCP(sport=sp, dport=dp, flags="PA", seq=seq, ack=ack, window=65535) / Raw(payload)
        if self.l2 is not None:
            pkt = self.l2(to_server) / pkt
        return pkt


def eth(to_server):
    return Ether(src=MAC_C if to_server else MAC_S, dst=MAC_S if to_server else MAC_C)


def write(name, pkts, ng=False):
    path = os.path.join(HERE, name)
    t = 1_700_000_000
    for i, p in enumerate(pkts):
        p.time = t + i * 0.001
    (wrpcapng if ng else wrpcap)(path, pkts)
    print("wrote", name, len(pkts), "frames")


def raw(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print("wrote", name, len(data), "bytes")


# --- (a) the nine bench messages, unaltered, one TCP segment each --------------
def bench():
    order = ["cer", "cea", "dwr", "dwa", "acr", "amr", "ama", "har", "ccr"]
    c = Conn(l2=eth)
    pkts = []
    for name in order:
        with open(os.path.join(BENCH, name + ".bin"), "rb") as f:
            data = f.read()
        is_request = data[4] & 0x80 != 0
        pkts.append(c.seg(data, to_server=is_request))
    write("bench.pcap", pkts)


# --- (b) scapy-encoded messages --------------------------------------------------
def cer():
    return DiamReq("CER", drHbHId=0x1001, drEtEId=0x2001, avpList=[
        AVP("Origin-Host", val="client.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Host-IP-Address", val="192.0.2.1"),
        AVP("Vendor-Id", val=0),
        AVP("Product-Name", val="scapy"),
        AVP("Origin-State-Id", val=1),
        AVP("Auth-Application-Id", val=4),
        AVP("Acct-Application-Id", val=3),
    ])


def cea():
    return DiamAns("CEA", drHbHId=0x1001, drEtEId=0x2001, avpList=[
        AVP("Result-Code", val=2001),
        AVP("Origin-Host", val="server.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Host-IP-Address", val="2001:db8::2"),
        AVP("Vendor-Id", val=0),
        AVP("Product-Name", val="scapy"),
    ])


def ccr():
    return DiamReq("CCR", drAppId=4, drHbHId=0x1002, drEtEId=0x2002, avpList=[
        AVP("Session-Id", val="client.example.com;1;2"),
        AVP("Origin-Host", val="client.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Destination-Realm", val="example.net"),
        AVP("Auth-Application-Id", val=4),
        AVP("Service-Context-Id", val="32251@3gpp.org"),
        AVP("CC-Request-Type", val=1),
        AVP("CC-Request-Number", val=0),
        AVP("Event-Timestamp", val=3900000000),
        AVP("Subscription-Id", val=[
            AVP("Subscription-Id-Type", val=1),
            AVP("Subscription-Id-Data", val="001010123456789"),
        ]),
    ])


def cca():
    return DiamAns("CCA", drAppId=4, drHbHId=0x1002, drEtEId=0x2002, avpList=[
        AVP("Session-Id", val="client.example.com;1;2"),
        AVP("Result-Code", val=2001),
        AVP("Origin-Host", val="server.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Auth-Application-Id", val=4),
        AVP("CC-Request-Type", val=1),
        AVP("CC-Request-Number", val=0),
    ])


def acr():
    # scapy 2.8.0 leaves the R bit clear on DiamReq("ACR"): set R and P by hand.
    return DiamReq("ACR", drAppId=3, drFlags=0xC0, drHbHId=0x1003, drEtEId=0x2003, avpList=[
        AVP("Session-Id", val="client.example.com;1;3"),
        AVP("Origin-Host", val="client.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Destination-Realm", val="example.net"),
        AVP("Accounting-Record-Type", val=2),
        AVP("Accounting-Record-Number", val=0),
        AVP("Acct-Application-Id", val=3),
        AVP("User-Name", val="alice@example.com"),
    ])


def aar():
    return DiamReq("AAR", drAppId=1, drHbHId=0x1004, drEtEId=0x2004, avpList=[
        AVP("Session-Id", val="client.example.com;1;4"),
        AVP("Auth-Application-Id", val=1),
        AVP("Origin-Host", val="client.example.com"),
        AVP("Origin-Realm", val="example.com"),
        AVP("Destination-Realm", val="example.net"),
        AVP("Auth-Request-Type", val=3),
        AVP("User-Name", val="bob"),
        AVP("Session-Timeout", val=3600),
    ])


def dwr():
    return DiamReq("DWR", drHbHId=0x1005, drEtEId=0x2005, avpList=[
        AVP("Origin-Host", val="client.example.com"),
        AVP("Origin-Realm", val="example.com"),
    ])


def dwa():
    return DiamAns("DWA", drHbHId=0x1005, drEtEId=0x2005, avpList=[
        AVP("Result-Code", val=2001),
        AVP("Origin-Host", val="server.example.com"),
        AVP("Origin-Realm", val="example.com"),
    ])


def apps():
    c = Conn(l2=eth)
    pkts = [c.seg(bytes(cer())), c.seg(bytes(cea()), False), c.seg(bytes(ccr())),
            c.seg(bytes(cca()), False), c.seg(bytes(acr())), c.seg(bytes(aar()))]
    write("apps.pcap", pkts)


def split_and_coalesced():
    c = Conn(l2=eth)
    m = bytes(ccr())
    cut = 37  # inside the AVPs, not on any boundary
    write("split.pcap", [c.seg(m[:cut]), c.seg(m[cut:])])
    c = Conn(l2=eth)
    write("coalesced.pcap", [c.seg(bytes(dwr()) + bytes(acr()))])


def midstream_and_handshake():
    # The capture joins an open connection in the middle of a CCR: its tail,
    # then a whole DWR.
    c = Conn(l2=eth)
    m = bytes(ccr())
    c.seq[True] += 37
    write("midstream.pcap", [c.seg(m[37:]), c.seg(bytes(dwr()))])
    # A connection from its handshake: SYN, SYN-ACK, ACK, then CER and CEA.
    c = Conn(l2=eth)
    syn = eth(True) / IP(src=CLIENT, dst=SERVER) / TCP(sport=CPORT, dport=DPORT, flags="S", seq=999, window=65535)
    synack = eth(False) / IP(src=SERVER, dst=CLIENT) / TCP(sport=DPORT, dport=CPORT, flags="SA", seq=4999,
                                                         ack=1000, window=65535)
    ack = eth(True) / IP(src=CLIENT, dst=SERVER) / TCP(sport=CPORT, dport=DPORT, flags="A", seq=1000, ack=5000,
                                                      window=65535)
    write("handshake.pcap", [syn, synack, ack, c.seg(bytes(cer())), c.seg(bytes(cea()), False)])


def vlan():
    c = Conn(l2=lambda up: eth(up) / Dot1Q(vlan=100))
    write("vlan.pcap", [c.seg(bytes(dwr()))])


def sctp():
    pkts = []
    tsn = {True: 100, False: 900}
    # The last message uses PPID 0 ("unspecified"): Diameter by port 3868.
    for msg, up, ppid in [(cer(), True, 46), (cea(), False, 46), (dwr(), True, 46), (dwa(), False, 0)]:
        s, d = (CLIENT, SERVER) if up else (SERVER, CLIENT)
        sp, dp = (CPORT, DPORT) if up else (DPORT, CPORT)
        chunk = SCTPChunkData(tsn=tsn[up], stream_id=0, stream_seq=0, proto_id=ppid,
                              beginning=1, ending=1, data=bytes(msg))
        tsn[up] += 1
        pkts.append(eth(up) / IP(src=s, dst=d) / SCTP(sport=sp, dport=dp, tag=0x11223344) / chunk)
    write("sctp.pcap", pkts)


def sctp_fragments():
    # A CER fragmented over two DATA chunks (B then E, consecutive TSNs) in
    # two packets; the second packet also bundles a whole DWR chunk.
    m = bytes(cer())
    cut = 60
    def data(tsn, seq, b, e, payload):
        return SCTPChunkData(tsn=tsn, stream_id=0, stream_seq=seq, proto_id=46,
                             beginning=b, ending=e, data=payload)
    ip = eth(True) / IP(src=CLIENT, dst=SERVER) / SCTP(sport=CPORT, dport=DPORT, tag=0x11223344)
    p1 = ip / data(100, 0, 1, 0, m[:cut])
    p2 = ip.copy() / data(101, 0, 0, 1, m[cut:]) / data(102, 1, 1, 1, bytes(dwr()))
    write("sctp_fragments.pcap", [p1, p2])


def pcapng():
    c = Conn(l2=eth)
    write("apps.pcapng", [c.seg(bytes(cer())), c.seg(bytes(cea()), False)], ng=True)


def cooked():
    c = Conn(l2=lambda up: CookedLinux(pkttype=0 if up else 4, lladdrtype=1, lladdrlen=6,
                                          src=bytes.fromhex("020000000001") + b"\0\0"))
    write("sll.pcap", [c.seg(bytes(ccr())), c.seg(bytes(cca()), False)])
    c = Conn(l2=lambda up: CookedLinuxV2(pkttype=0 if up else 4, lladdrtype=1, lladdrlen=6,
                                            ifindex=2, src=bytes.fromhex("020000000001") + b"\0\0"))
    write("sll2.pcap", [c.seg(bytes(dwr()))])


def ipv6():
    c = Conn(ip=IPv6, src=CLIENT6, dst=SERVER6, l2=eth)
    ext = IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt()
    write("ipv6.pcap", [c.seg(bytes(cer()), ext=ext), c.seg(bytes(cea()), False)])


def raw_ip():
    c = Conn()
    write("rawip.pcap", [c.seg(bytes(dwr())), c.seg(bytes(acr()))])


def raw_messages():
    raw("two_messages.bin", bytes(dwr()) + bytes(cer()))


# --- (c) malformed -----------------------------------------------------------------
def malformed():
    good = bytes(dwr())
    raw("malformed_truncated.bin", good[:-6])
    bad = bytearray(good)
    bad[0] = 2
    raw("malformed_bad_version.bin", bytes(bad))
    bad = bytearray(good)
    # first AVP (Origin-Host) at offset 20: AVP Length (offset 25..28) = 4 < 8
    bad[25:28] = (4).to_bytes(3, "big")
    raw("malformed_avp_length.bin", bytes(bad))
    bad = bytearray(good)
    bad[25:28] = (0x400).to_bytes(3, "big")  # runs past the message
    raw("malformed_avp_overrun.bin", bytes(bad))
    bad = bytearray(good)
    bad[1:4] = (12).to_bytes(3, "big")  # Message Length below 20
    raw("malformed_short_length.bin", bytes(bad))
    # In a capture: one good DWR, then a DWR with a bad AVP length.
    bad = bytearray(good)
    bad[25:28] = (4).to_bytes(3, "big")
    c = Conn(l2=eth)
    write("malformed.pcap", [c.seg(good), c.seg(bytes(bad))])
    # The capture ends inside a message: a DWR, then the first 37 bytes of a CCR.
    c = Conn(l2=eth)
    write("malformed_cut.pcap", [c.seg(good), c.seg(bytes(ccr())[:37])])


GOOD = ["bench.pcap", "apps.pcap", "apps.pcapng", "split.pcap", "coalesced.pcap", "vlan.pcap",
        "sctp.pcap", "sll.pcap", "sll2.pcap", "ipv6.pcap", "rawip.pcap", "handshake.pcap", "midstream.pcap", "sctp_fragments.pcap"]
BAD = ["malformed.pcap", "malformed_cut.pcap"]


def record_tshark():
    """Writes `tshark -V -O diameter` of every capture to tshark/NAME.txt and
    prints the summary lines and the count of malformed/expert-error lines."""
    out_dir = os.path.join(HERE, "tshark")
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ, TZ="UTC")
    version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(version)
    for name in GOOD + BAD:
        path = os.path.join(HERE, name)
        detail = subprocess.run(["tshark", "-r", path, "-V", "-O", "diameter"], capture_output=True,
                                text=True, env=env).stdout
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write(detail)
        summary = subprocess.run(["tshark", "-r", path], capture_output=True, text=True, env=env).stdout
        bad = len(re.findall(r"Malformed|Expert Info \((Error|Warning)", detail))
        print(f"== {name}: {bad} malformed/expert lines")
        print(summary, end="")


if __name__ == "__main__":
    if "--tshark" in sys.argv:
        record_tshark()
        sys.exit(0)
    bench()
    apps()
    split_and_coalesced()
    midstream_and_handshake()
    vlan()
    sctp()
    sctp_fragments()
    pcapng()
    cooked()
    ipv6()
    raw_ip()
    raw_messages()
    malformed()
