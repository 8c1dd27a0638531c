#!/usr/bin/env bash
# packaging/slurm/boneage-batch.slurm as a user would run it: on a one-node Slurm cluster (munge, slurmctld,
# slurmd) that this test starts on loopback, in its own folder, on ports it picks, the example script scores
# phantom films as a 4-task job array, a job that depends on the array merges the shards, and the merged CSV
# must equal one unsharded run byte for byte. Skips (77) when Slurm or munge is not installed or the cluster
# does not come up within a minute.
#   test_slurm_array.sh BONEAGE MODEL_DIR SOURCE_DIR
set -euo pipefail
boneage=$(readlink -f "${1:?usage: test_slurm_array.sh BONEAGE MODEL_DIR SOURCE_DIR}")
model=$(readlink -f "$2")
script=$(readlink -f "$3/packaging/slurm/boneage-batch.slurm")
for tool in munged slurmctld slurmd sbatch sinfo scontrol; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: the test cluster runs its daemons as root"; exit 77; }

work=$(mktemp -d /tmp/boneage-slurm-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
logs() { for f in "$work"/*.log; do echo "--- $f"; tail -20 "$f"; done; }
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "== a one-node cluster on loopback"
start=$SECONDS
mkdir -p "$work/munge" "$work/state" "$work/spool"
chmod 755 "$work/munge"
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
    --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" --log-file="$work/munged.log" \
    >"$work/munged.out" 2>&1 &
pids+=($!)
host=$(hostname -s)
cat >"$work/slurm.conf" <<CONF
ClusterName=boneagetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Schedule at once (a test waits on it), and cancel the merge when a task of the array fails.
SchedulerType=sched/builtin
SchedulerParameters=kill_invalid_depend,sched_interval=2
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=4096 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
until [ -S "$work/munge/munge.socket" ]; do
    [ $((SECONDS - start)) -lt 60 ] || { logs; echo "SKIP: munged did not start within a minute"; exit 77; }
    sleep 0.2
done
slurmctld -D -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$work/slurmd.out" 2>&1 &
pids+=($!)
until [ "$(sinfo -h -o %t 2>/dev/null)" = "idle" ]; do
    [ $((SECONDS - start)) -lt 60 ] || { logs; echo "SKIP: the cluster did not come up within a minute"; exit 77; }
    sleep 0.5
done
echo "cluster up in $((SECONDS - start)) s: $(sinfo -h -o '%P %D %t %c')"

echo "== phantom films, and the run the shards must add up to"
"$boneage" phantom --count 12 --seed 9 --height 400 --out "$work/films" >/dev/null
"$boneage" batch "$work/films" --out "$work/one.csv" --model "$model" --progress none >/dev/null

echo "== the example script as a 4-task array, then a merge that depends on it"
start=$SECONDS
array=$(sbatch --parsable --array=1-4 --cpus-per-task=1 --chdir="$work" \
    --export=ALL,BONEAGE="$boneage",BONEAGE_BATCH_OPTIONS="--model $model" \
    "$script" "$work/shards" "$work/films")
timeout 600 sbatch --wait --chdir="$work" --dependency="afterok:$array" --output="$work/merge.log" \
    --wrap "'$boneage' batch-merge $work/shards/shard-*-of-4.csv --out $work/merged.csv" ||
    { logs; cat "$work"/boneage-batch-*.log 2>/dev/null; echo "FAIL: the array or its merge failed"; exit 1; }
echo "array and merge: $((SECONDS - start)) s"
ls "$work/shards"
cat "$work/merge.log"
for log in "$work"/boneage-batch-*.log; do tail -1 "$log"; done
cmp "$work/merged.csv" "$work/one.csv" || { echo "FAIL: the merged shards differ from the one run"; exit 1; }
echo "PASS: 4 array tasks merged into the one-run CSV ($(($(wc -l <"$work/one.csv") - 1)) rows)"
