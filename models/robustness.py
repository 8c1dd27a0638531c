#!/usr/bin/env python3
"""Robustness of a model package, measured through `boneage evaluate` over perturbed copies of films.

  /usr/bin/python3 models/robustness.py --boneage build/app/boneage --model DIR \
      --labels LABELS.csv --images DIR --work DIR [--json OUT.json] [--only NAME ...] [--reuse]

For each perturbation the films of LABELS are written (8-bit PNG, RSNA layout) to WORK/<name>/images and
read by `boneage evaluate --out predictions.csv`; the change of each film's prediction against the
unperturbed films (WORK/original) is summarised (--reuse: a set already written under WORK for the same
labels is read as it is, so two packages are compared on the very same perturbed films): mean |change|, 95th percentile |change|, mean change, and
films read in one and rejected in the other. Perturbations:

  pad_black_10 / pad_white_10   10 % of the film's width (height) added on each side, black (white)
  gamma_0.8 / gamma_1.25        x -> x^gamma on [0, 1]
  marker                        a lead-marker letter "L" (white, 8 % of the short side) pasted on the film's
                                background: the corner farthest from the hand (boneage_models.hand_mask)
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

import data as D  # noqa: E402
from boneage_models.hand_mask import hand_masks  # noqa: E402


def pad(a: np.ndarray, value: int, share: float = 0.10) -> np.ndarray:
    h, w = a.shape
    py, px = int(round(share * h)), int(round(share * w))
    return np.pad(a, ((py, py), (px, px)), constant_values=value)


def gamma(a: np.ndarray, g: float) -> np.ndarray:
    return np.clip(np.round(255.0 * (a / 255.0) ** g), 0, 255).astype(np.uint8)


def letter_l(size: int) -> np.ndarray:
    """A block letter L on a size x size tile (True = lead)."""
    t = np.zeros((size, size), bool)
    stroke = max(1, size // 5)
    m = max(1, size // 8)
    t[m:size - m, m:m + stroke] = True
    t[size - m - stroke:size - m, m:size - m] = True
    return t


def marker(a: np.ndarray) -> np.ndarray:
    h, w = a.shape
    size = max(5, int(round(0.08 * min(h, w))))
    mask = hand_masks(torch.from_numpy(a.astype(np.float32) / 255.0)[None])[0].numpy()
    ys, xs = np.nonzero(mask)
    cy, cx = (ys.mean(), xs.mean()) if len(ys) else (h / 2, w / 2)
    gap = max(2, size // 3)
    corners = [(gap, gap), (gap, w - size - gap), (h - size - gap, gap), (h - size - gap, w - size - gap)]
    y0, x0 = max(corners, key=lambda c: (c[0] + size / 2 - cy) ** 2 + (c[1] + size / 2 - cx) ** 2)
    out = a.copy()
    out[y0:y0 + size, x0:x0 + size][letter_l(size)] = 250
    return out


PERTURBATIONS = {
    "pad_black_10": lambda a: pad(a, 0),
    "pad_white_10": lambda a: pad(a, 255),
    "gamma_0.8": lambda a: gamma(a, 0.8),
    "gamma_1.25": lambda a: gamma(a, 1.25),
    "marker": marker,
}


def write_set(rows, images: str, out: str, fn, reuse: bool = False) -> None:
    if reuse and os.path.exists(os.path.join(out, "labels.csv")) and \
            [r[0] for r in D.read_labels(os.path.join(out, "labels.csv"))] == [r[0] for r in rows]:
        return
    os.makedirs(os.path.join(out, "images"), exist_ok=True)
    with open(os.path.join(out, "labels.csv"), "w") as f:
        f.write("id,boneage,male\n")
        for i, m, s in rows:
            f.write(f"{i},{int(m) if float(m).is_integer() else m},{'True' if s else 'False'}\n")
            a = np.asarray(Image.open(os.path.join(images, f"{i}.png")).convert("L"))
            Image.fromarray(fn(a)).save(os.path.join(out, "images", f"{i}.png"))


def evaluate(boneage: str, model: str, folder: str) -> dict:
    out = os.path.join(folder, "predictions.csv")
    run = subprocess.run([boneage, "evaluate", "--labels", os.path.join(folder, "labels.csv"), "--images",
                          os.path.join(folder, "images"), "--model", model, "--device", "cpu",
                          "--gradcam-limit", "0", "--out", out, "--json"], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"boneage evaluate failed on {folder}: {run.stderr.strip()}")
    with open(out, newline="") as f:
        preds = {r["id"]: float(r["predicted"]) for r in csv.DictReader(f)}
    return {"summary": json.loads(run.stdout), "predictions": preds}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--boneage", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--images", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--json")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--reuse", action="store_true", help="read perturbed sets already under WORK as they are")
    args = ap.parse_args(argv)
    rows = D.read_labels(args.labels)
    base_dir = os.path.join(args.work, "original")
    write_set(rows, args.images, base_dir, lambda a: a, args.reuse)
    base = evaluate(args.boneage, args.model, base_dir)
    result = {"model": base["summary"].get("model"), "labels": args.labels, "n": len(rows),
              "original": {k: base["summary"].get(k) for k in ("n", "mae_months", "rejected")}, "perturbations": {}}
    for name, fn in PERTURBATIONS.items():
        if args.only and name not in args.only:
            continue
        folder = os.path.join(args.work, name)
        write_set(rows, args.images, folder, fn, args.reuse)
        pert = evaluate(args.boneage, args.model, folder)
        common = [k for k in base["predictions"] if k in pert["predictions"]]
        d = np.array([pert["predictions"][k] - base["predictions"][k] for k in common])
        entry = {"n": len(common), "mean_abs_change_months": float(np.mean(np.abs(d))),
                 "p95_abs_change_months": float(np.percentile(np.abs(d), 95)),
                 "mean_change_months": float(np.mean(d)),
                 "read_only_unperturbed": len(set(base["predictions"]) - set(pert["predictions"])),
                 "read_only_perturbed": len(set(pert["predictions"]) - set(base["predictions"])),
                 "mae_months": pert["summary"].get("mae_months")}
        result["perturbations"][name] = entry
        print(f"{name}: mean |change| {entry['mean_abs_change_months']:.2f} months, p95 "
              f"{entry['p95_abs_change_months']:.2f}, mean {entry['mean_change_months']:+.2f} (n {len(common)}; "
              f"MAE {entry['mae_months']:.2f} vs {base['summary'].get('mae_months'):.2f})", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
