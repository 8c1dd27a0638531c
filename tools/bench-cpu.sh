#!/usr/bin/env bash
# CPU figures of a model package: the C++ engine (`boneage bench`) and PyTorch eager (Debian's torch 1.13) in
# turn, ROUNDS rounds, same film, threads and iterations; prints the medians and engine/eager ratios.
#   tools/bench-cpu.sh MODEL_DIR [THREADS] [ITERATIONS] [ROUNDS]
set -euo pipefail
model=${1:?usage: tools/bench-cpu.sh MODEL_DIR [THREADS] [ITERATIONS] [ROUNDS]}
here=$(cd "$(dirname "$0")/.." && pwd)
exec nice -n 19 /usr/bin/python3 "$here/tools/bench_compare.py" --model "$model" --threads "${2:-$(nproc)}" \
    --iterations "${3:-10}" --rounds "${4:-5}" --boneage "${BONEAGE_BIN:-$here/build/app/boneage}"
