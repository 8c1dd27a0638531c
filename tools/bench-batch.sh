#!/usr/bin/env bash
# The batch figures of issue 13 on phantom films, in one run (test_cli_batch checks the same on ~100 films):
#  1. the bare model's rate on this device: `boneage bench --film` on one of the films (predict p50 =
#     preprocessing + inference), and the model's own time inside the batch run;
#  2. `boneage batch` over all the films: films/s, and its ratio to both;
#  3. the same run killed with SIGKILL at five random row counts and resumed: exactly N rows, none twice,
#     byte for byte the one-run CSV;
#  4. the same run as 4 shards, merged: byte for byte the one-run CSV.
#   tools/bench-batch.sh MODEL_DIR [FILMS] [HEIGHT] [THREADS] [JOBS]
# Runs under nice -n 19; BONEAGE_BIN names the binary (default build/app/boneage), KEEP=1 keeps the films,
# FORMAT=dicom writes the films as uncompressed DICOM (as an archive holds them) instead of 8-bit PNG.
set -euo pipefail
model=$(readlink -f "${1:?usage: tools/bench-batch.sh MODEL_DIR [FILMS] [HEIGHT] [THREADS] [JOBS]}")
films=${2:-2000}
height=${3:-1000}
threads=${4:-1}
jobs=${5:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(readlink -f "${BONEAGE_BIN:-$here/build/app/boneage}")
work=$(mktemp -d /tmp/boneage-bench-batch.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE
run() { nice -n 19 "$bin" "$@"; }
rows() { [ -f "$1" ] && echo $(($(wc -l <"$1") - 1)) || echo 0; }  # whole rows below the header
# exec: run in the background, the PID is the scorer's own (nice execs it), so SIGKILL reaches it.
batch() { exec nice -n 19 "$bin" batch "$work/set" --out "$1" --model "$model" --device cpu --threads "$threads" \
    --jobs "$jobs" --progress none "${@:2}"; }

echo "== $films phantom films (${FORMAT:-png}), height $height px, in $work"
start=$SECONDS
format=${FORMAT:-png}
run phantom --count "$films" --seed 11 --height "$height" --format "$format" --out "$work/set" >/dev/null
first=$(ls "$work/set/images" | sort -n | head -1)
echo "written in $((SECONDS - start)) s"

echo "== 1. the bare model: boneage bench --film (threads $threads)"
run bench --model "$model" --device cpu --threads "$threads" --iterations 30 --film "$work/set/images/$first" \
    --json >"$work/bench.json"
bare=$(/usr/bin/python3 - "$work/bench.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stages_ms"]
p, pre, inf = s["predict"]["p50"], s["preprocess"]["p50"], s["inference"]["p50"]
print(f"predict p50 {p:.1f} ms (preprocess {pre:.1f}, inference {inf:.1f}): {1000 / p:.2f} films/s", file=sys.stderr)
print(f"{1000 / p:.2f}")
PY
)

echo "== 2. boneage batch, one run (threads $threads, decoding jobs $jobs)"
(batch "$work/one.csv") | tee "$work/one.txt"
/usr/bin/python3 - "$work/one.txt" "$bare" <<'PY'
import re, sys
m = re.search(r"This run: (\d+) films in ([0-9.]+) s, ([0-9.]+) films/s on (\S+); the model's own time ([0-9.]+) s",
              open(sys.argv[1]).read())
films, rate, model_s, bare = int(m[1]), float(m[3]), float(m[5]), float(sys.argv[2])
print(f"batch {rate:.2f} films/s; bare model (bench) {bare:.2f} films/s: {rate / bare:.3f}; "
      f"the model's own time in the run {films / model_s:.2f} films/s: {rate / (films / model_s):.3f}")
PY

echo "== 3. killed with SIGKILL five times at random rows, resumed"
last=0
for kill in 1 2 3 4 5; do
    target=$((last + 1 + RANDOM % (films / 6)))
    (batch "$work/killed.csv" --resume >/dev/null) &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ "$(rows "$work/killed.csv")" -lt "$target" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || { echo "finished before kill $kill"; exit 1; }
    wait "$pid" 2>/dev/null || true
    last=$(rows "$work/killed.csv")
    echo "kill $kill at $last rows (target $target)"
done
(batch "$work/killed.csv" --resume >/dev/null)
n=$(rows "$work/killed.csv")
twice=$(tail -n +2 "$work/killed.csv" | cut -d, -f1 | sort | uniq -d | wc -l)
cmp -s "$work/killed.csv" "$work/one.csv" && same=yes || same=NO
echo "resumed: $n rows (of $films), $twice inputs twice, equal to the one-run CSV: $same"

echo "== 4. four shards, merged"
start=$SECONDS
for k in 1 2 3 4; do (batch "$work/shard-$k.csv" --shard "$k/4" >/dev/null); done
run batch-merge "$work"/shard-{1,2,3,4}.csv --out "$work/merged.csv"
cmp -s "$work/merged.csv" "$work/one.csv" && merged=yes || merged=NO
echo "4 shards in $((SECONDS - start)) s; merged equal to the one-run CSV: $merged"
[ "$same" = yes ] && [ "$merged" = yes ] && [ "$n" -eq "$films" ] && [ "$twice" -eq 0 ]
