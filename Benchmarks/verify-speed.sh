#!/bin/sh
# Speed of `fabcheck verify` (issue 16): a 15k-accelerator design against a full observed dump written by
# `fabcheck export --format ibnetdiscover`, with 20 swapped cables, 20 removed, 20 re-rated and 5 factory-named HCAs,
# timed against `fabcheck check` on the same design in the same run (the ratio is what compares across loads).
# Also the 232k-cable atlas960-like-15k design against its own CSV cabling sheet. Release build; prints `uptime`.
#   Benchmarks/verify-speed.sh [fabcheck-release-binary]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/release/fabcheck}
[ -x "$bin" ] || { echo "build first: swift build -c release --product fabcheck" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hpn=$root/topologies/hpn-pod-15k.graphml.gz
atlas=$root/topologies/atlas960-like-15k.graphml.gz
"$bin" export "$hpn" --format ibnetdiscover -o "$work/hpn.ibnetdiscover"
python3 - "$root/scripts/verify-real-stacks.py" "$work" <<'PY'
import importlib.util, random, sys
spec = importlib.util.spec_from_file_location('rs', sys.argv[1]); rs = importlib.util.module_from_spec(spec); spec.loader.exec_module(rs)
work = sys.argv[2]
net = rs.Net(open(work + '/hpn.ibnetdiscover').read())
rng = random.Random(7)
hosts = [n for n in net.nodes if n['type'] == 'Ca' and n['links']]
switches = [n for n in net.nodes if n['type'] == 'Switch']
leaves = [s for s in switches if any(net.by_id[l[0]]['type'] == 'Ca' for l in s['links'].values())]
for _ in range(20):
    a, b = rng.sample(leaves, 2)
    pa = rng.choice([p for p, l in a['links'].items() if net.by_id[l[0]]['type'] == 'Ca'])
    pb = rng.choice([p for p, l in b['links'].items() if net.by_id[l[0]]['type'] == 'Ca'])
    net.swap(a['desc'], pa, b['desc'], pb)
for _ in range(20):
    s = rng.choice(switches); net.remove(s['desc'], rng.choice(list(s['links'])))
for _ in range(20):
    s = rng.choice(switches); net.rate(s['desc'], rng.choice(list(s['links'])), '4xHDR')
for n in rng.sample(hosts, 5):
    net.rename(n['desc'], 'MT4129 ConnectX7   Mellanox Technologies')
open(work + '/hpn-mutated.ibnetdiscover', 'w').write(net.text())
PY
"$bin" export "$atlas" --format csv -o "$work/atlas.csv" 2>/dev/null
uptime
t() { label=$1; shift; /usr/bin/time -f "$label %e s wall, %U s user, %M KB" "$@" > /dev/null || true; }
for run in 1 2 3; do
    t "check hpn-pod-15k                   " "$bin" check "$hpn"
    t "verify hpn-pod-15k (45k, faithful)  " "$bin" verify "$hpn" --observed "$work/hpn.ibnetdiscover"
    t "verify hpn-pod-15k (45k, 65 faults) " "$bin" verify "$hpn" --observed "$work/hpn-mutated.ibnetdiscover"
    t "  same, --no-impact                 " "$bin" verify "$hpn" --observed "$work/hpn-mutated.ibnetdiscover" --no-impact
    t "check atlas960-like-15k             " "$bin" check "$atlas"
    t "verify atlas960 (232k cables, csv)  " "$bin" verify "$atlas" --observed "$work/atlas.csv"
done
uptime
