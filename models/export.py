#!/usr/bin/env python3
"""Export a bone-age model package (manifest.json + TorchScript files) for the C++ engine.

  /usr/bin/python3 models/export.py --preset full|compact --out DIR [--seed S]
        [--checkpoint-male F --checkpoint-female F | --checkpoint F (with --sex-handling input)]
        [--input-size H W] [--name N --version V] [--sex-handling separate|input]
        [--training-data TEXT] [--intended-use TEXT] [--clinical]

Without checkpoints the weights are random (seeded): such a package is for tests and benchmarks only.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from boneage_models.package import export_package  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--preset", choices=["full", "compact"], default="full")
    p.add_argument("--out", required=True, help="package folder to write")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--checkpoint-male")
    p.add_argument("--checkpoint-female")
    p.add_argument("--checkpoint", help="single checkpoint for --sex-handling input")
    p.add_argument("--input-size", type=int, nargs=2, metavar=("H", "W"))
    p.add_argument("--name")
    p.add_argument("--version")
    p.add_argument("--sex-handling", choices=["separate", "input"], default="separate")
    p.add_argument("--training-data")
    p.add_argument("--intended-use")
    p.add_argument("--clinical", action="store_true", help="mark the package research_only: false")
    args = p.parse_args(argv)

    checkpoints = {}
    if args.sex_handling == "separate":
        if bool(args.checkpoint_male) != bool(args.checkpoint_female):
            p.error("give both --checkpoint-male and --checkpoint-female, or neither")
        if args.checkpoint_male:
            checkpoints = {"male": args.checkpoint_male, "female": args.checkpoint_female}
    elif args.checkpoint:
        checkpoints = {"model": args.checkpoint}

    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    manifest = export_package(args.out, preset=args.preset, seed=args.seed, checkpoints=checkpoints,
                              input_size=tuple(args.input_size) if args.input_size else None, name=args.name,
                              version=args.version, sex_handling=args.sex_handling,
                              training_data=args.training_data, intended_use=args.intended_use,
                              research_only=not args.clinical)
    n = manifest["parameter_count"]
    fm = manifest["feature_map"]
    print(f"{manifest['name']} {manifest['version']}: {args.preset}, {n:,} parameters ({n / 1e6:.2f} M) per model, "
          f"input {manifest['input']['height']}x{manifest['input']['width']}x{manifest['input']['channels']}, "
          f"feature map {fm['channels']}x{fm['height']}x{fm['width']}, files {sorted(manifest['sha256'])} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
