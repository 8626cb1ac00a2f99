#!/usr/bin/env python3
"""Writes a degraded copy of a GraphML design: a fraction of its <edge> elements deleted at random, as a user's
file of a fabric in operation would be (the text is edited line by line; nothing else changes).

usage: degrade.py INPUT(.graphml[.gz]) OUTPUT.graphml FRACTION SEED
"""
import gzip
import random
import sys


def main() -> None:
    source, target, fraction, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    edges = [index for index, line in enumerate(lines) if line.lstrip().startswith("<edge ")]
    if not edges:
        sys.exit(f"{source}: no <edge> element starts a line")
    spanning = [index + 1 for index in edges if not lines[index].rstrip().endswith(("</edge>", "/>"))]
    if spanning:
        sys.exit(f"{source}:{spanning[0]}: this <edge> element spans lines; only one-line edges are removed")
    count = max(1, round(fraction * len(edges)))
    drop = set(random.Random(seed).sample(edges, count))
    with open(target, "w", encoding="utf-8") as handle:
        for index, line in enumerate(lines):
            if index in drop:
                continue
            handle.write(line)
    print(f"{target}: {count} of {len(edges)} links removed (seed {seed})")


if __name__ == "__main__":
    main()
