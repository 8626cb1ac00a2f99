#!/usr/bin/env python3
"""OpenSM cross-check of the credit-loop check with SL-to-VL lanes (issue 17).

LASH and DFSSSP break the credit loops of rings and tori by giving routes different service levels (SLs), which the
switches map to virtual lanes (VLs) with their SL-to-VL tables. Neither is in the forwarding tables: the SL of a route
comes from the subnet manager's path records (`saquery -p --src-to-dst SLID:DLID`), the lanes from each switch's
SL-to-VL table (`smpquery sl2vl LID OUTPORT`).

Live (`--live`, needs root and the Debian packages ibsim-utils, libumad2sim0, infiniband-diags, opensm): each design
is exported with `fabcheck export --format ibnetdiscover`, brought up in `ibsim`, routed by a running `opensm -R
ENGINE` (path records need a live SA), and dumped: `ibnetdiscover`, `dump_lfts`, the path record of every host pair,
the SL-to-VL table of every switch port, and the routing lines of the OpenSM log. With `--record` the outputs go to
Tests/FabricObservedTests/Fixtures/routing/lanes/DESIGN-ENGINE/.

Check (always, on the recorded or fresh outputs, no daemon): an independent reading of the dumps walks every
host-to-host route hop by hop, each hop in the lane the switch's SL-to-VL table gives the route's SL, and builds the
channel-dependency graph over (link direction, lane). It must have a cycle exactly when fabcheck's
`check --forwarding-tables …` reports `deadlock_freedom`, and match the expectation: LASH and DFSSSP, which OpenSM
reports deadlock-free, have none; minhop (every route on SL 0) has one on the ring and the torus. On the ring the
one-lane graph (lanes ignored) of LASH/DFSSSP has a cycle, so the lanes are what makes them deadlock-free.

Usage: routing-lanes.py --fabcheck BIN [--live] [--record] [--only CASE]
"""
import argparse
import collections
import glob
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUTING = os.path.join(ROOT, 'Tests', 'FabricObservedTests', 'Fixtures', 'routing')
FIXTURES = os.path.join(ROUTING, 'lanes')
# (case, design, {engine: (credit loop expected with lanes, in one lane)}); None: not asserted. On the ring both
# LASH and DFSSSP need their second lane; on the 4x4 torus LASH finds one layer (its routes avoid the loop).
CASES = [
    ('ring6', os.path.join(ROUTING, 'ring6.graphml'), {'lash': (False, True), 'dfsssp': (False, True), 'minhop': (True, True)}),
    ('torus4x4', os.path.join(ROUTING, 'torus4x4.graphml'), {'lash': (False, False), 'dfsssp': (False, None), 'minhop': (True, True)}),
]
spec = importlib.util.spec_from_file_location('stacks', os.path.join(ROOT, 'scripts', 'routing-real-stacks.py'))
stacks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stacks)
RECORD = re.compile(r'^\s+(slid|dlid|sl)\.+(0x[0-9a-fA-F]+|\d+)\s*$')
SL2VL_HEAD = re.compile(r'^# SL2VL table: Lid (\d+)')
SL2VL_ROW = re.compile(r'^ports: in\s+(\d+), out\s+(\d+):\s*\|(.*)\|\s*$')
SWITCH_LID = re.compile(r'^Switch\s+(\d+) "[^"]+"\s+# "([^"]*)".* lid (\d+)')


