#!/usr/bin/env python3
"""Independent check of `fabcheck throughput` against a maximum-concurrent-flow LP solved by HiGHS (scipy.optimize.linprog).

    scripts/throughput-lp-check.py [--fabcheck FABCHECK] [--write FIXTURE.json] [GRAPHML ...]
    scripts/throughput-lp-check.py --sweep GRAPHML [--fabcheck FABCHECK] [--write FIXTURE.json]

For every GraphML file given (default: the hand-written fixtures under Tests/Fixtures/throughput and the small shipped
designs), and the patterns all-to-all, ring and permutation:1, solves

    maximise theta  s.t.  for every destination t and vertex u != t:  out_t(u) - in_t(u) = theta * d(u, t)
                          sum over t of g_t(a) <= c(a) for every cable direction a,  g >= 0

with commodities grouped by DESTINATION (fabcheck's own LP groups them by source, so the two programs differ). The
forwarding model is applied as fabcheck documents it (Sources/FabricGraph/Core/Forwarding.swift): switches relay;
accelerators relay under 'auto' only when cabled to another accelerator, never under 'switches', always under 'all';
a flow toward t may enter a non-relaying vertex only when it is t. Demand as `analyze` defines it: each accelerator
injects the sum of its cable capacities, split evenly over its destinations (all-to-all), or sends it all to the
next accelerator in ascending device-index order (ring), or to its image under fabcheck's seeded SplitMix64
Fisher-Yates shuffle (permutation:SEED).

With --fabcheck, runs `FABCHECK throughput FILE --traffic P --method exact --format json` and checks that
thetaLower <= LP <= thetaUpper within 1e-6 (exit 1 otherwise). With --write, records the LP values as the fixture of
the Swift test (Tests/Fixtures/throughput/lp-reference.json). Needs scipy >= 1.9. The designs must be connected.

--sweep: the fixed demand of `sweep --metric throughput` (docs/throughput.md): each accelerator keeps its healthy
injection; after an edge fails, the pairs of accelerators outside the largest connected accelerator component leave
the demand. Every single-edge failure is solved and compared with fabcheck's bracket (fixture:
Tests/Fixtures/throughput/sweep-lp-reference.json).
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

NS = "{http://graphml.graphdrawing.org/xmlns}"
ACCELERATOR = {"gpu", "npu", "tpu", "xpu", "apu", "host", "server", "endpoint", "compute", "chip", "accelerator"}
CPU = {"cpu", "host-cpu", "processor"}
UNITS = {"b/s": 1, "kb/s": 1e3, "mb/s": 1e6, "gb/s": 1e9, "tb/s": 1e12, "gbps": 1e9, "tbps": 1e12, "gb/s": 1e9}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MASK = (1 << 64) - 1


def bandwidth(text):
    match = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z/]+)\s*", text)
    if not match:
        raise ValueError(f"bandwidth {text!r}")
    unit = match.group(2).lower()
    if unit.endswith("b/s") and match.group(2)[-3] == "B":  # bytes
        return float(match.group(1)) * UNITS[unit] * 8
    return float(match.group(1)) * UNITS[unit]


def read(path):
    """Devices in file order (id, role), cables (u, v, capacity per direction) and the graph's forwarding key."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        root = ET.parse(handle).getroot()
    keys, defaults = {}, {}
    for key in root.iter(NS + "key"):
        name = key.get("attr.name")
        if name:
            keys[key.get("id")] = name
            default = key.find(NS + "default")
            if default is not None:
                defaults[name] = default.text
    graph = root.find(NS + "graph")
    forwarding = "auto"
    for data in graph.findall(NS + "data"):
        if keys.get(data.get("key")) == "forwarding":
            forwarding = (data.text or "auto").strip().lower()
    devices = []
    for node in graph.iter(NS + "node"):
        data = {keys.get(d.get("key")): (d.text or "") for d in node.findall(NS + "data")}
        devices.append((node.get("id"), data.get("role", "").strip().lower()))
    cables = []
    for edge in graph.iter(NS + "edge"):
        data = {keys.get(d.get("key")): (d.text or "") for d in edge.findall(NS + "data")}
        capacity = bandwidth(data.get("bandwidth") or defaults["bandwidth"])
        multiplicity = int(data.get("multiplicity") or defaults.get("multiplicity") or 1)
        cables.append((edge.get("source"), edge.get("target"), capacity * multiplicity, edge.get("id")))
    return devices, cables, forwarding


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound):
        return self.next() % bound


