#!/usr/bin/env bash
# Verifies the on- and off-ramps (issue 8) on every shipped design: `report`, `diff`, `export` (dot, slurm, json,
# graphml, csv) and `import-csv`, and prints one table row per design and command with the wall time, CPU time
# (user + system), peak RSS, output size and pass/fail.
#
# Usage: scripts/verify-ramps.sh [DESIGN.graphml[.gz] ...]     (default: every file in topologies/)
# Environment:
#   FABCHECK   the binary (default: .build-release/release/fabcheck; build it with
#              `swift build -c release --scratch-path .build-release --product fabcheck`)
#   OUT        where outputs are kept (default: a fresh directory under /tmp, printed at the end)
#   BIG_EDGES  DOT files with more edges than this are only parsed by Graphviz (`nop`), not laid out by `dot`
#              (default 2000)
#
# Checks, per design:
#   report        exit 0, a complete HTML document
#   diff-self     `diff D D --format json`: no element change, no finding new or resolved, every metric equal
#   diff-mutated  D without its highest-tier switch (and that switch's links) and one more link: the diff names the
#                 removed switch and exactly the removed links
#   dot           full DOT, and `--aggregate pod|tier`, parsed by Graphviz (`dot -Tsvg` up to BIG_EDGES edges, else `nop`)
#   slurm         tree plugin topology.conf: every switch named in Switches= is defined once, the switch graph is
#                 connected, and the Nodes= lists hold exactly as many slurm nodes as the design has accelerators
#   json          networkx.node_link_graph(edges="edges") has the design's device and link counts
#   graphml       normalized GraphML re-imported: `info --format json` equal to the original's (file name aside)
#   csv-export    cables, devices and graph sheets written with no warning (nothing the sheets cannot carry)
#   import-csv    the three sheets → import-csv → export csv: all three sheets byte-identical, and the re-imported
#                 design's `info` equal to the original's
# Exit status: 0 when every check passed, 1 otherwise.
set -u
cd "$(dirname "$0")/.."
FABCHECK=${FABCHECK:-.build-release/release/fabcheck}
BIG_EDGES=${BIG_EDGES:-2000}
OUT=${OUT:-$(mktemp -d /tmp/verify-ramps.XXXXXX)}
mkdir -p "$OUT"
[ -x "$FABCHECK" ] || { echo "no binary at $FABCHECK (build it first)" >&2; exit 2; }
if [ $# -gt 0 ]; then designs=("$@"); else designs=(topologies/*.graphml topologies/*.graphml.gz); fi
HERE=$(pwd)
MUTATE="$HERE/scripts/verify-ramps-mutate.py"
CHECK="$HERE/scripts/verify-ramps-check.py"
have() { command -v "$1" >/dev/null 2>&1; }
failures=0
printf '%-24s %-16s %8s %8s %9s %10s  %s\n' design command "wall s" "cpu s" "rss MB" "out bytes" result
printf '%-24s %-16s %8s %8s %9s %10s  %s\n' ------ ------- ------ ----- ------ --------- ------

# timed NAME OUTPUT CMD...: runs CMD under /usr/bin/time; sets WALL CPU RSS STATUS; output size from OUTPUT.
timed() {
    local output=$1; shift
    local stats="$OUT/.time"
    /usr/bin/time -f '%e %U %S %M' -o "$stats" "$@" >"$OUT/.stdout" 2>"$OUT/.stderr"
    STATUS=$?
    read -r WALL user sys rss <"$stats" || true
    CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    RSS=$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')
    SIZE=$( [ -n "$output" ] && [ -f "$output" ] && stat -c %s "$output" || echo - )
}

# graphviz FILE.dot: lays the graph out with `dot` when it has at most BIG_EDGES edges, else only parses it with
# `nop` (layout of thousands of edges takes minutes and checks nothing more about the syntax); sets NOTE.
graphviz() {
    NOTE=""
    have dot || { NOTE="graphviz not installed: not parsed"; return 0; }
    local edges
    edges=$(grep -c -- ' -- \| -> ' "$1")
    if [ "$edges" -le "$BIG_EDGES" ]; then
        timeout 600 dot -Tsvg "$1" -o "${1%.dot}.svg" 2>"$1.err" || { NOTE="dot: $(head -c 100 "$1.err")"; return 1; }
        NOTE="laid out by dot ($edges edges)"
    else
        nop "$1" >/dev/null 2>"$1.err" || { NOTE="nop: $(head -c 100 "$1.err")"; return 1; }
        NOTE="parsed by graphviz nop ($edges edges)"
    fi
}

# row DESIGN COMMAND OK [NOTE]
row() {
    local result=PASS
    if [ "$3" != 0 ]; then result="FAIL ${4:-}"; failures=$((failures + 1)); elif [ -n "${4:-}" ]; then result="PASS ${4}"; fi
    printf '%-24s %-16s %8s %8s %9s %10s  %s\n' "$1" "$2" "$WALL" "$CPU" "$RSS" "$SIZE" "$result"
}

for design in "${designs[@]}"; do
    [ -f "$design" ] || continue
    name=$(basename "$design"); name=${name%.gz}; name=${name%.graphml}
    dir="$OUT/$name"; mkdir -p "$dir"
    "$FABCHECK" info "$design" --format json >"$dir/info.json" 2>/dev/null

    timed "$dir/report.html" "$FABCHECK" report "$design" -o "$dir/report.html" -q
    ok=1; [ $STATUS = 0 ] && tail -c 20 "$dir/report.html" | grep -q '</html>' && ok=0
    row "$name" report $ok "$(head -c 80 "$OUT/.stderr")"

    timed "$dir/diff-self.json" "$FABCHECK" diff "$design" "$design" --format json -o "$dir/diff-self.json"
    note=$( [ $STATUS = 0 ] && python3 "$CHECK" diff-self "$dir/diff-self.json" 2>&1 ); ok=$?
    [ $STATUS = 0 ] || ok=1
    row "$name" diff-self $ok "$note"

    expected=$(python3 "$MUTATE" "$design" "$dir/mutated.graphml")
    timed "$dir/diff-mutated.json" "$FABCHECK" diff "$design" "$dir/mutated.graphml" --format json -o "$dir/diff-mutated.json"
    note=$( [ $STATUS = 0 ] && python3 "$CHECK" diff-mutated "$dir/diff-mutated.json" "$expected" 2>&1 ); ok=$?
    [ $STATUS = 0 ] || ok=1
    row "$name" diff-mutated $ok "$note"

    timed "$dir/full.dot" "$FABCHECK" export "$design" --format dot -o "$dir/full.dot"
    ok=$STATUS; NOTE=""
    [ $ok = 0 ] && { graphviz "$dir/full.dot"; ok=$?; }
    row "$name" "dot" $ok "$NOTE"
    for grouping in pod tier; do
        timed "$dir/$grouping.dot" "$FABCHECK" export "$design" --format dot --aggregate $grouping -o "$dir/$grouping.dot"
        ok=$STATUS; NOTE=""
        [ $ok = 0 ] && { graphviz "$dir/$grouping.dot"; ok=$?; }
        row "$name" "dot-$grouping" $ok "$NOTE"
    done

    timed "$dir/topology.conf" "$FABCHECK" export "$design" --format slurm -o "$dir/topology.conf"
    note=$( [ $STATUS = 0 ] && python3 "$CHECK" slurm "$dir/topology.conf" "$dir/info.json" 2>&1 ); ok=$?
    if [ $STATUS != 0 ]; then ok=1; note="exit $STATUS: $(head -c 100 "$OUT/.stderr")"; fi
    row "$name" slurm $ok "$note"

    timed "$dir/nodelink.json" "$FABCHECK" export "$design" --format json -o "$dir/nodelink.json"
    note=$( [ $STATUS = 0 ] && python3 "$CHECK" json "$dir/nodelink.json" "$dir/info.json" 2>&1 ); ok=$?
    [ $STATUS = 0 ] || ok=1
    row "$name" json $ok "$note"

    timed "$dir/normalized.graphml" "$FABCHECK" export "$design" --format graphml -o "$dir/normalized.graphml"
    ok=$STATUS; note=""
    if [ $ok = 0 ]; then
        "$FABCHECK" info "$dir/normalized.graphml" --format json >"$dir/info-normalized.json" 2>/dev/null
        note=$(python3 "$CHECK" same-info "$dir/info.json" "$dir/info-normalized.json" 2>&1); ok=$?
        # Every attribute, not only the summary: the CSV sheets of the original and the normalized file agree.
        "$FABCHECK" export "$design" --format csv -o "$dir/orig-cables.csv" --devices-output "$dir/orig-devices.csv" 2>/dev/null
        "$FABCHECK" export "$dir/normalized.graphml" --format csv -o "$dir/norm-cables.csv" --devices-output "$dir/norm-devices.csv" 2>/dev/null
        if [ $ok = 0 ] && ! { cmp -s "$dir/orig-cables.csv" "$dir/norm-cables.csv" && cmp -s "$dir/orig-devices.csv" "$dir/norm-devices.csv"; }; then
            ok=1; note="CSV sheets of the original and the normalized GraphML differ"
        fi
        [ $ok = 0 ] && note="re-import: same summary and same CSV sheets"
    fi
    row "$name" graphml $ok "$note"

    timed "$dir/cables.csv" "$FABCHECK" export "$design" --format csv -o "$dir/cables.csv" --devices-output "$dir/devices.csv" \
        --graph-output "$dir/graph.csv"
    ok=$STATUS; note=""
    # With all three sheets nothing of a shipped design is unexpressed: any warning is a failure.
    if [ $ok = 0 ] && [ -s "$OUT/.stderr" ]; then ok=1; note="$(head -c 120 "$OUT/.stderr")"; fi
    row "$name" csv-export $ok "$note"
    timed "$dir/imported.graphml" "$FABCHECK" import-csv "$dir/cables.csv" --devices "$dir/devices.csv" --graph "$dir/graph.csv" \
        -o "$dir/imported.graphml" -q
    ok=$STATUS; note=""
    if [ $ok = 0 ]; then
        "$FABCHECK" export "$dir/imported.graphml" --format csv -o "$dir/cables2.csv" --devices-output "$dir/devices2.csv" \
            --graph-output "$dir/graph2.csv" 2>/dev/null
        "$FABCHECK" info "$dir/imported.graphml" --format json >"$dir/info-imported.json" 2>/dev/null
        if ! cmp -s "$dir/cables.csv" "$dir/cables2.csv"; then ok=1; note="cables sheet differs after CSV -> GraphML -> CSV"
        elif ! cmp -s "$dir/devices.csv" "$dir/devices2.csv"; then ok=1; note="devices sheet differs after CSV -> GraphML -> CSV"
        elif ! cmp -s "$dir/graph.csv" "$dir/graph2.csv"; then ok=1; note="graph sheet differs after CSV -> GraphML -> CSV"
        else note=$(python3 "$CHECK" same-info "$dir/info.json" "$dir/info-imported.json" 2>&1); ok=$?
        fi
        [ $ok = 0 ] && note="CSV -> GraphML -> CSV: 3 sheets identical, ${note}"
    else
        note="exit $STATUS: $(head -c 120 "$OUT/.stderr")"
    fi
    row "$name" import-csv $ok "$note"
done
echo
echo "outputs in $OUT; $(uptime)"
[ $failures = 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
[ $failures = 0 ]
