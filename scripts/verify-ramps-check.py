#!/usr/bin/env python3
"""Checks for scripts/verify-ramps.sh. Prints a short note; exit status 0 when the check passes.

  diff-self DIFF.json                 no element change, no finding new or resolved, every metric equal
  diff-mutated DIFF.json EXPECTED     EXPECTED: {"device": id|null, "links_removed": n} from verify-ramps-mutate.py
  slurm TOPOLOGY.conf INFO.json       tree plugin: every accelerator in a leaf, every referenced switch defined, switches connected
  json NODELINK.json INFO.json        networkx reads it with the design's device and link counts
  same-info A.json B.json             `fabcheck info --format json` outputs equal except the file name
"""
import json
import re
import sys


def fail(message):
    print(message)
    sys.exit(1)


def diff_self(path):
    diff = json.load(open(path))
    for key in ("devicesAdded", "devicesRemoved", "devicesChanged", "linksAdded", "linksRemoved", "linksChanged",
                "graphChanged", "findingsNew", "findingsResolved", "regressions"):
        if diff.get(key):
            fail("%s not empty: %s" % (key, str(diff[key])[:80]))
    if diff["oldMetrics"] != diff["newMetrics"]:
        fail("metrics differ")
    print("empty; %d devices, %d cables, %d findings" % (diff["newMetrics"]["devices"], diff["newMetrics"]["cables"],
                                                          len(diff["newMetrics"]["findings"])))


def diff_mutated(path, expected):
    diff = json.load(open(path))
    expected = json.loads(expected)
    device = expected["device"]
    if device is not None and diff["devicesRemoved"] != [device]:
        fail("devicesRemoved %s, expected ['%s']" % (diff["devicesRemoved"][:5], device))
    removed = len(diff["linksRemoved"])
    if removed != expected["links_removed"]:
        fail("%d links removed, expected %d" % (removed, expected["links_removed"]))
    if diff["devicesAdded"] or diff["linksAdded"]:
        fail("spurious additions")
    worse = [delta["name"] for delta in diff["deltas"] if delta.get("worse")]
    print("removed %s%d link(s); worse: %s" % (("device %s + " % device) if device else "", removed, ", ".join(worse) or "none"))


def expand(hostlist):
    parts, depth, current = [], 0, ""
    for char in hostlist:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += char == "["
        depth -= char == "]"
        current += char
    if current:
        parts.append(current)
    names = []
    for part in parts:
        match = re.fullmatch(r"(.*)\[([^\]]*)\](.*)", part)
        if not match:
            names.append(part)
            continue
        prefix, ranges, suffix = match.groups()
        for item in ranges.split(","):
            low, _, high = item.partition("-")
            width = len(low) if low.startswith("0") and len(low) > 1 else 0
            for number in range(int(low), int(high or low) + 1):
                names.append("%s%0*d%s" % (prefix, width, number, suffix))
    return names


def slurm(path, info_path):
    info = json.load(open(info_path))
    switches, children, nodes = {}, set(), set()
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = dict(item.split("=", 1) for item in line.split())
        name = fields["SwitchName"]
        if name in switches:
            fail("switch '%s' defined twice" % name)
        switches[name] = fields
        if "Switches" in fields:
            children.update(expand(fields["Switches"]))
        if "Nodes" in fields:
            nodes.update(expand(fields["Nodes"]))
    undefined = children - set(switches)
    if undefined:
        fail("switches referenced but not defined: %s" % sorted(undefined)[:3])
    # Several top switches are fine (slurm joins them through shared children); the switch graph must be connected.
    roots = set(switches) - children
    adjacent = {name: set() for name in switches}
    for name, fields in switches.items():
        for child in expand(fields.get("Switches", "")) if "Switches" in fields else []:
            adjacent[name].add(child)
            adjacent[child].add(name)
    start = next(iter(switches))
    seen, stack = {start}, [start]
    while stack:
        for neighbour in adjacent[stack.pop()] - seen:
            seen.add(neighbour)
            stack.append(neighbour)
    if len(seen) != len(switches):
        fail("switch tree not connected: %d of %d switches reachable from '%s'" % (len(seen), len(switches), start))
    if len(nodes) != info["accelerators"]:
        fail("%d slurm nodes, design has %d accelerators" % (len(nodes), info["accelerators"]))
    print("%d switches (%d top), %d nodes" % (len(switches), len(roots), len(nodes)))


def nodelink(path, info_path):
    import networkx
    info = json.load(open(info_path))
    data = json.load(open(path))
    try:
        graph = networkx.node_link_graph(data, edges="edges")
    except TypeError:
        graph = networkx.node_link_graph(data, link="edges")
    if graph.number_of_nodes() != info["nodes"]:
        fail("networkx: %d nodes, design has %d" % (graph.number_of_nodes(), info["nodes"]))
    if graph.number_of_edges() != info["links"]:
        fail("networkx: %d edges, design has %d links" % (graph.number_of_edges(), info["links"]))
    print("networkx %s: %d nodes, %d edges" % (type(graph).__name__, graph.number_of_nodes(), graph.number_of_edges()))


def same_info(a_path, b_path):
    a, b = json.load(open(a_path)), json.load(open(b_path))
    a.pop("file", None)
    b.pop("file", None)
    differing = sorted(key for key in set(a) | set(b) if a.get(key) != b.get(key))
    if differing:
        fail("summary differs in %s: %s vs %s" % (", ".join(differing), [a.get(k) for k in differing][:3], [b.get(k) for k in differing][:3]))
    print("same summary")


command = sys.argv[1]
{"diff-self": lambda: diff_self(sys.argv[2]),
 "diff-mutated": lambda: diff_mutated(sys.argv[2], sys.argv[3]),
 "slurm": lambda: slurm(sys.argv[2], sys.argv[3]),
 "json": lambda: nodelink(sys.argv[2], sys.argv[3]),
 "same-info": lambda: same_info(sys.argv[2], sys.argv[3])}[command]()