def demands(pattern, accelerators, injection):
    """(source, target, amount at theta = 1) over accelerator vertex indices, ascending."""
    n = len(accelerators)
    if pattern == "all-to-all":
        return [(s, t, injection[s] / (n - 1)) for s in accelerators for t in accelerators if s != t]
    if pattern == "ring":
        return [(accelerators[i], accelerators[(i + 1) % n], injection[accelerators[i]]) for i in range(n)]
    if pattern.startswith("permutation:"):
        random = SplitMix64(int(pattern.split(":")[1]))
        order = list(accelerators)
        for index in range(n - 1, 0, -1):
            j = random.below(index + 1)
            order[index], order[j] = order[j], order[index]
        return [(s, t, injection[s]) for s, t in zip(accelerators, order) if s != t]
    raise ValueError(pattern)


def largest_component(count, arcs, accelerators):
    """Accelerators of the component holding the most accelerators (lowest accelerator on ties), plain connectivity."""
    parent = list(range(count))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in arcs:
        parent[find(a)] = find(b)
    groups = {}
    for a in accelerators:
        groups.setdefault(find(a), []).append(a)
    best = max(groups.values(), key=lambda group: (len(group), -min(group)))
    return sorted(best)


def theta(path, pattern, failed=()):
    """The LP's theta; with `failed` edge ids, of the healthy design's fixed demand (healthy injection) restricted to
    the accelerators still connected, on the design without those edges."""
    devices, cables, forwarding = read(path)
    index = {name: i for i, (name, _) in enumerate(devices)}
    roles = [role for _, role in devices]
    endpoint = [role in ACCELERATOR or role in CPU for role in roles]
    accelerators = [i for i, role in enumerate(roles) if role in ACCELERATOR]
    arcs = []
    acc_neighbour = [False] * len(devices)
    arc_ids = []
    for u, v, c, edge_id in cables:
        a, b = index[u], index[v]
        if a == b:
            continue
        arcs += [(a, b, c), (b, a, c)]
        arc_ids += [edge_id, edge_id]
        if roles[a] in ACCELERATOR and roles[b] in ACCELERATOR:
            acc_neighbour[a] = acc_neighbour[b] = True
    if forwarding in ("all", "direct"):
        relays = [True] * len(devices)
    elif forwarding in ("switches", "indirect", "none"):
        relays = [not e for e in endpoint]
    else:
        relays = [acc_neighbour[i] if endpoint[i] else True for i in range(len(devices))]
    injection = [0.0] * len(devices)
    for a, _, c in arcs:
        if a in accelerators:
            injection[a] += c
    pairs = demands(pattern, accelerators, injection)
    if failed:
        arcs = [arc for arc, edge_id in zip(arcs, arc_ids) if edge_id not in failed]
        alive = set(largest_component(len(devices), arcs, accelerators))
        pairs = [(s, t, d) for s, t, d in pairs if s in alive and t in alive]
    destinations = sorted({t for _, t, _ in pairs})
    demand = {(s, t): d for s, t, d in pairs}
    scale = max(c for _, _, c in arcs)
    # Columns: theta, then g[t, a] for the arcs a commodity t may use.
    columns = [(-1, -1)]
    for t in destinations:
        for k, (a, b, _) in enumerate(arcs):
            if a == t:
                continue  # nothing leaves the destination
            if b != t and not relays[b]:
                continue  # a flow toward t enters a non-relaying vertex only when it is t
            columns.append((t, k))
    rows, cols, vals = [], [], []
    row_of = {}
    for t in destinations:
        for u in range(len(devices)):
            if u != t:
                row_of[(t, u)] = len(row_of)
    for j, (t, k) in enumerate(columns):
        if t < 0:
            continue
        a, b, _ = arcs[k]
        rows.append(row_of[(t, a)]); cols.append(j); vals.append(1.0)
        if b != t:
            rows.append(row_of[(t, b)]); cols.append(j); vals.append(-1.0)
    for (t, u), r in row_of.items():
        d = demand.get((u, t), 0.0)
        if d:
            rows.append(r); cols.append(0); vals.append(-d / scale)
    equality = coo_matrix((vals, (rows, cols)), shape=(len(row_of), len(columns))).tocsr()
    rows, cols, vals = [], [], []
    for j, (t, k) in enumerate(columns):
        if t >= 0:
            rows.append(k); cols.append(j); vals.append(1.0)
    capacity = coo_matrix((vals, (rows, cols)), shape=(len(arcs), len(columns))).tocsr()
    cost = np.zeros(len(columns))
    cost[0] = -1
    result = linprog(cost, A_ub=capacity, b_ub=np.array([c / scale for _, _, c in arcs]), A_eq=equality,
                     b_eq=np.zeros(len(row_of)), bounds=(0, None), method="highs")
    if result.status != 0:
        raise RuntimeError(f"{path} {pattern}: HiGHS: {result.message}")
    return -result.fun


