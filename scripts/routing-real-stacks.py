#!/usr/bin/env python3
"""OpenSM cross-check of `--forwarding-tables` (issue 17).

Live (`--live`, needs root and the Debian packages ibsim-utils, libumad2sim0, infiniband-diags, opensm): each design
is exported with `fabcheck export --format ibnetdiscover`, brought up in `ibsim`, routed by `opensm -o -R ENGINE`, and
its tables dumped with `dump_lfts`, `ibnetdiscover` and `ibnetdiscover --cache` + `check_lft_balance -v`; the outputs
are recorded under Tests/FabricObservedTests/Fixtures/routing/DESIGN-ENGINE/ (with `--record`).

Check (always, on the recorded or fresh outputs, no daemon): an independent reading of the dumps in this script walks
every host-to-host route hop by hop over the tables, and
  1. per-link route counts of that walk equal fabcheck's loads (`analyze --forwarding-tables … --format json`:
     load ÷ (injection ÷ (hosts − 1)) routes per link direction);
  2. per switch port, the host LIDs routed out of it equal `check_lft_balance -v`'s counts;
  3. the one-lane channel-dependency graph of the walked routes has a cycle exactly when fabcheck's
     `check --forwarding-tables` reports deadlock_freedom, and the expectation of the issue holds (updn, ftree, lash,
     dfsssp credit-loop free on the fat-trees; minhop on the ring shows a cycle).

Usage: routing-real-stacks.py --fabcheck BIN [--live] [--record] [--only CASE]
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'Tests', 'FabricObservedTests', 'Fixtures', 'routing')
# (case name, design file, engines, credit-loop expectation per engine: True cycle, False acyclic, None not asserted)
CASES = [
    ('fattree-k4', os.path.join(ROOT, 'topologies', 'fattree-k4.graphml'),
     {'minhop': None, 'updn': False, 'ftree': False, 'dfsssp': False, 'lash': False, 'dor': None}),
    ('leafspine-64', os.path.join(ROOT, 'topologies', 'leafspine-64.graphml'),
     {'minhop': None, 'updn': False, 'ftree': False, 'dfsssp': False, 'lash': False}),
    ('ring6', os.path.join(FIXTURES, 'ring6.graphml'),
     {'minhop': True, 'updn': False, 'dfsssp': None, 'lash': None, 'dor': None}),
    ('irregular', os.path.join(FIXTURES, 'irregular.graphml'),
     {'minhop': None, 'updn': False, 'dfsssp': None, 'lash': None}),
    # The same lab with gpu-b2's cable plugged into leaf-c port 5 instead of leaf-b port 2 (a miswired cable):
    # fabcheck must name the routes to gpu-b2 that leave the design instead of analysing them.
    ('irregular-miswired', os.path.join(FIXTURES, 'irregular.graphml'), {'minhop': None}),
]
def miswire(text):
    """gpu-b2's cable re-plugged from leaf-b port 2 into leaf-c port 5 (the net file as the export writes it)."""
    edits = [('[2]\t"H-fab00000000000a0"[1]\t\t# "gpu-b2" lid 0 4xNDR\n', ''),
             ('Switch\t4 "S-fab0000000000050"', 'Switch\t5 "S-fab0000000000050"'),
             ('[4]\t"S-fab0000000000040"[4]\t\t# "leaf-b" lid 0 4xNDR\n',
              '[4]\t"S-fab0000000000040"[4]\t\t# "leaf-b" lid 0 4xNDR\n[5]\t"H-fab00000000000a0"[1]\t\t# "gpu-b2" lid 0 4xNDR\n'),
             ('[1]\t"S-fab0000000000040"[2]\t\t# lid 0 lmc 0 "leaf-b"', '[1]\t"S-fab0000000000050"[5]\t\t# lid 0 lmc 0 "leaf-c"')]
    for old, new in edits:
        assert text.count(old) == 1, 'miswire: %r does not apply once' % old
        text = text.replace(old, new)
    return text


