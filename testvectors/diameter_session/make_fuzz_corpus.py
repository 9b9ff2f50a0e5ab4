#!/usr/bin/env python3
"""Writes the seed corpus of the diameter_session fuzz target.

Each file is a sequence of operations as decoded by
src/fuzzing/diameter_session.rs: an op byte (taken mod 16), an argument
byte, and for deliveries a second argument byte (the verdict detail).
Run from anywhere: python3 testvectors/diameter_session/make_fuzz_corpus.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz", "corpus", "diameter_session")

def avp(code, data, flags=0x40):
    ln = 8 + len(data)
    pad = (-ln) % 4
    return struct.pack(">IB", code, flags) + ln.to_bytes(3, "big") + data + b"\0" * pad

def msg(flags, cmd, app, avps):
    body = b"".join(avps)
    ln = 20 + len(body)
    return bytes([1]) + ln.to_bytes(3, "big") + bytes([flags]) + cmd.to_bytes(3, "big") + \
        struct.pack(">III", app, 0x11, 0x22) + body

seeds = {
    # request access, grant (no timers), answer, logoff, STR, STA
    "auth_lifecycle": [0, 0, 9, 2, 0x80, 9, 2, 0x80, 1, 0, 9, 2, 0x80, 9, 2, 0x80],
    # grant with lifetime 5 s / grace / timeout, then run the timers
    "auth_timers": [0, 0, 9, 2, 0x05, 9, 2, 0x05] + [13, 0x80] * 12 + [9, 2, 0] * 6,
    # RAR then ASR from the server
    "auth_rar_asr": [0, 0, 9, 2, 0x80, 9, 2, 0x80, 3, 0] + [9, 2, 0x80] * 4 + [4, 0] + [9, 2, 0x80] * 6,
    # accounting: two sessions lose their STARTs, buffer, flush
    "acct_outage": [5, 0, 12, 0, 5, 1, 12, 0, 13, 0x80, 12, 0, 13, 0x80, 12, 0, 6, 0, 15, 0]
        + [9, 0, 0] * 10 + [13, 0x80, 9, 0, 0] * 4,
    # accounting: event and start/interim/stop delivered; storage refused once
    "acct_sequence": [8, 0, 9, 0, 0, 9, 0, 0, 5, 0, 9, 0, 0, 9, 0, 0, 7, 0, 9, 0x40, 0, 9, 0, 0,
                      6, 0, 9, 0, 0, 9, 0, 0],
}

acr = msg(0xC0, 271, 3, [
    avp(263, b"nas.example.net;9;0"),
    avp(264, b"nas.example.net"),
    avp(296, b"example.net"),
    avp(283, b"example.com"),
    avp(480, struct.pack(">I", 2)),
    avp(485, struct.pack(">I", 0)),
])
assert len(acr) % 4 == 0
seeds["raw_acr"] = [14, 3, len(acr) // 4] + list(acr) + [9, 0, 0]

for name, ops in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes(ops))
