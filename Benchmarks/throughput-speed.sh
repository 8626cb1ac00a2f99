#!/bin/sh
# Speed of `fabcheck throughput` and `fabcheck collective` (issue 19), release build, 2 threads (the targets: θ
# all-to-all within a 2% proven gap under 60 s on a 15k design; the exact LP of a few hundred accelerators in
# seconds; a collective estimate on 15k under 5 s). Each is timed against `fabcheck analyze --no-bisection` of the
# same design in the same run (the ratio is what compares across loads). Prints `uptime` first.
#   Benchmarks/throughput-speed.sh [fabcheck-release-binary]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/.build/release/fabcheck}
[ -x "$bin" ] || { echo "build first: swift build -c release --product fabcheck" >&2; exit 2; }
uptime
t() { label=$1; shift; /usr/bin/time -f "$label %e s wall, %U s user, %M KB" "$@" > /dev/null || true; }
summary() { f=$1; shift; "$bin" throughput "$f" --format json "$@" 2>/dev/null | python3 -c 'import json,sys; r=json.load(sys.stdin); print("  theta [%.6f, %.6f] gap %.4f%% method %s (%s / %s), theta_ecmp %s" % (r["thetaLower"], r["thetaUpper"], 100*r["gap"], r["method"], r["lowerCertificate"], r["upperCertificate"], r.get("thetaEcmp")))'; }
for design in hpn-pod-15k atlas960-like-15k dragonfly-a16-p8-h8; do
    file=$root/topologies/$design.graphml.gz
    t "$design analyze (baseline)" "$bin" analyze "$file" --no-bisection
    t "$design throughput all-to-all" taskset -c 0,1 "$bin" throughput "$file" --seconds 50
    summary "$file"
    t "$design collective all-reduce 1GiB" "$bin" collective "$file" --size 1GiB --algorithm ring --algorithm direct
done
for design in leafspine-64 torus-4x4x4; do
    file=$root/topologies/$design.graphml
    t "$design analyze (baseline)" "$bin" analyze "$file" --no-bisection
    t "$design throughput permutation exact LP" "$bin" throughput "$file" --traffic permutation:1 --method exact
    summary "$file" --traffic permutation:1 --method exact
done
file=$root/topologies/cloudmatrix384.graphml.gz
t "cloudmatrix384 throughput worst" "$bin" throughput "$file" --traffic worst
summary "$file" --traffic worst
