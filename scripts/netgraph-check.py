#!/usr/bin/env python3
"""Cross-check of fabcheck against NetGraph (pip install ngraph==0.24.1) on one design: per-failure-pattern max flow.

    scripts/netgraph-check.py --fabcheck FABCHECK [--source ID --target ID] [--write FIXTURE.json] [GRAPHML]

Exports the design with `fabcheck export --format netgraph` (default: the hand-written
Tests/Fixtures/throughput/sweep-pod.graphml, which has two uplinks removed), adds two NetGraph MaxFlow steps from
`--source` to `--target` (default L0 to L2) under the exported failure policies `single_link` and `single_node`
(Monte-Carlo, 60 iterations per element, seed 1, so every single failure occurs), runs the scenario in NetGraph and
maps every failure pattern back to the design's edge id or device id. With --write the results are recorded as the
fixture of the Swift test `NetGraphCrossCheckTests` (Tests/Fixtures/netgraph/sweep-pod-maxflow.json), which compares
them with fabcheck's max flow under the same failure, exactly, without Python. Exit 1 when a pattern is missing.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import yaml
from ngraph.scenario import Scenario

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fabcheck", required=True)
    parser.add_argument("--source", default="L0")
    parser.add_argument("--target", default="L2")
    parser.add_argument("--write")
    parser.add_argument("design", nargs="?", default="Tests/Fixtures/throughput/sweep-pod.graphml")
    args = parser.parse_args()
    exported = subprocess.run([args.fabcheck, "export", args.design, "--format", "netgraph"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout
    scenario = yaml.safe_load(exported)
    links = len(scenario["network"]["links"])
    nodes = len(scenario["network"]["nodes"])
    for policy, count in (("single_link", links), ("single_node", nodes)):
        scenario["workflow"].append({
            "type": "MaxFlow", "name": policy, "source": f"^{args.source}$", "target": f"^{args.target}$",
            "mode": "combine", "failure_policy": policy, "iterations": 60 * count, "seed": 1,
            "store_failure_patterns": True, "parallelism": 1})
    loaded = Scenario.from_yaml(yaml.safe_dump(scenario))
    start = time.perf_counter()
    loaded.run()
    seconds = time.perf_counter() - start
    steps = loaded.results.to_dict()["steps"]
    edge_of = {link_id: link.attrs.get("edge_id", link_id) for link_id, link in loaded.network.links.items()}
    record = {"design": args.design, "source": args.source, "target": args.target, "ngraph": "0.24.1",
              "unit": "Gb/s", "links": {}, "nodes": {}}
    missing = 0
    for policy, key, count in (("single_link", "links", links), ("single_node", "nodes", nodes)):
        data = steps[policy]["data"]
        record["baseline"] = data["baseline"]["summary"]["total_placed"]
        for result in data["flow_results"]:
            state = result["failure_state"]
            failed = [edge_of[i] for i in state["excluded_links"]] if key == "links" else state["excluded_nodes"]
            if len(failed) != 1:
                continue
            record[key][failed[0]] = result["summary"]["total_placed"]
        if len(record[key]) != count:
            print(f"{policy}: {len(record[key])} of {count} single failures sampled", file=sys.stderr)
            missing += 1
    print(f"{args.design}: max flow {args.source} -> {args.target} = {record['baseline']} Gb/s; "
          f"{len(record['links'])} link and {len(record['nodes'])} node failures in {seconds:.2f} s (NetGraph run)")
    for key in ("links", "nodes"):
        for name, value in sorted(record[key].items()):
            print(f"  fail {key[:-1]} {name}: {value}")
    if args.write:
        with open(os.path.join(ROOT, args.write), "w") as out:
            json.dump(record, out, indent=2, sort_keys=True)
            out.write("\n")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
