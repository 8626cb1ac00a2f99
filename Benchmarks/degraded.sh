#!/usr/bin/env bash
# Degraded designs (issue 22, parts 1-2): `analyze` and `sweep --elements links --metric traffic` on shipped 15k
# designs with 0.1% and 1% of their <edge> elements deleted at random (degrade.py, seeds 1-3), as a user's file of
# a fabric in operation would be, against the healthy design measured in the same run. With --before BINARY the
# same commands also run on a second fabcheck build (e.g. main) for before -> after columns.
#
# usage: Benchmarks/degraded.sh [--fabcheck BIN] [--before BIN] [--timeout SECONDS] [--no-sweep] [--seeds "1 2 3"]
#                               [--fractions "0.001 0.01"] [--dir DIR] [DESIGN ...]
# Prints one markdown row per file: wall (user+sys CPU) seconds, passes of analyze, ratio to the healthy design.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fabcheck="$root/.build/release/fabcheck"
before=""
timeout_s=300
sweep=1
seeds="1 2 3"
fractions="0.001 0.01"
dir=/tmp/fabcheck-degraded
designs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --fabcheck) fabcheck=$2; shift 2 ;;
        --before) before=$2; shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --no-sweep) sweep=0; shift ;;
        --seeds) seeds=$2; shift 2 ;;
        --fractions) fractions=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) designs+=("$1"); shift ;;
    esac
done
[ ${#designs[@]} -gt 0 ] || designs=(atlas960-like-15k hpn-pod-15k)
[ -x "$fabcheck" ] || { echo "no release binary at $fabcheck (swift build -c release --product fabcheck)" >&2; exit 2; }
mkdir -p "$dir"

# run BIN ARGS...: prints "wall (cpu)", or "> T s (cpu, done/total)" when stopped at the timeout with the sweep's
# progress at that moment (read from its progress bar through a pseudo-terminal); the output goes to $dir/last.out.
run() {
    local bin=$1; shift
    local times="$dir/time.txt"
    local command
    command=$(printf '%q ' /usr/bin/time -f "%e %U %S" -o "$times" timeout "$timeout_s" "$bin" "$@")
    set +e
    if [ "$1" = sweep ] && command -v script > /dev/null; then
        script -qfec "$command > $dir/last.out" /dev/null > "$dir/last.err"
    else
        eval "$command" > "$dir/last.out" 2> "$dir/last.err"
    fi
    local status=$?
    set -e
    if [ $status -eq 124 ] || grep -q "Command exited with non-zero status 124" "$times"; then
        local done
        done=$(tr '\r' '\n' < "$dir/last.err" | grep -Eo '[0-9]+/[0-9]+' | tail -1 || true)
        awk -v t="$timeout_s" -v d="${done:-0/?}" 'END { printf "> %s s (%.1f, %s links)", t, $1 + $2, d }' <(tail -1 "$times" | cut -d' ' -f2-)
        return
    fi
    awk 'END { printf "%.1f s (%.1f)", $1, $2 + $3 }' "$times"
}
wall() { sed -E 's/^> ([0-9.]+) s$/\1/; s/ s.*//' <<< "$1"; }
passes() { grep -Eo '"destinationPasses" *: *[0-9]+' "$dir/last.out" | grep -Eo '[0-9]+$' || echo "?"; }

echo "load: $(uptime | sed 's/.*load average: //')"
echo
echo "| design | links removed | seed | analyze before | analyze after (passes) | after ÷ healthy | sweep before | sweep after | load |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for design in "${designs[@]}"; do
    source="$root/topologies/$design.graphml.gz"
    [ -f "$source" ] || { echo "no shipped design $source" >&2; exit 2; }
    files=("healthy:$source")
    for fraction in $fractions; do
        for seed in $seeds; do
            target="$dir/$design-$fraction-$seed.graphml"
            [ -f "$target" ] || python3 "$root/Benchmarks/degrade.py" "$source" "$target" "$fraction" "$seed" > /dev/null
            files+=("$fraction/$seed:$target")
        done
    done
    healthy=""
    for entry in "${files[@]}"; do
        label=${entry%%:*}
        file=${entry#*:}
        analyze_before="–"
        sweep_before="–"
        sweep_after="–"
        keep="$dir/$design-${label/\//-}"
        if [ -n "$before" ]; then
            analyze_before=$(run "$before" analyze --format json "$file")
            cp "$dir/last.out" "$keep-analyze-before.json"
        fi
        analyze_after=$(run "$fabcheck" analyze --format json "$file")
        count=$(passes)
        cp "$dir/last.out" "$keep-analyze-after.json"
        if [ -n "$before" ] && ! cmp -s "$keep-analyze-before.json" "$keep-analyze-after.json"; then
            echo "note: $design $label: analyze output differs before -> after (diff $keep-analyze-{before,after}.json)" >&2
        fi
        if [ -z "$healthy" ]; then healthy=$(wall "$analyze_after"); fi
        ratio=$(awk -v a="$(wall "$analyze_after")" -v h="$healthy" 'BEGIN { printf "%.2f", (h > 0 ? a / h : 0) }')
        if [ $sweep -eq 1 ]; then
            if [ -n "$before" ]; then sweep_before=$(run "$before" sweep --elements links --metric traffic "$file"); fi
            sweep_after=$(run "$fabcheck" sweep --elements links --metric traffic "$file")
        fi
        if [ "$label" = healthy ]; then removed="0 (healthy)"; seed="–"; else removed="${label%%/*}"; seed="${label#*/}"; fi
        load=$(uptime | sed 's/.*load average: //; s/,.*//')
        echo "| $design | $removed | $seed | $analyze_before | $analyze_after ($count) | $ratio | $sweep_before | $sweep_after | $load |"
    done
done
