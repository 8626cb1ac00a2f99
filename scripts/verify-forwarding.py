#!/usr/bin/env python3
"""Independent reference for fabcheck's forwarding model (issue 14 point 2, issue 23 point 2).

Reads a GraphML file with xml.etree (not fabcheck's reader), treats every <edge> as a full-duplex cable whatever
GraphML's edgedefault says, lets only switches relay traffic (accelerators are endpoints unless cabled to another
accelerator), and, with networkx, computes for the healthy design and for every single link and device failure:
- the accelerator pairs that reach each other (a path whose inner vertices all relay),
- disconnected pairs (connected before, not after, both ends alive),
- stranded accelerators (survivors of the healthy largest part outside the after-part holding most of them; parts
  are the classes of the transitive closure of "reach each other").
Also: the minimum bisection of all-to-all by brute force for small files (--bisection).

Usage: scripts/verify-forwarding.py FILE.graphml [--pairs A,B ...] > expected.json
"""
import itertools
import json
import sys
import xml.etree.ElementTree as ET

import networkx as nx

NS = "{http://graphml.graphdrawing.org/xmlns}"
ENDPOINT_ROLES = {"gpu", "accelerator", "npu", "tpu", "xpu", "chip", "cpu"}


def read(path):
    root = ET.parse(path).getroot()
    keys = {}
    defaults = {}
    for key in root.iter(NS + "key"):
        keys[key.get("id")] = key.get("attr.name")
        default = key.find(NS + "default")
        if default is not None and key.get("for") == "node":
            defaults[key.get("attr.name")] = default.text
    graph = nx.MultiGraph()
    roles = {}
    for node in root.iter(NS + "node"):
        data = dict(defaults)
        for item in node.findall(NS + "data"):
            data[keys.get(item.get("key"))] = (item.text or "").strip()
        graph.add_node(node.get("id"))
        roles[node.get("id")] = (data.get("role") or "").lower()
    links = []
    for index, edge in enumerate(root.iter(NS + "edge")):
        graph.add_edge(edge.get("source"), edge.get("target"), key=index)
        links.append((edge.get("source"), edge.get("target"), index))
    accelerators = sorted(n for n in graph if roles[n] in ENDPOINT_ROLES - {"cpu"})
    return graph, roles, accelerators, links


def relays(graph, roles):
    result = {}
    for n in graph:
        if roles[n] in ENDPOINT_ROLES:
            result[n] = roles[n] != "cpu" and any(roles[w] in ENDPOINT_ROLES - {"cpu"} for w in graph.neighbors(n) if w != n)
        else:
            result[n] = True
    return result


def reach(graph, relay, accelerators):
    """Set of frozenset pairs of accelerators joined by a path through relaying vertices only."""
    pairs = set()
    alive = [a for a in accelerators if a in graph]
    for a in alive:
        # BFS from a that expands only relaying vertices (and a itself).
        seen = {a}
        frontier = [a]
        while frontier:
            nxt = []
            for v in frontier:
                if v != a and not relay[v]:
                    continue
                for w in graph.neighbors(v):
                    if w not in seen:
                        seen.add(w)
                        nxt.append(w)
            frontier = nxt
        for b in alive:
            if b != a and b in seen:
                pairs.add(frozenset((a, b)))
    return pairs


def parts(accelerators, pairs):
    closure = nx.Graph()
    closure.add_nodes_from(accelerators)
    closure.add_edges_from(tuple(p) for p in pairs)
    return list(nx.connected_components(closure))


def impact(graph, relay, accelerators, healthy_pairs, healthy_parts, failed_links=(), failed_devices=()):
    g = graph.copy()
    for (s, t, k) in failed_links:
        g.remove_edge(s, t, key=k)
    g.remove_nodes_from(failed_devices)
    survivors = [a for a in accelerators if a not in failed_devices]
    after = reach(g, relay, survivors)
    before = {p for p in healthy_pairs if all(x in survivors for x in p)}
    largest = max(healthy_parts, key=lambda part: (len(part), -min(accelerators.index(a) for a in part)))
    members = [a for a in survivors if a in largest]
    after_parts = parts(survivors, after)
    best = max((len(set(members) & part) for part in after_parts), default=0)
    return {
        "failedAccelerators": sum(1 for d in failed_devices if d in accelerators),
        "disconnectedPairs": len(before - after),
        "strandedAccelerators": len(members) - best,
    }


def main():
    path = sys.argv[1]
    graph, roles, accelerators, links = read(path)
    relay = relays(graph, roles)
    healthy = reach(graph, relay, accelerators)
    healthy_parts = parts(accelerators, healthy)
    n = len(accelerators)
    out = {
        "file": path.split("/")[-1],
        "accelerators": n,
        "relayingAccelerators": sum(1 for a in accelerators if relay[a]),
        "connectedPairs": len(healthy),
        "links": [],
        "devices": [],
        "pairs": [],
    }
    for (s, t, k) in links:
        out["links"].append({"link": k, "source": s, "target": t,
                             **impact(graph, relay, accelerators, healthy, healthy_parts, failed_links=[(s, t, k)])})
    for d in sorted(graph):
        out["devices"].append({"device": d, **impact(graph, relay, accelerators, healthy, healthy_parts, failed_devices=[d])})
    for arg in sys.argv[2:]:
        if arg.startswith("--pairs="):
            for item in arg[len("--pairs="):].split(";"):
                a, b = item.split(",")
                out["pairs"].append({"devices": [a, b],
                                     **impact(graph, relay, accelerators, healthy, healthy_parts, failed_devices=[a, b])})
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
