#!/bin/sh
# OpenSM cross-check of the credit-loop check with SL-to-VL lanes (issue 17): see scripts/routing-lanes.py.
#   scripts/routing-lanes.sh                  check the recorded fixtures (no daemon needed)
#   scripts/routing-lanes.sh --live --record  bring ring6 and torus4x4 up in ibsim, route with opensm (lash, dfsssp,
#                                             minhop), record under Tests/FabricObservedTests/Fixtures/routing/lanes
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${FABCHECK:-$root/.build/debug/fabcheck}
[ -x "$bin" ] || { echo "build fabcheck first (swift build), or set FABCHECK=path" >&2; exit 2; }
exec python3 "$root/scripts/routing-lanes.py" --fabcheck "$bin" "$@"
