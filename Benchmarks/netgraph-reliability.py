#!/usr/bin/env python3
"""Monte-Carlo availability under the default failure model: fabcheck against NetGraph (pip install ngraph==0.24.1).

    Benchmarks/netgraph-reliability.py --fabcheck FABCHECK [--iterations N] [--samples M] [--spares 1/64] [GRAPHML]

Same design, same policy, same question, measured in one run. The design (default
topologies/atlas960-like-15k.graphml.gz) is read here and built as a NetGraph `Network` directly (one node per device,
one link per GraphML edge with its cable count as capacity, SRLGs as risk groups). The policy is fabcheck's default
failure model (docs/reliability.md): every element fails independently with its class's steady-state unavailability
q = λ·MTTR / (8760 + λ·MTTR) — one NetGraph `FailureMode` whose `random` rules select nodes by role/tier and links by
medium with that probability, and SRLGs with the srlg class's. Per iteration the analysis answers fabcheck's question:
is any accelerator missing beyond the spares of its rack (floor(rack size × spares ratio)), with failed accelerators and
those cut off from the healthy largest accelerator component counted as missing (connectivity by
scipy.sparse.csgraph on the surviving links: the fastest per-iteration evaluation available in Python). NetGraph runs
`--iterations` iterations (one thread); fabcheck runs `--samples` samples (`reliability --samples`); the ratio of
seconds per sample, and both availability estimates, are printed.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ngraph.analysis.failure_manager import FailureManager
from ngraph.model.failure.policy import FailureMode, FailurePolicy, FailureRule
from ngraph.model.failure.policy_set import FailurePolicySet
from ngraph.model.network import Link, Network, Node, RiskGroup
from ngraph.model.selectors.schema import Condition

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOURS = 8760.0
# docs/reliability.md, "Defaults and where they come from": (failures per year, MTTR hours).
RATES = {"accelerator": (0.1, 48), "nic": (0.02, 24), "cpu": (0.01, 48), "switch": (0.05, 8), "link-optical": (0.02, 4),
         "link": (0.02, 4), "link-copper": (0.002, 8), "srlg": (0.01, 24)}
ACCELERATOR_ROLES = {"gpu", "npu", "tpu", "accelerator", "xpu"}
OPTICAL = {"fiber", "optical", "optics", "aoc", "fibre"}
COPPER = {"copper", "dac", "backplane", "electrical", "pcb"}


def unavailability(name):
    rate, mttr = RATES[name]
    return rate * mttr / (HOURS + rate * mttr)


def read(path):
    """Devices (id, role, rack) and edges (source, target, medium, cables, srlgs) of a GraphML file."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        tree = ET.parse(handle)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {key.get("id"): key.get("attr.name") for key in tree.getroot().findall("g:key", ns)}
    graph = tree.getroot().find("g:graph", ns)
    devices, edges = [], []
    for node in graph.findall("g:node", ns):
        data = {keys.get(d.get("key")): (d.text or "") for d in node.findall("g:data", ns)}
        devices.append((node.get("id"), data.get("role", "").lower(), data.get("rack"), data.get("tier")))
    for edge in graph.findall("g:edge", ns):
        data = {keys.get(d.get("key")): (d.text or "") for d in edge.findall("g:data", ns)}
        srlgs = [s for s in data.get("srlg", "").replace(";", ",").split(",") if s.strip()]
        edges.append((edge.get("source"), edge.get("target"), data.get("medium", "").lower(),
                      int(data.get("multiplicity") or 1), [s.strip() for s in srlgs]))
    return devices, edges


def link_class(medium):
    return "link-optical" if medium in OPTICAL else "link-copper" if medium in COPPER else "link"


def build(devices, edges):
    network = Network()
    for name, role, rack, tier in devices:
        cls = "accelerator" if role in ACCELERATOR_ROLES else role if role in ("nic", "cpu") else "switch"
        network.add_node(Node(name=name, attrs={"fclass": cls, "rack": rack or ""}))
    groups = set()
    for source, target, medium, cables, srlgs in edges:
        network.add_link(Link(source=source, target=target, capacity=float(cables),
                              risk_groups=set(srlgs), attrs={"fclass": link_class(medium)}))
        groups.update(srlgs)
    for group in sorted(groups):
        network.risk_groups[group] = RiskGroup(name=group)
    rules = []
    for scope, classes in (("node", ("accelerator", "nic", "cpu", "switch")),
                           ("link", ("link-optical", "link-copper", "link"))):
        for cls in classes:
            rules.append(FailureRule(scope=scope, conditions=[Condition(attr="fclass", op="==", value=cls)],
                                     mode="random", probability=unavailability(cls)))
    if groups:
        rules.append(FailureRule(scope="risk_group", mode="random", probability=unavailability("srlg")))
    policies = FailurePolicySet()
    policies.add("default_model", FailurePolicy(modes=[FailureMode(weight=1.0, rules=rules)]))
    return network, policies


