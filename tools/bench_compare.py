#!/usr/bin/env python3
"""The C++ engine (`boneage bench`) against PyTorch eager (models/bench_eager.py) on the same film, model and
thread count, in turn, several rounds: a shared machine's load swings by tens of per cent from one minute to
the next, so one run of each proves nothing. Prints each round's p50s, the median over rounds of each stage,
the engine/eager ratio, and the load average while it ran.

  /usr/bin/python3 tools/bench_compare.py --model DIR [--rounds 5] [--threads 2] [--iterations 10]
        [--film PNG] [--boneage build/app/boneage] [--json OUT.json]

Without --film it writes a 2,560-pixel-high phantom film (`boneage phantom`) and uses it for both.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAGES = ("load", "preprocess", "inference", "gradcam")


def run_json(command, env):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"bench_compare: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--film")
    p.add_argument("--boneage", default=os.path.join(HERE, "..", "build", "app", "boneage"))
    p.add_argument("--json", help="also write every figure to this file")
    args = p.parse_args(argv)
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))

    with tempfile.TemporaryDirectory() as tmp:
        film = args.film
        if not film:
            subprocess.run([args.boneage, "phantom", "--count", "1", "--seed", "2024", "--height", "2560",
                            "--out", tmp], check=True, capture_output=True, env=env)
            film = os.path.join(tmp, "images", "1.png")
        engine = [args.boneage, "bench", "--model", args.model, "--device", "cpu", "--threads", str(args.threads),
                  "--iterations", str(args.iterations), "--film", film, "--json"]
        eager = ["/usr/bin/python3", os.path.join(HERE, "..", "models", "bench_eager.py"), "--model", args.model,
                 "--device", "cpu", "--threads", str(args.threads), "--iterations", str(args.iterations),
                 "--film", film, "--json"]
        rounds = []
        load_before = os.getloadavg()
        for r in range(args.rounds):
            order = [("engine", engine), ("eager", eager)]
            if r % 2:
                order.reverse()  # neither side always runs first
            figures = {"load_average": os.getloadavg()[0]}
            for name, command in order:
                result = run_json(command, env)
                figures[name] = {s: result["stages_ms"][s]["p50"] for s in STAGES}
                if "forward_only" in result["stages_ms"]:
                    figures[name]["forward_only"] = result["stages_ms"]["forward_only"]["p50"]
            rounds.append(figures)
            print(f"round {r + 1}: load avg {figures['load_average']:.2f}  " +
                  "  ".join(f"{s} {figures['engine'][s]:.1f}/{figures['eager'][s]:.1f}" for s in STAGES),
                  flush=True)
        load_after = os.getloadavg()

    print(f"\n{args.model}: {args.rounds} rounds, {args.threads} threads, {args.iterations} iterations, film {film}")
    print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; per round " +
          ", ".join(f"{f['load_average']:.2f}" for f in rounds))
    print(f"{'stage (ms), median of p50s':<28} {'engine':>10} {'eager':>10} {'ratio':>8} {'goal <= 0.8':>12}")
    summary = {}
    for s in STAGES:
        e = statistics.median(f["engine"][s] for f in rounds)
        y = statistics.median(f["eager"][s] for f in rounds)
        ratio = e / y if y > 0 else float("inf")
        summary[s] = {"engine_ms": e, "eager_ms": y, "ratio": ratio}
        print(f"{s:<28} {e:10.2f} {y:10.2f} {ratio:8.2f} {'met' if ratio <= 0.8 else 'NOT met':>12}")
    prep = [f["engine"]["forward_only"] for f in rounds if "forward_only" in f["engine"]]
    if prep:
        print(f"{'engine only: forward-only prep':<28} {statistics.median(prep):10.2f}  (freeze + optimise + 2 warm-up "
              "runs; once per load, by batch, evaluate and bench; not in 'load')")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": rounds, "summary": summary, "load_before": load_before,
                       "load_after": load_after}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
