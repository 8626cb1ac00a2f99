#!/usr/bin/env python3
"""Mutate a GraphML design for scripts/verify-ramps.sh: remove the highest-tier switch (a "spine") with its links,
and one more link elsewhere. Prints one JSON line: {"device": id or null, "links_removed": n}.

Usage: verify-ramps-mutate.py IN.graphml[.gz] OUT.graphml
Works on the text (one <node>/<edge> element per line or spanning lines), so the rest of the file is untouched.
"""
import gzip
import json
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
opener = gzip.open if src.endswith(".gz") else open
with opener(src, "rt", encoding="utf-8") as handle:
    text = handle.read()

node_re = re.compile(r'<node\b[^>]*?\bid="([^"]*)"[^>]*?(?:/>|>.*?</node>)', re.S)
edge_re = re.compile(r'<edge\b[^>]*?(?:/>|>.*?</edge>)', re.S)
role_keys = set(re.findall(r'<key\b[^>]*\bid="([^"]*)"[^>]*\bfor="node"[^>]*\battr\.name="role"', text))
tier_keys = set(re.findall(r'<key\b[^>]*\bid="([^"]*)"[^>]*\bfor="node"[^>]*\battr\.name="tier"', text))

def data(element, keys):
    for key in keys:
        match = re.search(r'<data key="%s">([^<]*)</data>' % re.escape(key), element)
        if match:
            return match.group(1)
    return None

best = None  # (tier, order, id, span)
for order, match in enumerate(node_re.finditer(text)):
    element = match.group(0)
    role = (data(element, role_keys) or "").lower()
    if role in ("", "accelerator", "gpu", "npu", "tpu", "xpu", "cpu", "nic"):
        continue
    tier = data(element, tier_keys)
    tier = int(tier) if tier and tier.lstrip("-").isdigit() else 0
    if best is None or tier > best[0]:
        best = (tier, order, match.group(1), match.span())

spans = []
device = None
if best is not None:
    device = best[2]
    spans.append(best[3])
    quoted = '"%s"' % device
    for match in edge_re.finditer(text):
        head = match.group(0).split(">", 1)[0]
        if 'source=' + quoted in head or 'target=' + quoted in head:
            spans.append(match.span())
edges_of_device = len(spans) - (1 if device else 0)
# One more link, the last one not already removed.
taken = set(spans)
extra = None
for match in edge_re.finditer(text):
    if match.span() not in taken:
        extra = match.span()
if extra is not None:
    spans.append(extra)
spans.sort()
out = []
last = 0
for start, end in spans:
    out.append(text[last:start])
    last = end
out.append(text[last:])
with open(dst, "w", encoding="utf-8") as handle:
    handle.write("".join(out))
print(json.dumps({"device": device, "links_removed": edges_of_device + (1 if extra else 0)}))
