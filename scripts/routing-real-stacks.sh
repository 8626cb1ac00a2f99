#!/bin/sh
# OpenSM cross-check of `--forwarding-tables` (issue 17): see scripts/routing-real-stacks.py.
#   scripts/routing-real-stacks.sh            check the recorded fixtures (no daemon needed)
#   scripts/routing-real-stacks.sh --live     bring the designs up in ibsim and route them with opensm (root)
#   scripts/routing-real-stacks.sh --live --record   ... and record the outputs under Tests/FabricObservedTests/Fixtures/routing
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${FABCHECK:-$root/.build/debug/fabcheck}
[ -x "$bin" ] || { echo "build fabcheck first (swift build), or set FABCHECK=path" >&2; exit 2; }
exec python3 "$root/scripts/routing-real-stacks.py" --fabcheck "$bin" "$@"
