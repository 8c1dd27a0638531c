#!/usr/bin/env python3
"""Assembles a format 2 model package (rsna-compact 2.x) from train.py checkpoints, and calibrates it.

  /usr/bin/python3 models/build_package.py --out DIR --members CKPT [CKPT ...] [--input-check CKPT]
      --calibration CACHE.pt IDS.csv [--calibration CACHE.pt IDS.csv ...]   # hand_crop caches + which ids
      --scale-films CACHE.pt IDS.csv          # films that set the interval's shape over age (default: the first)
      --bn-films CACHE.pt --bn-count 3000 [--bn-exclude IDS.csv ...]   # --bn-count 0: no recalibration
      [--coverage 0.9] [--name rsna-compact --version 2.0.0 --training-data TEXT --intended-use TEXT]

* Each member (a train.py checkpoint of a sex-input network in months) gets its BatchNorm statistics
  recomputed on --bn-count un-augmented training films of --bn-films (as train.py does at the end), and is
  split into exactly equivalent male and female image-only networks; the members of each sex become one
  ensemble file (boneage_models.ensemble: the mean of the members' months).
* The interval is split-conformal with a scale (Romano et al.'s normalised residuals): the shape s(m) of
  the absolute error over the predicted months m is the mean absolute error of the --scale-films in 24-month
  bins of m (a knot at each bin centre), and the half width at m is q * s(m), where q is the
  ceil((n + 1) * coverage)-th smallest |error| / s(m) over the --calibration films. The films that set q
  and s are never trained on; coverage on other held-out films is what ``boneage evaluate`` then measures.
* Writes the package and DIR/../calibration.json (predictions of every calibration film, q, s).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import data as D  # noqa: E402
import train as T  # noqa: E402
from boneage_models import input_check as IC  # noqa: E402
from boneage_models import preprocess as P  # noqa: E402
from boneage_models.inception_resnet_v2 import IRv2Config, InceptionResNetV2  # noqa: E402
from boneage_models.package import export_ensemble_package  # noqa: E402

KNOT_STEP = 24.0


def load_cache(path: str):
    z = torch.load(path)
    return z


def subset(z, ids_csv: str):
    want = set(D.read_ids(ids_csv))
    idx = [i for i, k in enumerate(z["ids"]) if k in want]
    return D.Dataset([z["ids"][i] for i in idx], z["months"][idx], z["male"][idx], z["images"][idx])


@torch.no_grad()
def ensemble_months(nets, ds: D.Dataset, batch: int = 128) -> torch.Tensor:
    """Mean months of the members (each a split pair {male, female}) on un-augmented films."""
    size = ds.images.shape[1]
    out = torch.zeros(len(ds), dtype=torch.float64)
    for pair in nets:
        for i in range(0, len(ds), batch):
            x = D.prepare_batch(ds.films(slice(i, i + batch)), size, size, 1)
            mm = pair["male"](x)[0][:, 0]
            ff = pair["female"](x)[0][:, 0]
            out[i:i + batch] += torch.where(ds.male[i:i + batch] > 0.5, mm, ff).double()
    return out / len(nets)


def fit_interval(pred_s, err_s, pred_c, err_c, coverage: float):
    """-> (knots, half widths, q, scale)."""
    top = max(240.0, float(np.max(pred_s)))
    edges = np.arange(0.0, top + KNOT_STEP, KNOT_STEP)
    knots, scale = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (pred_s >= lo) & (pred_s < hi)
        if sel.sum() >= 20:
            knots.append(float(np.mean(pred_s[sel])))
            scale.append(float(np.mean(np.abs(err_s[sel]))))
    knots, scale = np.array(knots), np.array(scale)
    s_c = np.interp(pred_c, knots, scale)
    r = np.sort(np.abs(err_c) / s_c)
    k = min(len(r) - 1, int(math.ceil((len(r) + 1) * coverage)) - 1)
    q = float(r[k])
    return knots.tolist(), (q * scale).tolist(), q, scale.tolist()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--members", nargs="+", required=True)
    ap.add_argument("--input-check")
    ap.add_argument("--calibration", nargs=2, action="append", metavar=("CACHE", "IDS"), required=True)
    ap.add_argument("--scale-films", nargs=2, metavar=("CACHE", "IDS"))
    ap.add_argument("--bn-films", required=True)
    ap.add_argument("--bn-count", type=int, default=3000, help="0: keep the statistics the EMA weights carry")
    ap.add_argument("--bn-exclude", nargs="*", default=[])
    ap.add_argument("--coverage", type=float, default=0.9)
    ap.add_argument("--name", default="rsna-compact")
    ap.add_argument("--version", default="2.0.0")
    ap.add_argument("--training-data", default="unspecified")
    ap.add_argument("--intended-use", default="Research only: not a medical device, not for clinical use.")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)

    bn = load_cache(args.bn_films)
    never = set()
    for path in args.bn_exclude:
        never |= set(D.read_ids(path))
    pool = [i for i, k in enumerate(bn["ids"]) if k not in never]
    rng = np.random.RandomState(args.seed + 2)
    pick = sorted(rng.permutation(pool)[:args.bn_count].tolist())
    bn_films = (bn["images"][pick].to(torch.float32) / 255.0)
    size = bn_films.shape[1]
    nets = []
    for path in args.members:
        ck = torch.load(path, map_location="cpu")
        cfg = IRv2Config.from_dict(ck["config"])
        net = InceptionResNetV2(cfg)
        net.load_state_dict(ck["model"])
        if args.bn_count:
            net = T.recalibrate_bn(net.eval(), bn_films, bn["male"][pick], size, size)
        nets.append(T.split_sex_input(net.eval()))
        print(f"member {path}: epoch {ck.get('epoch')}, " +
              (f"BN recalibrated on {len(pick)} films" if args.bn_count else "BN statistics as trained (EMA)"),
              flush=True)

    report = {"members": args.members, "calibration": {}}
    cal_pred, cal_err = [], []
    for cache, ids in args.calibration:
        ds = subset(load_cache(cache), ids)
        pred = ensemble_months(nets, ds).numpy()
        err = pred - ds.months.double().numpy()
        report["calibration"][ids] = {"n": len(ds), "mae_months": float(np.mean(np.abs(err))),
                                      "bias_months": float(np.mean(err))}
        print(f"calibration {ids}: n {len(ds)}, MAE {np.mean(np.abs(err)):.3f}, bias {np.mean(err):+.3f}",
              flush=True)
        cal_pred.append(pred)
        cal_err.append(err)
    pred_c, err_c = np.concatenate(cal_pred), np.concatenate(cal_err)
    if args.scale_films:
        ds = subset(load_cache(args.scale_films[0]), args.scale_films[1])
        pred_s = ensemble_months(nets, ds).numpy()
        err_s = pred_s - ds.months.double().numpy()
    else:
        pred_s, err_s = cal_pred[0], cal_err[0]
    knots, half, q, scale = fit_interval(pred_s, err_s, pred_c, err_c, args.coverage)
    interval = {"coverage": args.coverage, "knots_months": [round(k, 3) for k in knots],
                "half_width_months": [round(h, 3) for h in half]}
    report.update({"q": q, "scale_months": scale, "interval": interval})
    print(f"interval: q {q:.3f}, half widths {', '.join(f'{h:.1f}' for h in half)} months at "
          f"{', '.join(f'{k:.0f}' for k in knots)}", flush=True)

    checker = None
    if args.input_check:
        ck = torch.load(args.input_check, map_location="cpu")
        checker = IC.InputCheckNet()
        checker.load_state_dict(ck["model"])
    spec = P.input_spec(size, size, 1, P.HAND_CROP)
    members = {"male": [n["male"] for n in nets], "female": [n["female"] for n in nets]}
    manifest = export_ensemble_package(args.out, members, spec, name=args.name, version=args.version,
                                       training_data=args.training_data, intended_use=args.intended_use,
                                       input_check=checker, interval=interval)
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "calibration.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(f"package -> {args.out}: {json.dumps(manifest['files'])}, feature map {manifest['feature_map']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
