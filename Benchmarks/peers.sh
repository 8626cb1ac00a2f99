#!/usr/bin/env bash
# fabcheck beside networkx, igraph, rustworkx and NetGraph (and METIS/KaHIP for the bisection) on the same generated GraphML
# files, on this machine: one table of medians and ratios (peer time ÷ fabcheck time; above 1 means fabcheck is
# faster). Results and the machine go into Benchmarks/README.md by hand.
#
#   Benchmarks/peers.sh [--repetitions N] [--ecmp-budget SECONDS] [--no-bisection] [DESIGN ...]
#
# Defaults: 3 repetitions; designs hpn-pod-15k (2-tier dual-plane Clos), dragonfly-a16-p8-h8 and tpu-v4-16x16x16
# (3D torus). The files are generated with `fabcheck generate DESIGN` under $PEERS_DIR (default
# /tmp/fabcheck-peers) and never committed. Peers missing from Python are installed from PyPI with pip; a peer that
# cannot be installed is skipped with a note. The bisection column reuses bisection-peers.sh (pymetis, kahip).
#
# What each step times (details in peers/peers.py and Sources/EndToEndBench/main.swift):
#   import     reading the uncompressed GraphML file into the library's graph (fabcheck: the full model)
#   bridges    bridges + articulation points (fabcheck: CSR build included)
#   ecmp       all-to-all loads among accelerators: fabcheck's per-hop ECMP split (TrafficAnalysis.analyze, both
#              cores, exact symmetry shortcuts); peers: edge betweenness over accelerator pairs (per-path split,
#              same shortest-path work; rustworkx over all vertex pairs, all cores), extrapolated from a prefix
#              of the sources when a full run would exceed --ecmp-budget seconds
#   bisection  fabcheck: the certified bracket (fast effort); METIS/KaHIP: one balanced bisection (a cut only)
#   maxflow    maximum flow between the first and last accelerator (fabcheck: CSRGraph.maxFlow, Dinic; networkx,
#              igraph, NetGraph on their built graphs); the value in bit/s is in the note, to compare
#   sweep      that max flow once per failed link, every link in turn (fabcheck: FailureMask + maxFlow; NetGraph:
#              max_flow_analysis with excluded_links), extrapolated from a prefix when over --ecmp-budget
set -euo pipefail
cd "$(dirname "$0")"
repetitions=3
budget=60
bisection=1
designs=()
while [ $# -gt 0 ]; do
    case "$1" in
        --repetitions) repetitions="$2"; shift 2 ;;
        --ecmp-budget) budget="$2"; shift 2 ;;
        --no-bisection) bisection=0; shift ;;
        -*) echo "unknown option $1" >&2; exit 64 ;;
        *) designs+=("$1"); shift ;;
    esac
done
[ ${#designs[@]} -gt 0 ] || designs=(hpn-pod-15k dragonfly-a16-p8-h8 tpu-v4-16x16x16)
dir="${PEERS_DIR:-/tmp/fabcheck-peers}"
mkdir -p "$dir" out

tools=()
for peer in networkx igraph rustworkx ngraph; do
    if python3 -c "import $peer" 2>/dev/null || python3 -m pip install --quiet "$peer" >/dev/null 2>&1; then
        tools+=("$peer")
    else
        echo "note: $peer is not installable here; its columns stay empty" >&2
    fi
done

echo "building fabcheck and EndToEndBench (release)..." >&2
(cd .. && swift build -c release --scratch-path .build-release --product fabcheck >&2)
swift build -c release --scratch-path .build-release --product EndToEndBench >&2
fabcheck=../.build-release/release/fabcheck
files=()
for design in "${designs[@]}"; do
    file="$dir/$design.graphml"
    [ -s "$file" ] || "$fabcheck" generate "$design" -o "$file"
    files+=("$file")
done

echo "fabcheck steps..." >&2
.build-release/release/EndToEndBench steps --repetitions "$repetitions" --budget "$budget" "${files[@]}" > out/peers-fabcheck.tsv
: > out/peers-python.tsv
if [ ${#tools[@]} -gt 0 ]; then
    echo "python peers (${tools[*]})..." >&2
    python3 peers/peers.py --repetitions "$repetitions" --ecmp-budget "$budget" --tools "$(IFS=,; echo "${tools[*]}")" \
        "${files[@]}" > out/peers-python.tsv
fi
: > out/peers-partitioners.tsv
if [ "$bisection" = 1 ]; then
    echo "METIS/KaHIP via bisection-peers.sh..." >&2
    if ./bisection-peers.sh "${designs[@]}" > out/bisection-peers.txt 2>&1 && [ -s out/peers.tsv ]; then
        awk -F'\t' '!/^#/ { printf "%s\t%s\tbisection\t%.6f\t%s\n", $1, $2, $4 / 1000, "cut " $3 " bit/s, sides " $5 }' \
            out/peers.tsv > out/peers-partitioners.tsv
    else
        echo "note: bisection-peers.sh did not produce a table (see out/bisection-peers.txt)" >&2
    fi
fi

python3 - out/peers-fabcheck.tsv out/peers-python.tsv out/peers-partitioners.tsv <<'PY'
import collections, math, sys
rows = collections.OrderedDict()
notes = []
for path in sys.argv[1:]:
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 4 or line.startswith("#"):
            continue
        design, tool, step, seconds = fields[:4]
        note = fields[4] if len(fields) > 4 else ""
        rows.setdefault((design, step), {})[tool] = (float(seconds), note)
        if note and tool != "fabcheck" and ("extrap" in note or "error" in step or "not installed" in note):
            notes.append(f"{design} {tool} {step}: {note}")
tools = ["fabcheck", "networkx", "igraph", "rustworkx", "ngraph", "metis", "kahip"]
present = [t for t in tools if any(t in cell for cell in rows.values())]
print("| design | step | " + " | ".join(present) + " |")
print("| --- | --- | " + " | ".join("---:" for _ in present) + " |")
order = {"import": 0, "bridges": 1, "ecmp": 2, "bisection": 3, "maxflow": 4, "sweep": 5}
for (design, step), cell in sorted(rows.items(), key=lambda item: (item[0][0], order.get(item[0][1], 9))):
    base = cell.get("fabcheck", (math.nan, ""))[0]
    out = []
    for tool in present:
        if tool not in cell or math.isnan(cell[tool][0]):
            out.append("–")
            continue
        seconds = cell[tool][0]
        mark = "~" if "extrap" in cell[tool][1] else ""
        text = f"{mark}{seconds:.3f} s" if seconds < 100 else f"{mark}{seconds:.0f} s"
        if tool != "fabcheck" and base > 0:
            text += f" ({seconds / base:.1f}×)"
        out.append(text)
    print(f"| {design} | {step} | " + " | ".join(out) + " |")
print()
print("Medians; (N×) = peer time ÷ fabcheck time; ~ = extrapolated from a prefix of the sources.")
for note in notes:
    print(f"- {note}")
PY
