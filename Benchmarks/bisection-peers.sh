#!/usr/bin/env bash
# METIS (pymetis) and KaHIP (kahip) bisections of the shipped designs beside fabcheck's bracket, for
# docs/bisection.md. fabcheck does not depend on them: this script installs them from PyPI when it can and
# skips the comparison when it cannot.
#
#   Benchmarks/bisection-peers.sh [DESIGN ...]
#
# Vertex weights are 1 for accelerators and 0 for every other device, so both tools balance accelerators (METIS
# with ufactor 1, i.e. 0.1% imbalance; KaHIP strong with 1% imbalance, 60 s limit); edge weights are capacities in Mb/s. The cut is
# reported in bit/s with the accelerator count of each side, since neither tool guarantees exact balance.
set -euo pipefail
cd "$(dirname "$0")"
if ! python3 -c "import pymetis, kahip" 2>/dev/null; then
    python3 -m pip install --quiet pymetis kahip 2>/dev/null || { echo "pymetis/kahip not installable: no peer comparison"; exit 0; }
fi
mkdir -p out
swift run -c release --scratch-path .build-release BisectionBench --export-metis out/metis "$@" > out/bracket.md
python3 - out/metis > out/peers.tsv <<'PY'
import os, sys, time
import multiprocessing
import pymetis, kahip

KAHIP_SECONDS = 60

def kahip_worker(queue, vweights, xadj, eweights, adjncy):
    # strong mode (2), 1% imbalance: imbalance 0 with zero-weight vertices takes minutes even on 64 nodes
    _, blocks = kahip.kaffpa(vweights, xadj, eweights, adjncy, 2, 0.01, True, 1, 2)
    queue.put(list(blocks))

def read(path):
    with open(path) as f:
        header = f.readline().split()
        n = int(header[0])
        xadj, adjncy, eweights, vweights = [0], [], [], []
        for _ in range(n):
            fields = [int(x) for x in f.readline().split()]
            vweights.append(fields[0])
            for i in range(1, len(fields), 2):
                adjncy.append(fields[i] - 1)
                eweights.append(fields[i + 1])
            xadj.append(len(adjncy))
    return xadj, adjncy, eweights, vweights

def cut_of(parts, xadj, adjncy, eweights, vweights):
    cut = 0
    for v in range(len(xadj) - 1):
        for e in range(xadj[v], xadj[v + 1]):
            if parts[v] != parts[adjncy[e]]:
                cut += eweights[e]
    sides = [0, 0]
    for v, w in enumerate(vweights):
        sides[parts[v]] += w
    return cut / 2 * 1e6, f"{sides[0]}|{sides[1]}"

print("# design\ttool\tcut_bps\tmilliseconds\tsides")
directory = sys.argv[1]
for name in sorted(os.listdir(directory)):
    design = name[:-len(".metis")]
    xadj, adjncy, eweights, vweights = read(os.path.join(directory, name))
    options = pymetis.Options(ufactor=1, seed=1)
    start = time.perf_counter()
    _, parts = pymetis.part_graph(2, xadj=xadj, adjncy=adjncy, vweights=vweights, eweights=eweights, options=options)
    elapsed = (time.perf_counter() - start) * 1000
    cut, sides = cut_of(parts, xadj, adjncy, eweights, vweights)
    print(f"{design}\tmetis\t{cut}\t{elapsed:.1f}\t{sides}", flush=True)
    # KaHIP in a child process: it may run for minutes or abort (std::bad_alloc) on zero-weight vertices.
    queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=kahip_worker, args=(queue, vweights, xadj, eweights, adjncy))
    start = time.perf_counter()
    worker.start()
    try:
        blocks = queue.get(timeout=KAHIP_SECONDS)
    except Exception:
        blocks = None
    elapsed = (time.perf_counter() - start) * 1000
    worker.join(5)
    if worker.is_alive():
        worker.terminate()
        worker.join()
    if blocks is None:
        status = "timeout" if elapsed >= KAHIP_SECONDS * 1000 else "failed"
        print(f"{design}\tkahip\tnan\t{elapsed:.1f}\t{status}", flush=True)
        continue
    cut, sides = cut_of(blocks, xadj, adjncy, eweights, vweights)
    print(f"{design}\tkahip\t{cut}\t{elapsed:.1f}\t{sides}", flush=True)
PY
swift run -c release --scratch-path .build-release BisectionBench --peers out/peers.tsv "$@"
