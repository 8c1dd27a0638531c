#!/usr/bin/env python3
"""Evaluates a model package on an RSNA-layout labels file the way ``boneage evaluate`` does, in Python.

  /usr/bin/python3 models/evaluate_split.py --package models/rsna-compact \
      --labels models/rsna-compact/val_labels.csv --images ../shared/data/rsna-train-100px/images \
      [--out predictions.csv] [--json] [--threads N]

Each film: 8-bit PNG /255 -> boneage_models.preprocess.preprocess (the engine's op) -> the package's
TorchScript file (male.pt / female.pt, or model.pt with the sex tensor). Prints the paper's table.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Dict, Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402


def metrics(pred: Sequence[float], true: Sequence[float], male: Sequence[float]) -> Dict:
    """The paper's table plus bias and Bland-Altman limits (keys as in `boneage evaluate --json`)."""
    p = torch.as_tensor(pred, dtype=torch.float64)
    t = torch.as_tensor(true, dtype=torch.float64)
    s = torch.as_tensor(male, dtype=torch.float64) > 0.5
    err = p - t
    ae = err.abs()
    n = int(ae.numel())
    out = {
        "n": n,
        "n_male": int(s.sum()),
        "n_female": int((~s).sum()),
        "mae_months": float(ae.mean()),
        "mae_months_male": float(ae[s].mean()) if s.any() else math.nan,
        "mae_months_female": float(ae[~s].mean()) if (~s).any() else math.nan,
        "within_0_5y": float((ae <= 6).double().mean()),
        "within_1y": float((ae <= 12).double().mean()),
        "within_1_5y": float((ae <= 18).double().mean()),
        "within_2y": float((ae <= 24).double().mean()),
        "bias_months": float(err.mean()),
    }
    sd = float(err.std(unbiased=True)) if n > 1 else 0.0
    out["loa_low_months"] = out["bias_months"] - 1.96 * sd
    out["loa_high_months"] = out["bias_months"] + 1.96 * sd
    return out


def format_table(m: Dict) -> str:
    y = lambda v: v / 12.0  # noqa: E731
    return "\n".join([
        f"n = {m['n']} ({m['n_male']} male, {m['n_female']} female)",
        f"MAE overall {m['mae_months']:.2f} months ({y(m['mae_months']):.3f} y)",
        f"MAE male    {m['mae_months_male']:.2f} months ({y(m['mae_months_male']):.3f} y)",
        f"MAE female  {m['mae_months_female']:.2f} months ({y(m['mae_months_female']):.3f} y)",
        f"within 0.5 y {100 * m['within_0_5y']:.1f} %, 1 y {100 * m['within_1y']:.1f} %, "
        f"1.5 y {100 * m['within_1_5y']:.1f} %, 2 y {100 * m['within_2y']:.1f} %",
        f"bias {m['bias_months']:+.2f} months, limits of agreement [{m['loa_low_months']:.2f}, "
        f"{m['loa_high_months']:.2f}] months",
    ])


def predict_package(package_dir: str, films: torch.Tensor, male: torch.Tensor, batch: int = 128) -> torch.Tensor:
    """films [N, H, W] in [0, 1]; male [N] (1 = male) -> months [N], with the package's TorchScript files."""
    from boneage_models.package import read_manifest
    from data import prepare_batch
    man = read_manifest(package_dir)
    spec = man["input"]
    h, w, c = spec["height"], spec["width"], spec["channels"]
    files = {role: torch.jit.load(os.path.join(package_dir, f), map_location="cpu").eval()
             for role, f in man["files"].items()}
    out = torch.empty(films.shape[0])
    with torch.no_grad():
        for i in range(0, films.shape[0], batch):
            x = prepare_batch(films[i:i + batch], h, w, c)
            s = male[i:i + batch].reshape(-1, 1).to(torch.float32)
            if man["sex_handling"] == "input":
                months = files["model"](x, s)[0][:, 0]
            else:
                mm = files["male"](x)[0][:, 0]
                ff = files["female"](x)[0][:, 0]
                months = torch.where(s[:, 0] > 0.5, mm, ff)
            out[i:i + batch] = months
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--package", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--images", required=True)
    p.add_argument("--out", help="predictions CSV: id,male,boneage,predicted_months,error_months")
    p.add_argument("--json", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    from data import load_dataset
    from boneage_models.package import read_manifest
    spec = read_manifest(args.package)["input"]
    ds = load_dataset(args.labels, args.images, spec["height"], spec["width"], log=lambda s: print(s, file=sys.stderr))
    pred = predict_package(args.package, ds.images, ds.male)
    m = metrics(pred.tolist(), ds.months.tolist(), ds.male.tolist())
    if args.out:
        with open(args.out, "w") as f:
            f.write("id,male,boneage,predicted_months,error_months\n")
            for i, pm, t, s in zip(ds.ids, pred.tolist(), ds.months.tolist(), ds.male.tolist()):
                f.write(f"{i},{'True' if s > 0.5 else 'False'},{t:g},{pm:.4f},{pm - t:.4f}\n")
    print(json.dumps(m, indent=2) if args.json else format_table(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
