#!/usr/bin/env python3
"""Scripted incident on the shipped 15k designs (issue 23, "done when").

For each design: a state file of 40 cables and one ToR / L1 switch down (cables picked with a fixed seed among the
switch-facing cables, named by their stable identity as docs/graphml-schema.md defines it, recomputed here), then in
one run each, timed: `whatif --state --fail` (one more failure on top), the next-failure sweep from now (switches,
critical first), the Slurm drain list, and the incident report. Independent check: the design with those elements
deleted from the GraphML text by this script, run through `analyze`, gives the "now" figures of `analyze --state`.

Usage: scripts/incident-check.py [--fabcheck PATH] [--out DIR]   (default: .build/release/fabcheck, /tmp/incident)
"""
import argparse, gzip, json, os, random, re, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DESIGNS = {
    "hpn-pod-15k": ("tor-A-p0-0", "tor-B-p3-1~agg-B-7"),
    "atlas960-like-15k": ("l1-ub0-p0-r", None),
}
EDGE = re.compile(r'<edge\b[^>]*?\bsource="([^"]+)"[^>]*?\btarget="([^"]+)"')
NODE = re.compile(r'<node id="([^"]+)"><data key="role">([^<]+)</data>')


def stable_ids(edges):
    """Stable identity of each edge (no ids, no ports in these files): A~B, #n among identical unordered ends."""
    groups = {}
    for s, t in edges:
        groups[frozenset((s, t)) if s != t else (s,)] = groups.get(frozenset((s, t)) if s != t else (s,), 0) + 1
    seen, names = {}, []
    for s, t in edges:
        key = frozenset((s, t)) if s != t else (s,)
        seen[key] = seen.get(key, 0) + 1
        names.append(f"{s}~{t}" + (f"#{seen[key]}" if groups[key] > 1 else ""))
    return names


def run(fabcheck, args, out=None):
    start = time.monotonic()
    result = subprocess.run([fabcheck] + args, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"fabcheck {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    if out:
        with open(out, "w") as handle:
            handle.write(result.stdout)
    return result.stdout, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fabcheck", default=os.path.join(ROOT, ".build/release/fabcheck"))
    parser.add_argument("--out", default="/tmp/incident")
    parser.add_argument("--sweep-metric", default="traffic")
    options = parser.parse_args()
    os.makedirs(options.out, exist_ok=True)
    failures = 0
    for name, (tor, extra) in DESIGNS.items():
        path = os.path.join(ROOT, "topologies", name + ".graphml.gz")
        text = gzip.open(path, "rt").read()
        roles = dict(NODE.findall(text))
        lines = text.split("\n")
        edge_lines = [(index, m.group(1), m.group(2)) for index, line in enumerate(lines) if (m := EDGE.search(line))]
        names = stable_ids([(s, t) for _, s, t in edge_lines])
        candidates = [k for k, (_, s, t) in enumerate(edge_lines)
                      if roles.get(s) == "switch" or roles.get(t) == "switch"]
        candidates = [k for k in candidates if tor not in (edge_lines[k][1], edge_lines[k][2])]
        picked = sorted(random.Random(7).sample(candidates, 40))
        state = os.path.join(options.out, name + ".state")
        with open(state, "w") as handle:
            handle.write(f"# scripted incident on {name}: one switch and 40 cables down\n{tor}   # the switch\n")
            handle.writelines(names[k] + "\n" for k in picked)
        # Independent "now": the GraphML with those lines deleted by this script.
        drop = {edge_lines[k][0] for k in picked}
        drop |= {i for i, s, t in edge_lines if tor in (s, t)}
        drop |= {i for i, line in enumerate(lines) if f'<node id="{tor}">' in line}
        edited = os.path.join(options.out, name + "-now.graphml")
        with open(edited, "w") as handle:
            handle.write("\n".join(line for i, line in enumerate(lines) if i not in drop))
        fabcheck = options.fabcheck
        times = {}
        now_json, times["analyze --state"] = run(fabcheck, ["analyze", path, "--state", state, "--format", "json", "--no-bisection"])
        edited_json, times["analyze (edited file)"] = run(fabcheck, ["analyze", edited, "--format", "json", "--no-bisection"])
        now = json.loads(now_json)["now"]
        reference = json.loads(edited_json)
        for key in ["devices", "cables", "accelerators", "bridges", "maxUtilization", "throughput", "acceleratorsInTraffic",
                    "acceleratorsOutsideLargestComponent", "minCutBps", "edgeConnectivity"]:
            same = now.get(key) == reference.get(key)
            failures += 0 if same else 1
            print(f"{name}: now {key} = {now.get(key)} (edited file: {reference.get(key)}){'' if same else '  MISMATCH'}")
        on_top = ["--fail", extra] if extra else ["--fail", "random:1:switches", "--seed", "3"]
        _, times["whatif --state --fail (on top)"] = run(fabcheck, ["whatif", path, "--state", state, "--affected"] + on_top,
                                                           os.path.join(options.out, name + "-whatif.txt"))
        _, times[f"sweep --state switches {options.sweep_metric}"] = run(
            fabcheck, ["sweep", path, "--state", state, "--elements", "switches", "--metric", options.sweep_metric, "--top", "20"],
            os.path.join(options.out, name + "-sweep.txt"))
        drain, times["drain list"] = run(fabcheck, ["whatif", path, "--state", state, "--drain", "scontrol", "--slurm-node", "rack",
                                                    "--drain-reason", f"incident on {name}"],
                                         os.path.join(options.out, name + "-drain.txt"))
        report = os.path.join(options.out, name + "-incident.html")
        _, times["report --state"] = run(fabcheck, ["report", path, "--state", state, "-o", report, "-q"])
        print(f"{name}: drain: {drain.splitlines()[0] if drain else '(empty)'}")
        for step, seconds in times.items():
            print(f"{name}: {step}: {seconds:.1f} s")
    print("incident-check: " + ("ok" if failures == 0 else f"{failures} mismatches"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
