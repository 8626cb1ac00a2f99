#!/usr/bin/env bash
# Proves the sharded sweep on a real Slurm: brings up a single-node Slurm (Debian slurm-wlm + munge, localhost
# only, private config and spool under a work folder), submits the sweep as a job array, merges the shards with
# `fabcheck merge` and compares the bytes with a single unsharded run.
#
#   sudo examples/slurm/run-local-slurm.sh DESIGN.graphml [SHARDS] [sweep options...]
#
# Needs root (it starts munged, slurmctld and slurmd). Not part of `swift test` or CI. Everything it starts is
# stopped again on exit, by process id. Environment: FABCHECK (binary; default: release build of this checkout),
# WORKDIR (default: a fresh mktemp folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
design="$(realpath "${1:?usage: run-local-slurm.sh DESIGN.graphml [SHARDS] [sweep options...]}")"
shards="${2:-4}"
shift $(( $# >= 2 ? 2 : 1 ))
sweep_options=("$@")
[ ${#sweep_options[@]} -eq 0 ] && sweep_options=(--elements links)

if [ "$(id -u)" -ne 0 ]; then echo "run-local-slurm: needs root to start munged, slurmctld and slurmd" >&2; exit 64; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "== installing slurm-wlm and munge"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

if [ -z "${FABCHECK:-}" ]; then
    echo "== building fabcheck (release)"
    (cd "$root" && swift build -c release --scratch-path .build-release --product fabcheck 2>&1 | tail -1)
    FABCHECK="$root/.build-release/release/fabcheck"
fi
export FABCHECK
work="${WORKDIR:-$(mktemp -d /tmp/fabcheck-slurm.XXXXXX)}"
mkdir -p "$work/state" "$work/spool" "$work/shards"
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "== starting munged"
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
fi
install -d -o munge -g munge -m 0755 "$work/munge"
socket="$work/munge/munge.socket"
runuser -u munge -- /usr/sbin/munged --foreground --socket="$socket" --pid-file="$work/munge/munged.pid" \
    --log-file="$work/munge/munged.log" >"$work/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done

host="$(hostname -s)"
cpus="$(nproc)"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=fabcheck
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=46817
SlurmdPort=46818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=fabnode NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=fabnode Default=YES MaxTime=INFINITE State=UP
CONF

echo "== starting slurmctld and slurmd (config $SLURM_CONF)"
/usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
sleep 1
/usr/sbin/slurmd -D -N fabnode -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    state="$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)"
    [ "$state" = "idle" ] && break
    sleep 0.2
done
sinfo

echo "== single run: fabcheck sweep $(basename "$design") ${sweep_options[*]}"
start=$(date +%s.%N)
"$FABCHECK" sweep "$design" "${sweep_options[@]}" --format json > "$work/single.json"
echo "   $(wc -c < "$work/single.json") bytes in $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== sbatch --array=0-$((shards - 1)) (one shard per task)"
start=$(date +%s.%N)
job=$(sbatch --parsable --wait --array=0-$((shards - 1)) --chdir="$work" \
    "$here/sweep-array.sbatch" "$design" "$work/shards" "${sweep_options[@]}")
echo "   job $job finished in $(echo "$(date +%s.%N) - $start" | bc) s"
for log in "$work"/fabcheck-sweep-*.log; do
    [ -s "$log" ] && { echo "   $(basename "$log"):"; sed 's/^/     /' "$log"; }
done
ls -l "$work/shards"

echo "== merging $shards shards"
"$FABCHECK" merge "$work"/shards/shard-*.json > "$work/merged.json"
sha256sum "$work/single.json" "$work/merged.json"
if cmp "$work/single.json" "$work/merged.json"; then
    echo "OK: merged job-array output is byte-identical to the single run ($(grep -c '"failure"' "$work/single.json") scenarios)"
else
    echo "FAIL: merged output differs from the single run" >&2
    exit 1
fi
