#!/usr/bin/env python3
"""Issue 15's benchmark: the bisection bracket on degraded, irregular and small designs (release binary).

    Benchmarks/bisection-degraded.py FABCHECK [--baseline FABCHECK_BEFORE] [--classes shipped,degraded,regular,small]
                                     [--designs NAME,...] [--out DIR] [--reuse]

Builds the inputs as GraphML files under DIR (default Benchmarks/out/degraded), then runs
`FABCHECK bisection --format json FILE` on each under /usr/bin/time and prints one Markdown row per file: class,
design, accelerators, stranded, lower, upper, gap, the method that proved the lower bound, wall and CPU (user + sys)
seconds. With --baseline, the other binary runs on the same file right before (interleaved, same load) and its
lower/upper/gap/time are printed alongside. The load average is printed before and after.

Classes (issue 15):
  shipped   - every shipped design as it is (topologies/*.graphml[.gz]): must stay exact and no slower;
  degraded  - every shipped design (--designs to pick some) with 1% of its links removed at random (seeds 1, 2, 3) and
              with one switch removed per switch tier (the `tier` data of the switches; a random one of each, seed 1);
  regular   - random-regular (Jellyfish-style) switch graphs: 16 hosts and 32 switch cables per switch, 64/256/960/1,024
              switches (1,024 / 4,096 / 15,360 / 16,384 hosts), 400 Gb/s;
  small     - designs with at most 64 accelerators: the hand-written fixtures (Tests/Fixtures/bisection/*.graphml),
              fattree-k4, leafspine-64 and torus-4x4x4 as shipped and with 2% of their links or a switch removed,
              seeded random graphs.
Removing is done on the GraphML text (the <edge> or <node> element and the node's edges), as a user would edit it.
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as handle:
        return handle.read()


EDGE = re.compile(r"<edge\b.*?(?:/>|</edge>)", re.S)
NODE = re.compile(r"<node\b[^>]*\bid=\"([^\"]+)\".*?(?:/>|</node>)", re.S)


def drop_edges(text, fraction, seed):
    edges = list(EDGE.finditer(text))
    rng = random.Random(seed)
    count = max(1, int(len(edges) * fraction))
    drop = set(rng.sample(range(len(edges)), count))
    pieces, last = [], 0
    for index, match in enumerate(edges):
        if index in drop:
            pieces.append(text[last:match.start()])
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), count


def switches_by_tier(text):
    """Switch ids grouped by their `tier` data (None when a switch has none), in file order."""
    tiers = {}
    for match in NODE.finditer(text):
        if re.search(r">\s*switch\s*<", match.group(0)):
            tier = re.search(r"key=\"tier\">\s*(\d+)\s*<", match.group(0))
            tiers.setdefault(tier.group(1) if tier else None, []).append(match.group(1))
    return tiers


def switches_of(text):
    """(id, capacity proxy = number of edges) of every node whose role data is a switch."""
    degree = {}
    for match in EDGE.finditer(text):
        for attribute in ("source", "target"):
            found = re.search(attribute + r"=\"([^\"]+)\"", match.group(0))
            if found:
                degree[found.group(1)] = degree.get(found.group(1), 0) + 1
    result = []
    for match in NODE.finditer(text):
        if re.search(r">\s*switch\s*<", match.group(0)):
            result.append((match.group(1), degree.get(match.group(1), 0)))
    return result


def drop_node(text, node):
    text = re.sub(r"<node\b[^>]*\bid=\"" + re.escape(node) + r"\".*?(?:/>|</node>)", "", text, count=1, flags=re.S)
    pattern = re.compile(r"<edge\b[^>]*\b(?:source|target)=\"" + re.escape(node) + r"\".*?(?:/>|</edge>)", re.S)
    return pattern.sub("", text)


def random_regular(switches, degree, hosts, seed):
    rng = random.Random(seed)
    for _ in range(1000):
        stubs = [s for s in range(switches) for _ in range(degree)]
        rng.shuffle(stubs)
        pairs = [tuple(sorted(stubs[i:i + 2])) for i in range(0, len(stubs), 2)]
        if all(a != b for a, b in pairs) and len(set(pairs)) == len(pairs):
            break
    lines = ['<?xml version="1.0"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '  <key id="role" for="node" attr.name="role" attr.type="string"/>',
             '  <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"><default>400Gb/s</default></key>',
             '  <graph edgedefault="undirected">']
    for s in range(switches):
        lines.append(f'    <node id="s{s}"><data key="role">switch</data></node>')
        for h in range(hosts):
            lines.append(f'    <node id="h{s}-{h}"><data key="role">accelerator</data></node>')
            lines.append(f'    <edge source="h{s}-{h}" target="s{s}"/>')
    for a, b in pairs:
        lines.append(f'    <edge source="s{a}" target="s{b}"/>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def random_small(seed, accelerators, switches):
    rng = random.Random(seed + 77)
    names = [f"a{i}" for i in range(accelerators)] + [f"s{i}" for i in range(switches)]
    edges = [(v, rng.randrange(v)) for v in range(1, len(names))]
    edges += [(rng.randrange(len(names)), rng.randrange(len(names))) for _ in range(len(names))]
    lines = ['<?xml version="1.0"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             '  <key id="role" for="node" attr.name="role" attr.type="string"/>',
             '  <key id="bw" for="edge" attr.name="bandwidth" attr.type="string"/>',
             '  <graph edgedefault="undirected">']
    for i, name in enumerate(names):
        lines.append(f'    <node id="{name}"><data key="role">{"accelerator" if i < accelerators else "switch"}</data></node>')
    for a, b in edges:
        if a != b:
            lines.append(f'    <edge source="{names[a]}" target="{names[b]}"><data key="bw">{rng.choice([100, 200, 400])}Gb/s</data></edge>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def shipped_path(name):
    for suffix in (".graphml.gz", ".graphml"):
        path = os.path.join(ROOT, "topologies", name + suffix)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(name)


def inputs(classes, designs, out, reuse=False):
    os.makedirs(out, exist_ok=True)

    def write(name, text):
        """Writes text() as DIR/name.graphml (kept as it is with --reuse when it exists: the inputs are seeded)."""
        path = os.path.join(out, name + ".graphml")
        if not (reuse and os.path.exists(path)):
            with open(path, "w") as handle:
                handle.write(text())
        return path

    if "shipped" in classes:
        for file in sorted(os.listdir(os.path.join(ROOT, "topologies"))):
            if file.endswith((".graphml", ".graphml.gz")):
                yield "shipped", file.split(".graphml")[0], os.path.join(ROOT, "topologies", file)
    if "degraded" in classes:
        for name in designs:
            text = read_text(shipped_path(name))
            count = max(1, int(len(EDGE.findall(text)) * 0.01))
            for seed in (1, 2, 3):
                yield "1% links", f"{name} seed {seed} ({count} links)", \
                    write(f"{name}-1pct-s{seed}", lambda seed=seed: drop_edges(text, 0.01, seed)[0])
            for tier, switches in sorted(switches_by_tier(text).items(), key=lambda item: item[0] or ""):
                node = random.Random(1).choice(switches)
                label = f"tier {tier}" if tier else "untiered"
                yield "1 switch", f"{name} - {label} switch {node}", \
                    write(f"{name}-no-{label.replace(' ', '')}-switch", lambda node=node: drop_node(text, node))
    if "regular" in classes:
        for switches in (64, 256, 960, 1024):
            yield "random-regular", f"{switches} switches x (16 hosts + 32 cables)", \
                write(f"random-regular-{switches}", lambda switches=switches: random_regular(switches, 32, 16, 15))
    if "small" in classes:
        fixtures = os.path.join(ROOT, "Tests/Fixtures/bisection")
        for file in sorted(os.listdir(fixtures)):
            if file.endswith(".graphml"):
                yield "<= 64", f"{file[:-8]} (hand-written)", os.path.join(fixtures, file)
        for name in ("fattree-k4", "leafspine-64", "torus-4x4x4"):
            text = read_text(shipped_path(name))
            yield "<= 64", f"{name} as shipped", shipped_path(name)
            degraded, count = drop_edges(text, 0.02, 3)
            yield "<= 64", f"{name} - {count} links", write(f"{name}-2pct", lambda degraded=degraded: degraded)
            switches = switches_of(text)
            if switches:
                node = switches[0][0]
                yield "<= 64", f"{name} - switch {node}", write(f"{name}-no-{node}", lambda node=node: drop_node(text, node))
        for seed in range(4):
            accelerators = 24 + 12 * seed
            yield "<= 64", f"random {accelerators} accelerators + 8 switches (seed {seed})", \
                write(f"random-small-{seed}", lambda seed=seed, accelerators=accelerators: random_small(seed, accelerators, 8))


def run(binary, path):
    completed = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M", binary, "bisection", "--format", "json", path],
                               capture_output=True, text=True)
    timing = [line for line in completed.stderr.splitlines() if line.startswith("TIME ")]
    wall, user, system, rss = (float(x) for x in timing[-1].split()[1:]) if timing else (float("nan"),) * 4
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        report = {}
    return report, wall, user + system, rss / 1024


def amount(bits):
    return f"{bits / 1e15:.3f} Pb/s" if bits >= 1e15 else f"{bits / 1e12:.3f} Tb/s"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fabcheck")
    parser.add_argument("--baseline")
    parser.add_argument("--classes", default="shipped,degraded,regular,small")
    parser.add_argument("--designs", help="shipped designs to degrade, comma-separated (default: all of topologies/)")
    parser.add_argument("--out", default=os.path.join(HERE, "out", "degraded"))
    parser.add_argument("--reuse", action="store_true", help="keep input files already in DIR (they are seeded)")
    arguments = parser.parse_args()
    print("load average at start:", " ".join(open("/proc/loadavg").read().split()[:3]))
    header = "| class | design | accelerators | stranded | lower | upper | gap | lower bound by | wall (CPU) |"
    rule = "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
    if arguments.baseline:
        header += " before: lower | before: upper | before: gap | before: wall (CPU) |"
        rule += " ---: | ---: | ---: | ---: |"
    print(header)
    print(rule)
    shipped = sorted(file.split(".graphml")[0] for file in os.listdir(os.path.join(ROOT, "topologies")) if ".graphml" in file)
    designs = arguments.designs.split(",") if arguments.designs else shipped
    for kind, name, path in inputs(arguments.classes.split(","), designs, arguments.out, arguments.reuse):
        before = run(arguments.baseline, path) if arguments.baseline else None
        report, wall, cpu, _ = run(arguments.fabcheck, path)
        if not report:
            print(f"| {kind} | {name} | error |")
            continue
        line = (f"| {kind} | {name} | {report['accelerators']} | {report.get('strandedAccelerators', '-')} | "
                f"{amount(report['lowerBps'])} | {amount(report['upperBps'])} | {report['gapPercent']:.2f}% | "
                f"{report.get('lowerBoundMethod', report['lowerMethod'])} | {wall:.2f} s ({cpu:.2f} s) |")
        if before:
            old, old_wall, old_cpu, _ = before
            if old:
                line += (f" {amount(old['lowerBps'])} | {amount(old['upperBps'])} | {old['gapPercent']:.2f}% | "
                         f"{old_wall:.2f} s ({old_cpu:.2f} s) |")
            else:
                line += " error | | | |"
        print(line, flush=True)
    print("load average at end:", " ".join(open("/proc/loadavg").read().split()[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
