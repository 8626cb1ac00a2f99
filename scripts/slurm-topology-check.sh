#!/usr/bin/env bash
# Feeds fabcheck's Slurm tree export of a design to a real slurmctld (Debian's slurm-wlm) and records what Slurm
# says about it: the topology lines of slurmctld's log and `scontrol show topology`. Not part of `swift test`; the
# recorded output lives in Tests/FabricReportsTests/Expected/slurm-real/ and ExportSlurmTests checks it still
# matches the exporter.
#
#   scripts/slurm-topology-check.sh DESIGN.graphml [OUT_DIR] [-- extra 'fabcheck export' options, e.g. --slurm-node rack]
#
# Needs: slurmctld, scontrol and munged (apt-get install -y slurm-wlm), a built fabcheck (FABCHECK, default
# .build/debug/fabcheck). Runs everything as the current user in a temporary folder (own munge socket, ports 16817/8).
set -euo pipefail
cd "$(dirname "$0")/.."
design="$1"; shift
out="${1:-}"; [ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
fabcheck="${FABCHECK:-.build/debug/fabcheck}"
for tool in slurmctld scontrol munged; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y slurm-wlm)" >&2; exit 2; }
done
work="$(mktemp -d)"
cleanup() {
    [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
    [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
    sleep 1
    rm -rf "$work" || true
}
trap cleanup EXIT
"$fabcheck" export "$design" --format slurm "$@" -o "$work/topology.conf" 2> "$work/export.stderr" || { cat "$work/export.stderr" >&2; exit 2; }
# Every node the file names, expanded by Slurm itself, becomes a NodeName line on loopback.
# Every node the file names (hostlists expanded, each once) becomes a node on loopback.
nodes="$(python3 - "$work/topology.conf" <<'PY'
import re, sys
names = set()
for line in open(sys.argv[1]):
    match = re.search(r"Nodes=(\S+)", line)
    if not match:
        continue
    for item in re.findall(r"[^,\[]+(?:\[[^\]]*\])?", match.group(1)):
        head = re.fullmatch(r"(.*)\[(.*)\]", item)
        if not head:
            names.add(item)
            continue
        for part in head.group(2).split(","):
            low, _, high = part.partition("-")
            for number in range(int(low), int(high or low) + 1):
                names.add(head.group(1) + str(number).zfill(len(low)))
print(",".join(sorted(names)))
PY
)"
mkdir -p "$work/state"
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge.key"
munged --key-file="$work/munge.key" --socket="$work/munge.sock" --pid-file="$work/munged.pid" \
    --log-file="$work/munged.log" --seed-file="$work/munge.seed" -f
cat > "$work/slurm.conf" <<CONF
ClusterName=fabcheck
SlurmctldHost=localhost
SlurmUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
StateSaveLocation=$work/state
SlurmctldPidFile=$work/slurmctld.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmctldPort=16817
SlurmdPort=16818
SlurmctldDebug=info
MailProg=/bin/true
MpiDefault=none
TopologyPlugin=topology/tree
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
NodeName=$nodes NodeAddr=127.0.0.1 CPUs=1 State=UNKNOWN
PartitionName=all Nodes=ALL Default=YES State=UP
CONF
slurmctld -i -f "$work/slurm.conf"
export SLURM_CONF="$work/slurm.conf"
for _ in $(seq 1 30); do scontrol ping >/dev/null 2>&1 && break; sleep 1; done
{
    echo "# slurmctld $(slurmctld -V | cut -d' ' -f2) on $(basename "$design") $*"
    echo "## topology.conf (fabcheck export --format slurm $*)"
    sed "s|$(dirname "$design")/||" "$work/topology.conf"
    echo "## export warnings"
    sed "s|$(dirname "$design")/||" "$work/export.stderr"
    echo "## slurmctld log: topology lines"
    grep -iE 'topolog|leaf switch|switch.*(level|contain)|Multiple|LinkSpeed' "$work/slurmctld.log" | sed -E 's/^\[[^]]*\] //' || true
    echo "## scontrol show topology"
    scontrol show topology
} > "$work/record.txt"
cat "$work/record.txt"
if [ -n "$out" ]; then cp "$work/record.txt" "$out"; fi
