#!/bin/sh
# Dissects every vector pcap with tshark -V, stores the output under
# tshark/<name>.txt, and fails on a malformed packet or an expert warning.
set -eu
cd "$(dirname "$0")"
mkdir -p tshark
tshark --version | head -n 1 > tshark/VERSION
status=0
for p in *.pcap; do
  n=${p%.pcap}
  tshark -r "$p" -V -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE > "tshark/$n.txt" 2>/dev/null
  if grep -Eq "Malformed|Expert Info \((Warning|Error)" "tshark/$n.txt"; then
    echo "FAIL $n"; status=1
  else
    echo "ok   $n"
  fi
done
exit $status
