#!/bin/sh
# Speed of routing by imported forwarding tables (issue 17): k-ary fat-trees (k=12, 16, 20; k=20 has 2,000 hosts and
# 500 switches) exported with `fabcheck export --format ibnetdiscover`, with linear forwarding tables in dump_lfts form
# written by a generator below (shortest paths, next hop picked by destination index mod the candidate ports, as
# D-mod-K/ftree spread them; ibsim cannot host more than 2,048 nodes, so OpenSM cannot route the 2k-host case here).
# Times `analyze` (loads) and `check` (credit-loop check) with the tables against `analyze` with ECMP on the same
# design in the same run. Release build; prints `uptime`.
#   Benchmarks/routing-tables.sh [fabcheck-release-binary]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/release/fabcheck}
[ -x "$bin" ] || { echo "build first: swift build -c release --product fabcheck" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
uptime
t() { label=$1; shift; /usr/bin/time -f "$label %e s wall, %U s user, %M KB" "$@" > /dev/null 2>"$work/err" || true; tail -1 "$work/err"; }
for k in 12 16 20; do
    "$bin" generate fattree --k $k -o "$work/ft$k.graphml" > /dev/null
    "$bin" export "$work/ft$k.graphml" --format ibnetdiscover -o "$work/ft$k.net"
    python3 - "$work/ft$k.net" "$work/ft$k.lfts" <<'PY'
import collections, re, sys
node = re.compile(r'^(Switch|Ca)\s+(\d+) "([^"]+)"\s+# "([^"]*)"')
port = re.compile(r'^\[(\d+)\]\s+"([^"]+)"\[(\d+)\]')
guid = re.compile(r'^(?:switchguid|caguid)=(0x[0-9a-f]+)')
kind, name, guids, peers = {}, {}, {}, collections.defaultdict(dict)
current, pending = None, None
for line in open(sys.argv[1]):
    m = guid.match(line)
    if m: pending = m[1]; continue
    m = node.match(line)
    if m: current = m[3]; kind[current] = m[1]; name[current] = m[4]; guids[current] = pending; continue
    m = port.match(line)
    if m and current: peers[current][int(m[1])] = m[2]
ids = sorted(kind)
lid = {n: i + 1 for i, n in enumerate(ids)}
hosts = [n for n in ids if kind[n] == 'Ca']
switches = [n for n in ids if kind[n] == 'Switch']
out = []
for s in switches:
    out.append([])
tables = {s: {} for s in switches}
for index, h in enumerate(hosts):
    dist = {h: 0}
    queue = [h]
    for v in queue:
        for p, w in peers[v].items():
            if w not in dist and (kind[w] == 'Switch'):
                dist[w] = dist[v] + 1
                queue.append(w)
    for s in switches:
        ports = sorted(p for p, w in peers[s].items() if dist.get(w, 1 << 30) == dist[s] - 1)
        tables[s][lid[h]] = ports[index % len(ports)]
lines = []
for s in switches:
    lines.append("Unicast lids [0x0-0x%x] of switch Lid %d guid %s (%s):" % (len(ids), lid[s], guids[s], name[s]))
    lines.append("  Lid  Out   Destination")
    lines.append("       Port     Info ")
    lines.append("0x%04x 000 : (Switch portguid %s: '%s')" % (lid[s], guids[s], name[s]))
    for h in hosts:
        lines.append("0x%04x %03d : (Channel Adapter portguid %s: '%s')" % (lid[h], tables[s][lid[h]], guids[h], name[h]))
    lines.append("%d valid lids dumped " % (len(hosts) + 1))
open(sys.argv[2], 'w').write('\n'.join(lines) + '\n')
PY
    echo "k=$k: $(grep -c '^Ca' "$work/ft$k.net") hosts, $(grep -c '^Switch' "$work/ft$k.net") switches, $(grep -c '^0x' "$work/ft$k.lfts") entries"
    t "  analyze ECMP (baseline)      " "$bin" analyze "$work/ft$k.graphml" --no-bisection
    t "  analyze --forwarding-tables  " "$bin" analyze "$work/ft$k.graphml" --no-bisection --forwarding-tables "$work/ft$k.lfts" --forwarding-tables "$work/ft$k.net"
    t "  check --forwarding-tables    " "$bin" check "$work/ft$k.graphml" --fail-on never --forwarding-tables "$work/ft$k.lfts" --forwarding-tables "$work/ft$k.net"
done