def live(fabcheck, design, engine, out):
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix='fabcheck-lanes-')
    net = os.path.join(work, 'fabric.net')
    with open(net, 'w') as handle:
        handle.write(subprocess.run([fabcheck, 'export', design, '--format', 'ibnetdiscover'], check=True, capture_output=True, text=True).stdout)
    log = open(os.path.join(work, 'ibsim.log'), 'w')
    sim = subprocess.Popen(['ibsim', '-s', '-n', net], stdout=log, stderr=subprocess.STDOUT, cwd=work)
    env = dict(os.environ, LD_PRELOAD=stacks.umad2sim(), OSM_TMP_DIR=work, OSM_CACHE_DIR=work)
    osm = None
    try:
        time.sleep(1.5)
        osm_log = os.path.join(work, 'osm.log')
        osm = subprocess.Popen(['opensm', '-R', engine, '-f', osm_log, '--dump_files_dir', work, '-D', '0x43'],
                               env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def tool(args):
            return subprocess.run(args, env=env, cwd=work, capture_output=True, text=True, timeout=120).stdout
        for _ in range(60):
            time.sleep(1)
            if 'PathRecord dump' in tool(['saquery', '-p', '--src-to-dst', '1:1']):
                break
        time.sleep(2)
        outputs = {'ibnetdiscover': tool(['ibnetdiscover']), 'dump_lfts': tool(['dump_lfts'])}
        hosts, switches = parse_lids(outputs['ibnetdiscover'])
        records = []
        for source in sorted(hosts.values()):
            for target in sorted(hosts.values()):
                if source != target:
                    records.append(tool(['saquery', '-p', '--src-to-dst', '%d:%d' % (source, target)]))
        outputs['path_records'] = ''.join(records)
        tables = []
        for lid, ports in sorted(switches.values()):
            for port in range(1, ports + 1):
                tables.append(tool(['smpquery', 'sl2vl', str(lid), str(port)]))
        outputs['sl2vl'] = ''.join(tables)
    finally:
        if osm:
            osm.send_signal(signal.SIGTERM)
            osm.wait(timeout=30)
        sim.terminate()
        sim.wait(timeout=10)
        log.close()
    wanted = ('lash_core', 'dfsssp', 'deadlock', 'Lanes', 'VL', 'routing engine')
    lines = [line.split('-> ', 1)[-1] for line in open(osm_log, errors='replace') if '-> ' in line and any(w in line for w in wanted)]
    outputs['opensm.log'] = ''.join(line for line in lines if 'Entering' not in line and 'Exiting' not in line)
    for key, text in outputs.items():
        with open(os.path.join(out, key), 'w') as handle:
            handle.write(text)


def parse_lids(text):
    """From ibnetdiscover: {host name: LID}, {switch name: (LID, ports)}."""
    hosts, switches = {}, {}
    for line in text.splitlines():
        match = SWITCH_LID.match(line)
        if match:
            switches[match[2]] = (int(match[3]), int(match[1]))
            continue
        match = stacks.PORT.match(line)
        if match and match[4]:
            hosts[match[5]] = None
    node = None
    for line in text.splitlines():
        match = stacks.NODE.match(line)
        if match:
            node = (match[1], match[4])
            continue
        match = stacks.PORT.match(line)
        if match and node and node[0] == 'Ca' and match[4]:
            hosts[node[1]] = int(match[4])
    return {name: lid for name, lid in hosts.items() if lid}, switches


def read_lanes(folder):
    """(SL per (slid, dlid), SL-to-VL per (switch LID, in port, out port))."""
    sls = {}
    record = {}
    for line in open(os.path.join(folder, 'path_records')):
        if line.startswith('PathRecord dump'):
            record = {}
            continue
        match = RECORD.match(line)
        if match:
            record[match[1]] = int(match[2], 0)
            if match[1] == 'sl' and 'slid' in record and 'dlid' in record:
                sls[(record['slid'], record['dlid'])] = record['sl']
    sl2vl = {}
    lid = None
    for line in open(os.path.join(folder, 'sl2vl')):
        match = SL2VL_HEAD.match(line)
        if match:
            lid = int(match[1])
            continue
        match = SL2VL_ROW.match(line)
        if match and lid is not None:
            sl2vl[(lid, int(match[1]), int(match[2]))] = [int(v) for v in match[3].split('|')]
    return sls, sl2vl


def walk_lanes(folder, use_lanes):
    """Dependencies between (from, to, lane) channels of every host-to-host route."""
    peers, host_lid, tables = stacks.read_fabric(folder)
    hosts, switches = parse_lids(open(os.path.join(folder, 'ibnetdiscover')).read())
    sls, sl2vl = read_lanes(folder)
    port_to = collections.defaultdict(dict)
    for (node, port), peer in peers.items():
        port_to[node][peer] = port
    dependencies = set()
    missing = 0
    for source in sorted(host_lid):
        for target in sorted(host_lid):
            if source == target:
                continue
            lid = host_lid[target]
            sl = sls.get((host_lid[source], lid))
            if sl is None:
                missing += 1
                sl = 0
            here, previous, in_port = peers[(source, 1)], None, peers_port(peers, source)
            while here != target:
                port = tables[here][lid]
                there = peers[(here, port)]
                lane = sl2vl[(switches[here][0], in_port, port)][sl] if use_lanes else 0
                channel = (here, there, lane)
                if previous:
                    dependencies.add((previous, channel))
                previous = channel
                in_port = port_to[there].get(here) if there in tables else None
                here = there
    return dependencies, missing


def peers_port(peers, host):
    """The switch port a host's cable enters."""
    switch = peers[(host, 1)]
    for (node, port), peer in peers.items():
        if node == switch and peer == host:
            return port
    raise KeyError(host)


def check_case(fabcheck, name, design, engine, expected, folder):
    problems = []
    lanes, missing = walk_lanes(folder, True)
    one_lane, _ = walk_lanes(folder, False)
    cycle, cycle_one = stacks.has_cycle(lanes), stacks.has_cycle(one_lane)
    if missing:
        problems.append('%d host pairs without a path record' % missing)
    files = []
    for part in ('dump_lfts', 'ibnetdiscover', 'path_records', 'sl2vl'):
        files += ['--forwarding-tables', os.path.join(folder, part)]
    run = subprocess.run([fabcheck, 'check', design, *files, '--format', 'json', '--fail-on', 'never'], capture_output=True, text=True)
    if run.returncode != 0:
        problems.append('check failed (%d): %s' % (run.returncode, run.stderr.strip()))
    else:
        findings = json.loads(run.stdout)['findings']
        flagged = any(f['ruleId'] == 'deadlock_freedom' and f['severity'] == 'error' for f in findings)
        if flagged != cycle:
            problems.append('credit loop with lanes: walk %s, fabcheck %s' % (cycle, flagged))
    if cycle != expected[0]:
        problems.append('credit loop with lanes expected %s, walk found %s' % (expected[0], cycle))
    if expected[1] is not None and cycle_one != expected[1]:
        problems.append('credit loop in one lane expected %s, walk found %s' % (expected[1], cycle_one))
    used = sorted({channel[2] for dependency in lanes for channel in dependency})
    print('%-9s %-7s %s  (lanes used %s, cycle with lanes: %s, one lane: %s)' % (name, engine, 'ok' if not problems else 'FAILED', used, cycle, cycle_one))
    for problem in problems:
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
                folder = folder if args.record else tempfile.mkdtemp(prefix='fabcheck-lanes-out-')
                live(args.fabcheck, design, engine, folder)
            failures += bool(check_case(args.fabcheck, name, design, engine, expected, folder))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
