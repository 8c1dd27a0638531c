#!/usr/bin/env python3
"""Calibrates a package's interval on the engine's own readings, and writes it into the manifest.

  boneage evaluate --labels models/rsna-compact/val_labels.csv --images .../rsna-train-100px/images \
      --model PKG --out scale.csv
  boneage evaluate --labels models/rsna-compact/hires_val_labels.csv --images .../rsna-train-512px/images \
      --model PKG --out calibration.csv
  /usr/bin/python3 models/calibrate_interval.py --package PKG --scale scale.csv --calibration calibration.csv

The same split-conformal fit as build_package.py (fit_interval: the shape s(m) from the --scale films' mean
absolute error in 24-month bins, q from the --calibration films), but on what ``boneage evaluate`` read
(predictions CSV: id, male, boneage, predicted, error; films the input check refused have no prediction and
are left out), so the interval is calibrated on the reading a user gets: with the package's views, its turns
to upright and its refusals. build_package.py calibrates on the cached crops in PyTorch, which read one
square as it lies. Rewrites PKG/manifest.json's "interval" (the manifest's sha256, the model's identity,
changes with it) and writes PKG/calibration.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from boneage_models import package  # noqa: E402
from build_package import fit_interval  # noqa: E402


def readings(path: str):
    """-> (predicted months, errors) of the films read in an evaluate predictions CSV."""
    pred, err = [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["predicted"]:
                pred.append(float(row["predicted"]))
                err.append(float(row["predicted"]) - float(row["boneage"]))
    if not pred:
        raise SystemExit(f"{path}: no film was read")
    return np.array(pred), np.array(err)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", required=True)
    ap.add_argument("--scale", required=True, help="evaluate predictions CSV of the films that set s(m)")
    ap.add_argument("--calibration", required=True, help="evaluate predictions CSV of the films that set q")
    ap.add_argument("--coverage", type=float, default=0.9)
    args = ap.parse_args(argv)

    pred_s, err_s = readings(args.scale)
    pred_c, err_c = readings(args.calibration)
    knots, half, q, scale = fit_interval(pred_s, err_s, pred_c, err_c, args.coverage)
    interval = {"coverage": args.coverage, "knots_months": [round(k, 3) for k in knots],
                "half_width_months": [round(h, 3) for h in half]}
    manifest = package.read_manifest(args.package)
    manifest["interval"] = interval
    package.write_manifest(args.package, manifest)
    report = {"source": "engine readings (boneage evaluate)", "scale_films": args.scale, "n_scale": len(pred_s),
              "calibration_films": args.calibration, "n_calibration": len(pred_c),
              "calibration_mae_months": float(np.mean(np.abs(err_c))), "calibration_bias_months": float(np.mean(err_c)),
              "q": q, "scale_months": [float(s) for s in scale], "interval": interval}
    with open(os.path.join(args.package, "calibration.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"interval: q {q:.3f} on {len(pred_c)} films, half widths {', '.join(f'{h:.1f}' for h in half)} months "
          f"at {', '.join(f'{k:.0f}' for k in knots)} -> {os.path.join(args.package, package.MANIFEST)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
