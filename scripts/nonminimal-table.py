#!/usr/bin/env python3
"""Throughput of minimal (ECMP), Valiant, UGAL and detour routing on the shipped direct networks (docs/routing.md).

For each design: all-to-all, a random permutation (seed 1) and an adversarial permutation written here as a demand
CSV (torus: every node to its antipode, (x+2, y+2, z+2) mod 4; UB-Mesh full mesh: a shift by one along X, so every
node's traffic meets one direct cable; dragonfly: host j of router r in group g to host j of router r in group g+1,
so a whole group's traffic meets one global cable). Prints a Markdown table of throughput 1/ρ (fraction of
injection bandwidth) with the fabcheck release binary. Usage: nonminimal-table.py FABCHECK
"""
import gzip, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fabcheck = sys.argv[1]
work = tempfile.mkdtemp(prefix='fabcheck-nonminimal-')


def ids(design):
    path = os.path.join(ROOT, 'topologies', design)
    text = (gzip.open(path, 'rt') if path.endswith('.gz') else open(path)).read()
    return [m[1] for m in re.finditer(r'<node id="([^"]+)"><data key="role">accelerator', text)]


def torus(nodes):
    pairs = []
    for node in nodes:
        x, y, z = map(int, node.split('-')[1:])
        pairs.append((node, 'n-%d-%d-%d' % ((x + 2) % 4, (y + 2) % 4, (z + 2) % 4)))
    return pairs


def ubmesh(nodes):
    return [(n, 'npu-%d-%s' % ((int(n.split('-')[1]) + 1) % 8, '-'.join(n.split('-')[2:]))) for n in nodes]


def dragonfly(nodes):
    groups = 1 + max(int(n.split('-')[1][1:]) for n in nodes)
    out = []
    for n in nodes:
        _, g, r, j = n.split('-')
        out.append((n, 'h-g%d-%s-%s' % ((int(g[1:]) + 1) % groups, r, j)))
    return out


DESIGNS = [('torus-4x4x4.graphml', 'torus 4×4×4 (64)', torus), ('ubmesh-pod-1k.graphml.gz', 'UB-Mesh 8×8×4×4 full mesh (1,024)', ubmesh),
           ('dragonfly-a16-p8-h8.graphml.gz', 'dragonfly a16 p8 h8 (16,512)', dragonfly)]
print('| design | traffic | minimal (ecmp) | valiant | ugal | detour |')
print('| --- | --- | ---: | ---: | ---: | ---: |')
for design, label, adversary in DESIGNS:
    path = os.path.join(ROOT, 'topologies', design)
    csv = os.path.join(work, design + '.csv')
    with open(csv, 'w') as handle:
        handle.write(''.join('%s,%s\n' % pair for pair in adversary(ids(design))))
    for traffic, name in [('all-to-all', 'all-to-all'), ('permutation:1', 'random permutation'), (csv, 'adversarial permutation')]:
        row = []
        for routing in ['ecmp', 'valiant', 'ugal', 'detour']:
            out = subprocess.run([fabcheck, 'analyze', path, '--traffic', traffic, '--routing', routing, '--no-bisection', '--top', '0', '--format', 'json'],
                                 capture_output=True, text=True)
            if out.returncode == 0:
                row.append('%.3f' % json.loads(out.stdout)['throughput'])
            elif 'needs accelerators that relay' in out.stderr:
                row.append('n/a (hosts do not relay)')
            else:
                row.append('error: ' + out.stderr.strip()[:60])
        print('| %s | %s | %s |' % (label, name, ' | '.join(row)), flush=True)
