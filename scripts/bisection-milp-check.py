#!/usr/bin/env python3
"""Independent check of `fabcheck bisection` against a MILP solved by HiGHS (scipy.optimize.milp).

    scripts/bisection-milp-check.py FABCHECK [GRAPHML ...] [--random N]

For every GraphML file given (default: the hand-written fixtures under Tests/Fixtures/bisection) and N seeded random
graphs (default 20; written to a temporary folder), solves the minimum bisection exactly:

    x_v in [0, 1] per device (binary for accelerators), y_uv >= x_u - x_v per cable direction,
    sum of accelerator x = floor(n/2), minimize sum of capacity * y

(switches need no integrality: with the accelerators fixed it is a minimum-cut LP), then runs
`FABCHECK bisection --format json FILE` and checks lower <= exact <= upper, and lower = exact = upper when
fabcheck says its lower bound is exact. Exit 0 when every check holds. Needs scipy >= 1.9 (pip install scipy).
Capacities are per direction; cables are treated as full duplex (the files used here are undirected).
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

NS = "{http://graphml.graphdrawing.org/xmlns}"
ACCELERATOR_ROLES = {"gpu", "npu", "tpu", "accelerator", "xpu", "host"}
UNITS = {"b/s": 1, "kb/s": 1e3, "mb/s": 1e6, "gb/s": 1e9, "tb/s": 1e12, "gbps": 1e9, "tbps": 1e12}


def bandwidth(text):
    match = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z/]+)\s*", text)
    if not match:
        raise ValueError(f"bandwidth {text!r}")
    return float(match.group(1)) * UNITS[match.group(2).lower()]


def read(path):
    """Devices (id -> is accelerator) and cables (u, v, capacity) of a GraphML file."""
    root = ET.parse(path).getroot()
    keys = {}
    defaults = {}
    for key in root.iter(NS + "key"):
        name = key.get("attr.name")
        if name:
            keys[key.get("id")] = name
            default = key.find(NS + "default")
            if default is not None:
                defaults[name] = default.text
    graph = root.find(NS + "graph")
    devices = {}
    for node in graph.iter(NS + "node"):
        data = {keys.get(d.get("key")): (d.text or "") for d in node.findall(NS + "data")}
        devices[node.get("id")] = data.get("role", "").lower() in ACCELERATOR_ROLES
    cables = []
    for edge in graph.iter(NS + "edge"):
        data = {keys.get(d.get("key")): (d.text or "") for d in edge.findall(NS + "data")}
        capacity = bandwidth(data.get("bandwidth") or defaults["bandwidth"])
        cables.append((edge.get("source"), edge.get("target"), capacity * int(data.get("multiplicity") or 1)))
    return devices, cables


def exact_bisection(devices, cables):
    ids = sorted(devices)
    index = {name: i for i, name in enumerate(ids)}
    accelerators = [index[d] for d in ids if devices[d]]
    arcs = []
    for u, v, c in cables:
        if u != v:
            arcs.append((index[u], index[v], c))
            arcs.append((index[v], index[u], c))
    nv, na = len(ids), len(arcs)
    scale = min(c for _, _, c in arcs)
    cost = np.concatenate([np.zeros(nv), np.array([c / scale for _, _, c in arcs])])
    rows = lil_matrix((na + 1, nv + na))
    for row, (u, v, _) in enumerate(arcs):
        rows[row, nv + row] = 1
        rows[row, u] = -1
        rows[row, v] = 1
    for a in accelerators:
        rows[na, a] = 1
    half = len(accelerators) // 2
    lower = np.concatenate([np.zeros(na), [half]])
    upper = np.concatenate([np.full(na, np.inf), [half]])
    integrality = np.zeros(nv + na)
    integrality[accelerators] = 1
    result = milp(cost, constraints=LinearConstraint(rows.tocsr(), lower, upper), integrality=integrality,
                  bounds=Bounds(np.zeros(nv + na), np.concatenate([np.ones(nv), np.full(na, np.inf)])))
    if not result.success:
        raise RuntimeError(f"HiGHS: {result.message}")
    return result.fun * scale


def random_graph(seed, path):
    rng = random.Random(seed)
    accelerators = rng.randint(4, 14)
    switches = rng.randint(0, 5)
    names = [f"a{i}" for i in range(accelerators)] + [f"s{i}" for i in range(switches)]
    edges = []
    for vertex in range(1, len(names)):
        edges.append((vertex, rng.randrange(vertex), rng.choice([100, 200, 400])))
    for _ in range(rng.randint(0, 2 * accelerators)):
        a, b = rng.randrange(len(names)), rng.randrange(len(names))
        if a != b:
            edges.append((a, b, rng.choice([100, 200, 400])))
    with open(path, "w") as out:
        out.write('<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        out.write('  <key id="role" for="node" attr.name="role" attr.type="string"/>\n')
        out.write('  <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>\n')
        out.write('  <graph edgedefault="undirected">\n')
        for i, name in enumerate(names):
            role = "accelerator" if i < accelerators else "switch"
            out.write(f'    <node id="{name}"><data key="role">{role}</data></node>\n')
        for a, b, bw in edges:
            out.write(f'    <edge source="{names[a]}" target="{names[b]}"><data key="bw">{bw}Gb/s</data></edge>\n')
        out.write("  </graph>\n</graphml>\n")


def main():
    arguments = sys.argv[1:]
    if not arguments:
        print(__doc__)
        return 64
    fabcheck = arguments.pop(0)
    count = 20
    if "--random" in arguments:
        at = arguments.index("--random")
        count = int(arguments[at + 1])
        del arguments[at:at + 2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = arguments or [os.path.join(root, "Tests/Fixtures/bisection", name)
                          for name in sorted(os.listdir(os.path.join(root, "Tests/Fixtures/bisection")))
                          if name.endswith(".graphml")]
    temporary = tempfile.mkdtemp(prefix="bisection-milp-")
    for seed in range(count):
        path = os.path.join(temporary, f"random-{seed}.graphml")
        random_graph(seed, path)
        files.append(path)
    failures = 0
    for path in files:
        devices, cables = read(path)
        exact = exact_bisection(devices, cables)
        output = subprocess.run([fabcheck, "bisection", "--format", "json", path], capture_output=True, text=True)
        report = json.loads(output.stdout)
        lower, upper = report["lowerBps"], report["upperBps"]
        ok = lower <= exact * (1 + 1e-9) and exact <= upper * (1 + 1e-9)
        if report.get("lowerBoundMethod") == "exact":
            ok = ok and abs(lower - exact) <= 1e-9 * exact and abs(upper - exact) <= 1e-9 * exact
        failures += 0 if ok else 1
        print(f"{'ok  ' if ok else 'FAIL'} {os.path.basename(path)}: HiGHS {exact / 1e12:.4f} Tb/s, fabcheck "
              f"[{lower / 1e12:.4f}, {upper / 1e12:.4f}] Tb/s by {report.get('lowerBoundMethod')}")
    print(f"{len(files) - failures}/{len(files)} agree")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