def analysis(devices, edges, spares):
    """The per-iteration check: True when no accelerator is missing beyond its rack's spares."""
    index = {name: i for i, (name, *_rest) in enumerate(devices)}
    accelerator = np.array([role in ACCELERATOR_ROLES for _, role, _, _ in devices])
    racks = {}
    for i, (_, role, rack, _) in enumerate(devices):
        if accelerator[i]:
            racks.setdefault(rack or f"#{i}", []).append(i)
    rack_of = np.full(len(devices), -1)
    rack_spares = []
    for r, members in enumerate(racks.values()):
        rack_of[members] = r
        rack_spares.append(len(members) * spares[0] // spares[1])
    rack_spares = np.array(rack_spares)
    source = np.array([index[s] for s, *_ in edges])
    target = np.array([index[t] for _, t, *_ in edges])
    n = len(devices)

    def available(failed_nodes, failed_links):
        alive = np.ones(n, dtype=bool)
        alive[list(failed_nodes)] = False
        keep = alive[source] & alive[target]
        if failed_links:
            keep[list(failed_links)] = False
        graph = csr_matrix((np.ones(keep.sum()), (source[keep], target[keep])), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        live = accelerator & alive
        main = np.bincount(labels[live]).argmax()
        missing = accelerator & ~(alive & (labels == main))
        short = np.bincount(rack_of[missing], minlength=len(rack_spares)) - rack_spares
        return bool((short <= 0).all())

    return available, index


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fabcheck", required=True)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--samples", type=int, default=100000)
    parser.add_argument("--spares", default="1/64")
    parser.add_argument("design", nargs="?", default="topologies/atlas960-like-15k.graphml.gz")
    args = parser.parse_args()
    spares = tuple(int(x) for x in args.spares.split("/"))
    start = time.perf_counter()
    devices, edges = read(os.path.join(ROOT, args.design))
    network, policies = build(devices, edges)
    check, index = analysis(devices, edges, spares)
    link_index = {link_id: position for position, link_id in enumerate(network.links)}
    setup = time.perf_counter() - start

    def evaluate(network, excluded_nodes, excluded_links, **kwargs):
        return check({index[n] for n in excluded_nodes}, {link_index[l] for l in excluded_links})

    manager = FailureManager(network, policies, "default_model")
    start = time.perf_counter()
    result = manager.run_monte_carlo_analysis(evaluate, iterations=args.iterations, parallelism=1, seed=1)
    netgraph_seconds = time.perf_counter() - start
    counts = result["metadata"].get("occurrence_counts") or [1] * len(result["results"])
    netgraph_available = sum(c for r, c in zip(result["results"], counts) if r) / max(1, sum(counts))
    start = time.perf_counter()
    out = subprocess.run([args.fabcheck, "reliability", args.design, "--spares-per-block", args.spares,
                          "--samples", str(args.samples), "--format", "json"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    fabcheck_seconds = time.perf_counter() - start
    report = json.loads(out)
    per_netgraph = netgraph_seconds / args.iterations
    per_fabcheck = fabcheck_seconds / args.samples
    print(json.dumps({
        "design": args.design, "devices": len(devices), "links": len(edges), "spares": args.spares,
        "netgraph": {"version": "0.24.1", "setup_seconds": round(setup, 2), "iterations": args.iterations,
                     "seconds": round(netgraph_seconds, 2), "seconds_per_iteration": per_netgraph,
                     "availability": netgraph_available},
        "fabcheck": {"samples": args.samples, "seconds": round(fabcheck_seconds, 2),
                     "seconds_per_sample": per_fabcheck, "availability": report["availability"]},
        "ratio_per_sample": per_netgraph / per_fabcheck}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
