#!/usr/bin/env bash
# CPU figures of a model package in one run: the C++ engine (`boneage bench`) beside PyTorch eager (Debian's
# torch 1.13) with the same thread count, film size and iterations. Prints both tables.
#   tools/bench-cpu.sh MODEL_DIR [THREADS] [ITERATIONS]
set -euo pipefail
model=${1:?usage: tools/bench-cpu.sh MODEL_DIR [THREADS] [ITERATIONS]}
threads=${2:-$(nproc)}
iterations=${3:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${BONEAGE_BIN:-$here/build/app/boneage}
export OMP_WAIT_POLICY=PASSIVE
echo "== C++ LibTorch engine ($threads threads)"
"$bin" bench --model "$model" --device cpu --threads "$threads" --iterations "$iterations"
echo "== PyTorch eager ($threads threads)"
/usr/bin/python3 "$here/models/bench_eager.py" --model "$model" --device cpu --threads "$threads" \
    --iterations "$iterations" --size 2048 2560