# Net-file edits applied before the fabric comes up (by case).
MUTATIONS = {'irregular-miswired': miswire}
# updn roots where the design has no tiers (a ring has no obvious root).
ROOTS = {'ring6': ['sw-0']}
HEADER = re.compile(r"^Unicast lids .* guid (0x[0-9a-fA-F]+) \((.*)\):\s*$")
ENTRY = re.compile(r"^0x([0-9a-fA-F]+) (\d+) : \((Channel Adapter|Switch) portguid 0x[0-9a-fA-F]+: '([^']*)'\)")
NODE = re.compile(r'^(Switch|Ca)\s+(\d+) "([^"]+)"\s+# "([^"]*)"(?:.*? lid (\d+))?')
PORT = re.compile(r'^\[(\d+)\](?:\([0-9a-f]+\))?\s+"([^"]+)"\[(\d+)\](?:\([0-9a-f]+\))?\s+# (?:lid (\d+) lmc \d+ )?"([^"]*)"(?: lid (\d+))?')


def umad2sim():
    for path in glob.glob('/usr/lib/*/umad2sim/libumad2sim.so'):
        return path
    sys.exit('libumad2sim.so not found (Debian package libumad2sim0)')


def live(fabcheck, name, design, engine, out):
    """Bring `design` up in ibsim, route it with `engine`, dump everything into `out`."""
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='fabcheck-routing-')
    net = os.path.join(work, 'fabric.net')
    with open(net, 'w') as handle:
        text = subprocess.run([fabcheck, 'export', design, '--format', 'ibnetdiscover'], check=True, capture_output=True, text=True).stdout
        if name in MUTATIONS:
            text = MUTATIONS[name](text)
        handle.write(text)
    log = open(os.path.join(work, 'ibsim.log'), 'w')
    sim = subprocess.Popen(['ibsim', '-s', '-n', net], stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        for _ in range(100):
            time.sleep(0.1)
            if 'simulator ready' in open(log.name).read():
                break
        env = dict(os.environ, LD_PRELOAD=umad2sim(), OSM_TMP_DIR=work, OSM_CACHE_DIR=work)
        extra = []
        if engine == 'updn':
            # Root GUIDs: the switches of the highest tier when the export names them; else OpenSM guesses.
            roots = roots_file(fabcheck, design, work, ROOTS.get(name))
            if roots:
                extra = ['-a', roots]
        subprocess.run(['opensm', '-o', '-R', engine, '-f', os.path.join(work, 'osm.log'), '--dump_files_dir', work, '-D', '0x43', *extra],
                       env=env, cwd=work, capture_output=True, timeout=300)
        def tool(args):
            return subprocess.run(args, env=env, cwd=work, capture_output=True, text=True, timeout=300).stdout
        outputs = {'ibnetdiscover': tool(['ibnetdiscover']), 'dump_lfts': tool(['dump_lfts'])}
        tool(['ibnetdiscover', '--cache', os.path.join(work, 'cache')])
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        log.close()
    lfts = os.path.join(work, 'lfts')
    with open(lfts, 'w') as handle:
        handle.write(outputs['dump_lfts'])
    balance = subprocess.run(['check_lft_balance', '-l', lfts, '-i', os.path.join(work, 'cache'), '-v'], capture_output=True, text=True).stdout
    outputs['check_lft_balance'] = '\n'.join(line for line in balance.splitlines() if not line.startswith(('ibwarn', 'Failed to open'))) + '\n'
    osm_dump = os.path.join(work, 'opensm-lfts.dump')
    if os.path.exists(osm_dump):
        outputs['opensm-lfts.dump'] = open(osm_dump).read()
    for key, text in outputs.items():
        with open(os.path.join(out, key), 'w') as handle:
            handle.write(text)
    shutil.rmtree(work, ignore_errors=True)


def roots_file(fabcheck, design, work, names=None):
    """A root GUID file for updn: the GUIDs the export gives `names`, else the design's top-tier switches (by the
    net file); without either OpenSM looks for roots itself and, finding none on a ring, falls back to minhop."""
    net = open(os.path.join(work, 'fabric.net')).read()
    tiers = {name: 1 for name in names or []}
    for match in re.finditer(r'<node id="([^"]+)">(.*?)</node>', '' if names else open(design).read()):
        tier = re.search(r'key="(?:tier|d1)">(\d+)<', match[2])
        if tier:
            tiers[match[1]] = int(tier[1])
    if not tiers:
        return None
    top = max(tiers.values())
    guids = [m[1] for m in re.finditer(r'switchguid=(0x[0-9a-f]+)[^\n]*\nSwitch\s+\d+ "[^"]+"\s+# "([^"]+)"', net) if tiers.get(m[2]) == top]
    if not guids:
        return None
    path = os.path.join(work, 'roots')
    with open(path, 'w') as handle:
        handle.write('\n'.join(guids) + '\n')
    return path


def read_fabric(folder):
    """Independent reading: (name of switch by guid, LID of every host by name, {(switch, port): peer name}, tables)."""
    peers = {}
    host_lid = {}
    kind = {}
    node = None
    for line in open(os.path.join(folder, 'ibnetdiscover')):
        match = NODE.match(line)
        if match:
            node = match[4]
            kind[node] = match[1]
            continue
        match = PORT.match(line)
        if match and node:
            peers[(node, int(match[1]))] = match[5]
            if kind[node] == 'Ca' and match[4]:
                host_lid[node] = int(match[4])
    tables = {}
    current = None
    for line in open(os.path.join(folder, 'dump_lfts')):
        match = HEADER.match(line)
        if match:
            current = match[2]
            tables[current] = {}
            continue
        match = ENTRY.match(line)
        if match and current:
            tables[current][int(match[1], 16)] = int(match[2])
    return peers, host_lid, tables


def walk(peers, host_lid, tables):
    """Every host-to-host route over the tables: per (from, to) link direction its route count, per switch port its host
    LIDs, and the one-lane channel dependencies."""
    counts = collections.Counter()
    lids_out = collections.Counter()
    dependencies = set()
    hosts = sorted(host_lid)
    for switch, table in tables.items():
        for lid, port in table.items():
            if port and lid in host_lid.values():
                lids_out[(switch, port)] += 1
    for source in hosts:
        for target in hosts:
            if source == target:
                continue
            lid = host_lid[target]
            here = peers[(source, 1)]
            counts[(source, here)] += 1
            previous = (source, here)
            seen = set()
            while here != target:
                assert here not in seen, 'loop toward %s at %s' % (target, here)
                seen.add(here)
                port = tables[here][lid]
                there = peers[(here, port)]
                counts[(here, there)] += 1
                if previous[0] in tables:
                    dependencies.add((previous, (here, there)))
                previous = (here, there)
                here = there
    return counts, lids_out, dependencies


def has_cycle(edges):
    graph = collections.defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    colour = {}
    for root in list(graph):
        if root in colour:
            continue
        stack = [(root, iter(graph[root]))]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
            elif colour.get(child) == 1:
                return True
            elif child not in colour:
                colour[child] = 1
                stack.append((child, iter(graph[child])))
    return False


def balance(folder):
    """check_lft_balance -v: {(switch, port): host LIDs}."""
    result = {}
    switch = None
    for line in open(os.path.join(folder, 'check_lft_balance')):
        match = re.match(r'^(?:Unbalanced )?Switch Port Usage: (.*), 0x', line)
        if match:
            switch = match[1]
            continue
        match = re.match(r'^Port (\d+): (\d+)', line)
        if match and switch:
            result[(switch, int(match[1]))] = int(match[2])
    return result


def check_case(fabcheck, name, design, engine, expected, folder):
    peers, host_lid, tables = read_fabric(folder)
    counts, lids_out, dependencies = walk(peers, host_lid, tables)
    files = ['--forwarding-tables', os.path.join(folder, 'dump_lfts'), '--forwarding-tables', os.path.join(folder, 'ibnetdiscover')]
    run = subprocess.run([fabcheck, 'analyze', design, *files, '--format', 'json', '--top', '100000', '--no-bisection'], capture_output=True, text=True)
    if run.returncode != 0:
        return ['analyze failed (%d): %s' % (run.returncode, run.stderr.strip())]
    report = json.loads(run.stdout)
    problems = []
    if name in MUTATIONS:
        # A miswired fabric: the routes over the cable the design lacks are named and left unrouted, not analysed.
        hosts = len(host_lid)
        if 'the route leaves the design' not in run.stderr:
            problems.append('no "leaves the design" error for the miswired cable: ' + run.stderr.strip())
        if report['unroutedPairs'] != hosts - 1:
            problems.append('%d unrouted pairs, expected the %d toward the re-plugged host' % (report['unroutedPairs'], hosts - 1))
        print('%-14s %-7s %s  (miswired cable named, %d pairs unrouted)' % (name, engine, 'ok' if not problems else 'FAILED', report['unroutedPairs']))
        for problem in problems:
            print('    ' + problem)
        return problems
    hosts = len(host_lid)
    # Each host injects its bandwidth spread over the other hosts: one route carries injection ÷ (hosts − 1). Parallel
    # cables between two devices are summed (the walk sees device pairs).
    routes = collections.Counter()
    injection = max(hot['capacityBps'] for hot in report['hottestLinks'] if hot['from'] in host_lid)
    for hot in report['hottestLinks']:
        routes[(hot['from'], hot['to'])] += hot['loadBps'] / (injection / (hosts - 1))
    for key in sorted(set(routes) | set(counts)):
        if abs(routes.get(key, 0) - counts.get(key, 0)) > 1e-6:
            problems.append('%s -> %s: fabcheck %.3f routes, walk %d' % (key[0], key[1], routes.get(key, 0), counts.get(key, 0)))
    if report['unroutedPairs'] != 0:
        problems.append('fabcheck left %d pairs unrouted' % report['unroutedPairs'])
    observed = balance(folder)
    for key, value in observed.items():
        if lids_out.get(key, 0) != value:
            problems.append('check_lft_balance %s port %d: %d host LIDs, walk %d' % (key[0], key[1], value, lids_out.get(key, 0)))
    if not observed:
        problems.append('check_lft_balance printed no port counts')
    cycle = has_cycle(dependencies)
    check = subprocess.run([fabcheck, 'check', design, *files, '--format', 'json', '--fail-on', 'never'], capture_output=True, text=True)
    if check.returncode != 0:
        problems.append('check failed (%d): %s' % (check.returncode, check.stderr.strip()))
    else:
        findings = json.loads(check.stdout)['findings']
        flagged = any(f['ruleId'] == 'deadlock_freedom' and f['severity'] == 'error' for f in findings)
        if flagged != cycle:
            problems.append('credit loop: walk %s, fabcheck %s' % (cycle, flagged))
    if expected is not None and cycle != expected:
        problems.append('credit loop expected %s, walk found %s' % (expected, cycle))
    print('%-14s %-7s %s  (%d routes walked, credit loop: %s)' % (name, engine, 'ok' if not problems else 'FAILED', sum(counts.values()), cycle))
    for problem in problems[:10]:
        print('    ' + problem)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--fabcheck', required=True)
    parser.add_argument('--live', action='store_true')
    parser.add_argument('--record', action='store_true')
    parser.add_argument('--only', help='one case name')
    args = parser.parse_args()
    failures = 0
    for name, design, engines in CASES:
        if args.only and name != args.only:
            continue
        for engine, expected in engines.items():
            folder = os.path.join(FIXTURES, '%s-%s' % (name, engine))
            if args.live:
                target = folder if args.record else tempfile.mkdtemp(prefix='fabcheck-routing-out-')
                live(args.fabcheck, name, design, engine, target)
                folder = target
            if not os.path.exists(os.path.join(folder, 'dump_lfts')):
                print('%-14s %-7s missing (run with --live --record)' % (name, engine))
                failures += 1
                continue
            failures += bool(check_case(args.fabcheck, name, design, engine, expected, folder))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