def sweep(args):
    """Every single-edge failure of `args.sweep` (edges need ids): the fixed-demand LP theta for all-to-all, compared
    with `fabcheck sweep FILE --metric throughput --format json` (and recorded with --write)."""
    path = args.sweep
    full = os.path.join(ROOT, path) if not os.path.isabs(path) else path
    _, cables, _ = read(full)
    healthy = theta(full, "all-to-all")
    cases, failures = [], 0
    results = {}
    if args.fabcheck:
        output = subprocess.run([args.fabcheck, "sweep", path, "--metric", "throughput", "--format", "json"],
                                capture_output=True, text=True, cwd=ROOT)
        report = json.loads(output.stdout)
        results = {r["failure"]["label"]: r["throughput"] for r in report["results"]}
        low, high = report["baseline"]["thetaLower"], report["baseline"]["thetaUpper"]
        ok = low <= healthy * (1 + 1e-6) + 1e-9 and healthy <= high * (1 + 1e-6) + 1e-9
        failures += not ok
        print(f"{path} healthy: LP theta = {healthy:.9f}; fabcheck [{low:.9f}, {high:.9f}] {'ok' if ok else 'MISMATCH'}")
    for edge_id in sorted({c[3] for c in cables if c[3]}):
        value = theta(full, "all-to-all", failed={edge_id})
        line = f"{path} fail {edge_id}: LP theta = {value:.9f}"
        if args.fabcheck:
            impact = results[f"link:{edge_id}"]
            low, high = impact["thetaLowerAfter"], impact["thetaUpperAfter"]
            ok = low <= value * (1 + 1e-6) + 1e-9 and value <= high * (1 + 1e-6) + 1e-9
            failures += not ok
            line += f"; fabcheck [{low:.9f}, {high:.9f}] {impact['method']} {'ok' if ok else 'MISMATCH'}"
        print(line)
        cases.append({"fail": edge_id, "theta": round(value, 9)})
    if args.write:
        with open(args.write, "w") as out:
            json.dump({"solver": "HiGHS via scipy.optimize.linprog (scripts/throughput-lp-check.py --sweep)",
                       "formulation": "destination-grouped edge LP, healthy injection fixed, pairs of the connected accelerators",
                       "file": path, "healthy": round(healthy, 9), "cases": cases}, out, indent=2, sort_keys=True)
            out.write("\n")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fabcheck")
    parser.add_argument("--write")
    parser.add_argument("--sweep", help="a GraphML file: the LP of every single-edge failure under the fixed demand")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.sweep:
        return sweep(args)
    files = args.files or [
        "Tests/Fixtures/throughput/irregular-pod.graphml",
        "Tests/Fixtures/throughput/fattree-k4-cut.graphml",
        "Tests/Fixtures/bisection/rail-pod-2x16.graphml",
        "topologies/fattree-k4.graphml",
        "topologies/torus-4x4x4.graphml",
    ]
    patterns = ["all-to-all", "ring", "permutation:1"]
    reference, failures = [], 0
    for path in files:
        for pattern in patterns:
            value = theta(os.path.join(ROOT, path) if not os.path.isabs(path) else path, pattern)
            entry = {"file": path, "traffic": pattern, "theta": round(value, 9)}
            line = f"{path} {pattern}: LP theta = {value:.9f}"
            if args.fabcheck:
                output = subprocess.run([args.fabcheck, "throughput", path, "--traffic", pattern, "--method", "exact",
                                         "--format", "json"], capture_output=True, text=True, cwd=ROOT)
                report = json.loads(output.stdout)
                low, high = report["thetaLower"], report["thetaUpper"]
                ok = low <= value * (1 + 1e-6) + 1e-9 and value <= high * (1 + 1e-6) + 1e-9 and high - low <= 1e-5 * high
                failures += not ok
                line += f"; fabcheck [{low:.9f}, {high:.9f}] {'ok' if ok else 'MISMATCH'}"
            print(line)
            reference.append(entry)
    if args.write:
        with open(args.write, "w") as out:
            json.dump({"solver": "HiGHS via scipy.optimize.linprog (scripts/throughput-lp-check.py)",
                       "formulation": "destination-grouped edge LP", "cases": reference}, out, indent=2, sort_keys=True)
            out.write("\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
