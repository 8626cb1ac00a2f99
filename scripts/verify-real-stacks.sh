#!/bin/sh
# Real-stack check of `fabcheck verify` and `export --format ibnetdiscover` (issue 16): brings three small designs up
# on ibsim/opensm/ibnetdiscover and on lldpd in network namespaces, and checks that verify reports zero
# discrepancies on the faithful fabric and exactly the injected ones (swap, removal, addition, speed, blank name)
# on the edited one. Needs root and the Debian packages ibsim-utils libumad2sim0 infiniband-diags opensm lldpd.
#   scripts/verify-real-stacks.sh [--record] [--only fattree|dual-homed|lldp]
# --record copies the tools' outputs to Tests/FabricObservedTests/Fixtures/real-stacks (the swift tests read them).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${FABCHECK:-$root/.build/debug/fabcheck}
[ -x "$bin" ] || { echo "build fabcheck first (swift build), or set FABCHECK=path" >&2; exit 2; }
record=""
if [ "${1:-}" = "--record" ]; then record="--record $root/Tests/FabricObservedTests/Fixtures/real-stacks"; shift; fi
exec python3 "$root/scripts/verify-real-stacks.py" --fabcheck "$bin" $record "$@"
