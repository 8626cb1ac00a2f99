#!/usr/bin/env python3
"""Bring small designs up on the real tools and check that `fabcheck verify` reports exactly what was done to them.

InfiniBand: `fabcheck export --format ibnetdiscover` -> ibsim net file -> `ibsim -s` -> opensm (LIDs) ->
`ibnetdiscover` and `ibnetdiscover -p` through libumad2sim. LLDP: one network namespace per device, one veth pair
per cable (named as the design's ports), one lldpd per namespace, `lldpcli -f json show neighbors details` from
each switch. For each design: the faithful fabric must verify with zero discrepancies; then two cables are swapped,
one removed, one added, one speed changed (InfiniBand; veth links have a fixed speed) and one device's name blanked
to a factory default, and verify must report exactly those.

Usage: verify-real-stacks.py --fabcheck BIN [--record FIXTURE_DIR] [--only NAME]. Needs root (namespaces) and the
Debian packages ibsim-utils, libumad2sim0, infiniband-diags, opensm, lldpd.
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
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE = re.compile(r'^(Switch|Ca)\t(\d+) "([^"]+)"\t\t# "([^"]*)"(.*)$')
PORT = re.compile(r'^\[(\d+)\]\t"([^"]+)"\[(\d+)\]\t\t# (.*)$')
RATE = re.compile(r'(\d+x[A-Z]+)\s*$')


def umad2sim():
    for path in glob.glob('/usr/lib/*/umad2sim/libumad2sim.so') + glob.glob('/usr/lib/umad2sim/libumad2sim.so'):
        return path
    sys.exit('libumad2sim.so not found (Debian package libumad2sim0)')


class Net:
    """An ibsim net file in the form `fabcheck export --format ibnetdiscover` writes, editable by description."""

    def __init__(self, text):
        self.nodes = []  # dicts: type, ports, id, desc, extra, head (guid lines), links {port: [remote id, remote port, rate]}
        node = None
        head = []
        for line in text.splitlines():
            if not line.strip():
                node = None
                continue
            if line.startswith('#'):
                continue
            match = NODE.match(line)
            if match:
                node = dict(type=match[1], ports=int(match[2]), id=match[3], desc=match[4], extra=match[5], head=head, links={})
                self.nodes.append(node)
                head = []
                continue
            match = PORT.match(line)
            if match and node is not None:
                rate = RATE.search(match[4])
                node['links'][int(match[1])] = [match[2], int(match[3]), rate[1] if rate else '']
                continue
            head.append(line)
        self.by_id = {n['id']: n for n in self.nodes}
        self.by_desc = {n['desc']: n for n in self.nodes}

    def port_to(self, a, b):
        """The first port of `a` cabled to `b` (by description)."""
        target = self.by_desc[b]['id']
        return min(p for p, (rid, _, _) in self.by_desc[a]['links'].items() if rid == target)

    def swap(self, a, pa, b, pb):
        """Cross the cables at a:pa and b:pb (each keeps its rate)."""
        na, nb = self.by_desc[a], self.by_desc[b]
        xa, xb = na['links'][pa], nb['links'][pb]
        na['links'][pa] = [xb[0], xb[1], xa[2]]
        nb['links'][pb] = [xa[0], xa[1], xb[2]]
        self.by_id[xb[0]]['links'][xb[1]] = [na['id'], pa, xa[2]]
        self.by_id[xa[0]]['links'][xa[1]] = [nb['id'], pb, xb[2]]

    def remove(self, a, pa):
        na = self.by_desc[a]
        rid, rp, _ = na['links'].pop(pa)
        del self.by_id[rid]['links'][rp]

    def add(self, a, pa, b, pb, rate):
        na, nb = self.by_desc[a], self.by_desc[b]
        na['links'][pa] = [nb['id'], pb, rate]
        nb['links'][pb] = [na['id'], pa, rate]
        na['ports'] = max(na['ports'], pa)
        nb['ports'] = max(nb['ports'], pb)

    def move(self, a, pa, new_pa):
        """Re-plug the cable at a:pa into a:new_pa."""
        na = self.by_desc[a]
        rid, rp, rate = na['links'].pop(pa)
        na['links'][new_pa] = [rid, rp, rate]
        na['ports'] = max(na['ports'], new_pa)
        self.by_id[rid]['links'][rp] = [na['id'], new_pa, rate]

    def rate(self, a, pa, rate):
        na = self.by_desc[a]
        rid, rp, _ = na['links'][pa]
        na['links'][pa][2] = rate
        self.by_id[rid]['links'][rp][2] = rate

    def rename(self, a, desc):
        node = self.by_desc.pop(a)
        node['desc'] = desc

    def text(self):
        out = ['# edited by scripts/verify-real-stacks.py', '']
        for n in self.nodes:
            out += n['head']
            out.append('%s\t%d "%s"\t\t# "%s"%s' % (n['type'], n['ports'], n['id'], n['desc'], n['extra']))
            for port in sorted(n['links']):
                rid, rp, rate = n['links'][port]
                remote = self.by_id[rid]['desc']
                suffix = (' ' + rate) if rate else ''
                if n['type'] == 'Switch':
                    out.append('[%d]\t"%s"[%d]\t\t# "%s" lid 0%s' % (port, rid, rp, remote, suffix))
                else:
                    out.append('[%d]\t"%s"[%d]\t\t# lid 0 lmc 0 "%s" lid 0%s' % (port, rid, rp, remote, suffix))
            out.append('')
        return '\n'.join(out) + '\n'


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def ib_discover(net_text, work, name):
    """Load a net file into ibsim, assign LIDs with opensm, return (ibnetdiscover, ibnetdiscover -p) texts."""
    net = os.path.join(work, name + '.net')
    with open(net, 'w') as handle:
        handle.write(net_text)
    log = open(os.path.join(work, name + '.ibsim.log'), 'w')
    sim = subprocess.Popen(['ibsim', '-s', '-n', net], stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        for _ in range(100):
            time.sleep(0.1)
            if 'Network simulator ready' in open(log.name).read():
                break
        else:
            sys.exit('ibsim did not start; see ' + log.name)
        env = dict(os.environ, LD_PRELOAD=umad2sim(), OSM_TMP_DIR=work, OSM_CACHE_DIR=work)
        subprocess.run(['opensm', '-o', '-f', os.path.join(work, name + '.osm.log')], env=env, cwd=work,
                       capture_output=True, timeout=120)
        topo = run(['ibnetdiscover'], env=env, cwd=work, timeout=120).stdout
        ports = run(['ibnetdiscover', '-p'], env=env, cwd=work, timeout=120).stdout
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        log.close()
    return topo, ports


def verify(fabcheck, design, files, extra=()):
    result = subprocess.run([fabcheck, 'verify', design, '--observed', *files, '--format', 'json', '--fail-on', 'never', *extra],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit('fabcheck verify failed (%d): %s' % (result.returncode, result.stderr))
    return json.loads(result.stdout)


def check(label, report, expected):
    """`expected`: {kind: [predicate, ...]}; each predicate must hold for a distinct discrepancy of that kind."""
    kinds = collections.Counter(d['kind'] for d in report['discrepancies'])
    want = {k: len(v) for k, v in expected.items()}
    ok = dict(kinds) == want
    for kind, predicates in expected.items():
        items = [d for d in report['discrepancies'] if d['kind'] == kind]
        for predicate in predicates:
            if not any(predicate(d) for d in items):
                ok = False
                print('  %s: no %s discrepancy as expected' % (label, kind))
    status = 'ok' if ok else 'FAILED'
    print('%-34s %s  summary %s' % (label, status, {k: v for k, v in report['summary'].items() if v}))
    if not ok:
        for d in report['discrepancies']:
            print('    %s: %s' % (d['kind'], d['message']))
    return ok


def ends(d):
    """Every device name on either side of a discrepancy."""
    names = set()
    for side in d['design'] + d['observed']:
        names |= {side['source'], side['target']}
    return names


def ib_case(args, work, name, design, cases):
    """`cases`: [(label, mutate, expected)], each applied to a fresh copy of the exported net file."""
    design_path = os.path.join(work, name + '.graphml')
    shutil.copy(design, design_path)
    net_text = run([args.fabcheck, 'export', design_path, '--format', 'ibnetdiscover']).stdout
    faithful, faithful_p = ib_discover(net_text, work, name + '-faithful')
    files = {}
    outputs = [('faithful.ibnetdiscover', faithful), ('faithful.ibnetdiscover-p', faithful_p)]
    nets = {}
    for label, mutate, _ in cases:
        net = Net(net_text)
        mutate(net)
        nets[label] = net.text()
        text, text_p = ib_discover(nets[label], work, name + '-' + label)
        outputs += [(label + '.ibnetdiscover', text), (label + '.ibnetdiscover-p', text_p)]
    for label, text in outputs:
        files[label] = os.path.join(work, name + '-' + label)
        with open(files[label], 'w') as handle:
            handle.write(text)
    ok = check(name + ' faithful', verify(args.fabcheck, design_path, [files['faithful.ibnetdiscover']]), {})
    ok &= check(name + ' faithful (-p)', verify(args.fabcheck, design_path, [files['faithful.ibnetdiscover-p']]), {})
    for label, _, expected in cases:
        ok &= check(name + ' ' + label, verify(args.fabcheck, design_path, [files[label + '.ibnetdiscover']]), expected)
        ok &= check(name + ' ' + label + ' (-p)', verify(args.fabcheck, design_path, [files[label + '.ibnetdiscover-p']]), expected)
    if args.record:
        target = os.path.join(args.record, name)
        os.makedirs(target, exist_ok=True)
        shutil.copy(design_path, os.path.join(target, 'design.graphml'))
        for label, text in nets.items():
            with open(os.path.join(target, label + '.net'), 'w') as handle:
                handle.write(text)
        for label, path in files.items():
            shutil.copy(path, os.path.join(target, label))
    return ok


def fattree(args, work):
    # ibsim 0.10 knows lane speeds up to HDR: the k=4 fat-tree's 400 Gb/s links become 200 Gb/s (4xHDR).
    source = os.path.join(ROOT, 'topologies/fattree-k4.graphml')
    design = os.path.join(work, 'fattree-k4-hdr.src.graphml')
    with open(source) as handle:
        text = handle.read().replace('400Gb/s', '200Gb/s').replace('bandwidth=400 Gb/s', 'bandwidth=200 Gb/s')
    with open(design, 'w') as handle:
        handle.write(text)

    def mutate(net):
        net.swap('edge-p0-0', net.port_to('edge-p0-0', 'h-p0-e0-0'), 'edge-p1-0', net.port_to('edge-p1-0', 'h-p1-e0-0'))
        net.remove('agg-p2-0', net.port_to('agg-p2-0', 'core-0'))
        net.add('edge-p3-0', 5, 'edge-p3-1', 5, '4xHDR')
        net.rate('edge-p2-0', net.port_to('edge-p2-0', 'agg-p2-1'), '4xEDR')
        net.rename('h-p2-e1-1', 'MT4129 ConnectX7   Mellanox Technologies')
    expected = {
        'swapped': [lambda d: ends(d) == {'h-p0-e0-0', 'h-p1-e0-0', 'edge-p0-0', 'edge-p1-0'}],
        'missing': [lambda d: {d['source'], d['target']} == {'agg-p2-0', 'core-0'}],
        'unexpected': [lambda d: ends(d) == {'edge-p3-0', 'edge-p3-1'}],
        'speed': [lambda d: {d['source'], d['target']} == {'edge-p2-0', 'agg-p2-1'} and d['observed'][0]['rate'] == '4xEDR'],
        'unnamed': [lambda d: d['guess'] == 'h-p2-e1-1'],
    }
    return ib_case(args, work, 'fattree-k4-hdr', design, [('mutated', mutate, expected)])


def dual_homed(args, work):
    def mutate(net):
        net.swap('leaf-1', 1, 'leaf-1', 2)
        net.remove('leaf-2', 3)
        net.add('leaf-1', 7, 'leaf-2', 7, '4xHDR')
        net.rate('leaf-2', 5, '4xEDR')
        net.rename('gpu-4 HCA-1', 'MT4129 ConnectX7   Mellanox Technologies')
    expected = {
        'swapped': [lambda d: ends(d) == {'gpu-1', 'gpu-2', 'leaf-1'}],
        'missing': [lambda d: d['source'] == 'gpu-3' and d['sourcePort'] == 'p2'
                    and 'gpu-3' in d['impact']['lostDualHoming']],
        'unexpected': [lambda d: d['observed'][0]['sourcePort'] == '7'],
        'speed': [lambda d: d['source'] == 'leaf-2' and d['sourcePort'] == '5'],
        'unnamed': [lambda d: d['guess'] == 'gpu-4'],
    }

    def mutate2(net):
        net.move('leaf-1', 3, 8)
        net.rate('leaf-1', 6, '2xHDR')
    expected2 = {
        'miswired': [lambda d: d['source'] == 'gpu-3' and d['observed'][0]['targetPort' if d['observed'][0]['source'] == 'gpu-3' else 'sourcePort'] == '8'],
        'width': [lambda d: d['source'] == 'leaf-1' and d['sourcePort'] == '6' and d['observed'][0]['rate'] == '2xHDR'],
    }
    return ib_case(args, work, 'dual-homed-ib', os.path.join(ROOT, 'examples/verify/dual-homed-ib.graphml'),
                   [('mutated', mutate, expected), ('miswired-width', mutate2, expected2)])


def lldp_cables(design):
    ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}
    graph = ET.parse(design).getroot().find('g:graph', ns)
    devices = [n.get('id') for n in graph.findall('g:node', ns)]
    roles = {}
    for n in graph.findall('g:node', ns):
        for data in n.findall('g:data', ns):
            if data.get('key') == 'role':
                roles[n.get('id')] = data.text
    cables = [(e.get('source'), e.get('sourceport'), e.get('target'), e.get('targetport')) for e in graph.findall('g:edge', ns)]
    return devices, roles, cables


def lldp_up(work, tag, devices, cables, names, shared=()):
    """Namespaces, veths and lldpd; returns the namespaces, per-device socket paths and the started processes."""
    procs = []
    ns = {device: 'fcv-%s-%d' % (tag, index) for index, device in enumerate(devices)}
    try:
        return lldp_start(work, tag, devices, cables, names, ns, procs, shared)
    except BaseException:
        lldp_down(ns, procs)
        raise


def lldp_start(work, tag, devices, cables, names, ns, procs, shared):
    for device in devices:
        subprocess.run(['ip', 'netns', 'add', ns[device]], check=True)
    if shared:
        # One shared segment: a bridge (forwarding LLDP's 01:80:c2:00:00:0e) joining several ports, as a
        # mis-patched unmanaged switch would.
        ns['(bridge)'] = 'fcv-%s-br' % tag
        bridge = ns['(bridge)']
        subprocess.run(['ip', 'netns', 'add', bridge], check=True)
        subprocess.run(['ip', '-n', bridge, 'link', 'add', 'br0', 'type', 'bridge', 'group_fwd_mask', '0x4000'], check=True)
        subprocess.run(['ip', '-n', bridge, 'link', 'set', 'br0', 'up'], check=True)
        for index, (device, port) in enumerate(shared):
            peer = 'b%d' % index
            subprocess.run(['ip', 'link', 'add', port, 'netns', ns[device], 'type', 'veth', 'peer', 'name', peer, 'netns', bridge], check=True)
            subprocess.run(['ip', '-n', bridge, 'link', 'set', peer, 'master', 'br0'], check=True)
            subprocess.run(['ip', '-n', bridge, 'link', 'set', peer, 'up'], check=True)
            subprocess.run(['ip', '-n', ns[device], 'link', 'set', port, 'up'], check=True)
    for a, pa, b, pb in cables:
        subprocess.run(['ip', 'link', 'add', pa, 'netns', ns[a], 'type', 'veth', 'peer', 'name', pb, 'netns', ns[b]], check=True)
        subprocess.run(['ip', '-n', ns[a], 'link', 'set', pa, 'up'], check=True)
        subprocess.run(['ip', '-n', ns[b], 'link', 'set', pb, 'up'], check=True)
    sockets = {}
    for device in devices:
        sock = os.path.join(work, '%s-%s.sock' % (tag, device))
        sockets[device] = sock
        # Configured before the first frame: lldpd stays paused until its configuration has run.
        conf = os.path.join(work, '%s-%s.conf' % (tag, device))
        with open(conf, 'w') as handle:
            handle.write('configure system hostname %s\nconfigure lldp tx-interval 1\n' % names.get(device, device))
        os.chmod(conf, 0o644)
        log = open(os.path.join(work, '%s-%s.lldpd.log' % (tag, device)), 'w')
        procs.append(subprocess.Popen(['ip', 'netns', 'exec', ns[device], 'lldpd', '-d', '-u', sock, '-O', conf],
                                      stdout=log, stderr=subprocess.STDOUT))
    for device in devices:
        for attempt in range(100):
            done = subprocess.run(['lldpcli', '-u', sockets[device], 'show', 'configuration'], capture_output=True, text=True)
            if done.returncode == 0 and 'Transmit delay: 1' in done.stdout:
                break
            time.sleep(0.1)
        else:
            sys.exit('lldpd in %s does not answer on %s' % (ns[device], sockets[device]))
    return ns, sockets, procs


def lldp_down(ns, procs):
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    for name in ns.values():
        subprocess.run(['ip', 'netns', 'del', name], capture_output=True)


def lldp_collect(work, tag, devices, roles, cables, names, shared=()):
    ns, sockets, procs = lldp_up(work, tag, devices, cables, names, shared)
    try:
        expected_links = collections.Counter()
        for a, _, b, _ in cables:
            expected_links[a] += 1
            expected_links[b] += 1
        for device, _ in shared:
            expected_links[device] += len(shared) - 1
        files = []
        deadline = time.time() + 30
        switches = [d for d in devices if roles.get(d) == 'switch']
        while True:
            time.sleep(1)
            texts = {d: run(['lldpcli', '-u', sockets[d], '-f', 'json', 'show', 'neighbors', 'details']).stdout for d in switches}
            seen = {d: texts[d].count('"via"') for d in switches}
            if all(seen[d] >= expected_links[d] for d in switches) or time.time() > deadline:
                break
        for d in switches:
            path = os.path.join(work, '%s.%s.json' % (d, tag))
            with open(path, 'w') as handle:
                handle.write(texts[d])
            files.append(path)
        return files
    finally:
        lldp_down(ns, procs)


def lldp(args, work):
    design = os.path.join(ROOT, 'examples/verify/lldp-leafspine.graphml')
    devices, roles, cables = lldp_cables(design)
    faithful = lldp_collect(work, 'faithful', devices, roles, cables, {})
    mutated_cables = []
    for a, pa, b, pb in cables:
        if (a, b) == ('host-1', 'leaf-1'):
            mutated_cables.append(('host-3', 'eth0', 'leaf-1', 'swp3'))
        elif (a, b) == ('host-3', 'leaf-2'):
            mutated_cables.append(('host-1', 'eth0', 'leaf-2', 'swp3'))
        elif (a, b) == ('leaf-2', 'spine-2'):
            continue
        else:
            mutated_cables.append((a, pa, b, pb))
    mutated_cables.append(('leaf-1', 'swp5', 'leaf-2', 'swp5'))
    mutated = lldp_collect(work, 'mutated', devices, roles, mutated_cables, {'host-4': 'localhost'})
    ok = check('lldp-leafspine faithful', verify(args.fabcheck, design, faithful), {})
    expected = {
        'swapped': [lambda d: ends(d) == {'host-1', 'host-3', 'leaf-1', 'leaf-2'}],
        'missing': [lambda d: {d['source'], d['target']} == {'leaf-2', 'spine-2'}],
        'unexpected': [lambda d: ends(d) == {'leaf-1', 'leaf-2'} and d['observed'][0]['sourcePort'] == 'swp5'],
        'unnamed': [lambda d: d['guess'] == 'host-4'],
    }
    ok &= check('lldp-leafspine mutated', verify(args.fabcheck, design, mutated), expected)
    # Duplicate: leaf-1's swp6 and two hosts' eth1 on one bridge: leaf-1 hears two neighbours on swp6.
    bridged = lldp_collect(work, 'duplicate', devices, roles, cables, {}, shared=[('leaf-1', 'swp6'), ('host-1', 'eth1'), ('host-2', 'eth1')])
    expected3 = {'duplicate': [lambda d: d['observed'][0]['source'] == 'leaf-1' and d['observed'][0]['sourcePort'] == 'swp6'
                               and len(d['observed']) == 2]}
    ok &= check('lldp-leafspine duplicate', verify(args.fabcheck, design, bridged), expected3)
    if args.record:
        target = os.path.join(args.record, 'lldp-leafspine')
        os.makedirs(target, exist_ok=True)
        shutil.copy(design, os.path.join(target, 'design.graphml'))
        for path in faithful + mutated + bridged:
            shutil.copy(path, os.path.join(target, os.path.basename(path)))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--fabcheck', required=True)
    parser.add_argument('--record', help='copy the real tools\' outputs into this fixture folder')
    parser.add_argument('--only', choices=['fattree', 'dual-homed', 'lldp'])
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args = parser.parse_args()
    args.fabcheck = os.path.abspath(args.fabcheck)
    if args.record:
        args.record = os.path.abspath(args.record)
    work = tempfile.mkdtemp(prefix='fabcheck-real-stacks-')
    os.chmod(work, 0o755)  # lldpd's unprivileged half must reach its control socket here
    ok = True
    try:
        for name, case in [('fattree', fattree), ('dual-homed', dual_homed), ('lldp', lldp)]:
            if args.only in (None, name):
                ok &= case(args, work)
    finally:
        if args.keep:
            print('work folder kept:', work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('all real-stack checks passed' if ok else 'real-stack checks FAILED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
