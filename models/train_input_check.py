#!/usr/bin/env python3
"""Trains the input check of rsna-compact 2.x (boneage_models.input_check) and measures it.

  /usr/bin/python3 models/train_input_check.py --work DIR
      --cache CACHE.pt [--extra-cache CACHE.pt]        # train.py hand_crop caches (8-bit crops, any size)
      --val-ids CSV --holdout-ids CSV [CSV ...]        # the regressor's validation / held-out ids
      --phantoms DIR                                   # `boneage phantom` output (RSNA layout)
      [--hires-labels CSV --hires-images DIR]          # films measured at their own resolution
      [--epochs 10] [--negatives 6000] [--positives-per-epoch 6000] [--threads 1] [--seed 7]
      [--measure CKPT]                                 # no training: measure this checkpoint on these crops

Positives: the crops of the regressor's *training* films (never its validation or held-out films) and
2/3 of the phantoms, each shown in one of the eight orientations (a left or a right hand, turned by 0, 90,
180 or 270 degrees; a right hand is the left one mirrored), with the regressor's augmentation plus a larger
rotation (+-25 degrees) so slightly turned hands stay "upright". Negatives: generated films of every family
in models/negatives.py except the held-out ones (--heldout-families, default text and body), prepared
exactly as the engine prepares a film (boneage_models.preprocess hand_crop).

Measured on what it never saw: the validation films (upright: the false rejections; all eight orientations:
the orientation accuracy), the held-out high-resolution films at their own resolution, the other third of
the phantoms, negatives of the trained families from other seeds, and the held-out families. Writes
WORK/input_check.ckpt.pt and WORK/input_check_report.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import data as D  # noqa: E402
import negatives as N  # noqa: E402
from boneage_models import input_check as IC  # noqa: E402
from boneage_models import preprocess as P  # noqa: E402

CROP = 128   # the crops the check trains on (then standardised and resized to IC.SIZE, as the engine does)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def check_input_of(crops01: torch.Tensor) -> torch.Tensor:
    """[N, S, S] crops in [0, 1] -> [N, 1, 64, 64]: per-film standardisation (the engine's), then the
    check's resize (bilinear_antialias)."""
    x = torch.stack([P.standardise(c) for c in crops01])[:, None]
    return F.interpolate(x, size=(IC.SIZE, IC.SIZE), mode="bilinear", align_corners=False, antialias=True)


def engine_crops(films, size: int = CROP) -> torch.Tensor:
    """Films of any size -> the engine's hand_crop squares [N, size, size] in [0, 1]."""
    out = []
    for f in films:
        g = P.hand_crop_geometry(f, P.HAND_CROP_DEFAULTS)
        out.append(P.crop_square(f, g, size))
    return torch.stack(out)


def negative_crops(families, count: int, seed: int, sources: torch.Tensor) -> torch.Tensor:
    rng = np.random.RandomState(seed)
    films = []
    for k in range(count):
        fam = families[k % len(families)]
        src = sources[rng.randint(len(sources))].numpy() if fam == "shuffled" else None
        films.append(N.make(fam, rng, src))
    return engine_crops(films)


def to8(x: torch.Tensor) -> torch.Tensor:
    return (x * 255.0).round().to(torch.uint8)


def orient(x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """[N, S, S] upright left hands -> each shown as its class label (0..7) says; label 8 (not a hand)
    is left as it is."""
    out = x.clone()
    for k, name in enumerate(IC.CLASSES[:-1]):
        sel = (labels == k).nonzero()[:, 0]
        if sel.numel():
            m, q = IC.orientation(name)
            out[sel] = IC.from_upright(x[sel], m, q)
    return out


def augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    cfg = D.AugmentConfig(rotate_deg=25.0, scale=(0.85, 1.2), shift=0.08, padding="border", aspect=0.15)
    return D.augment(x, cfg, gen)


@torch.no_grad()
def probabilities(net, crops01: torch.Tensor, batch: int = 256) -> torch.Tensor:
    net.eval()
    return torch.cat([torch.softmax(net(check_input_of(crops01[i:i + batch])).double(), 1)
                      for i in range(0, len(crops01), batch)])


def decide(p: torch.Tensor, reject_below: float, turn_above: float = IC.TURN_ABOVE):
    """-> (hand bool [N], hand class read [N]) as the engine decides: the likeliest hand class, or "left" (as it
    lies) where that holds less than turn_above of the hand probability."""
    hand_p = 1.0 - p[:, IC.NOT_HAND]
    best, cls = p[:, :IC.NOT_HAND].max(1)
    unsure = IC.keeps_as_it_lies(best, hand_p, turn_above)
    return hand_p >= reject_below, torch.where(unsure, torch.zeros_like(cls), cls)


def train(net, pos: torch.Tensor, neg: torch.Tensor, val_up: torch.Tensor, neg_test: torch.Tensor, args) -> None:
    """Trains the check on 8-bit positive crops (shown in random orientations) and negative crops, logging the
    validation films' false rejections and the test negatives' rejection each epoch."""
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(args.seed + 1)
    n_pos, n_neg = min(len(pos), args.positives_per_epoch), len(neg)
    per_epoch = n_pos + n_neg
    steps = args.epochs * (per_epoch // args.batch_size)
    step = 0
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        net.train()
        perm = torch.randperm(per_epoch, generator=gen)
        pos_pick = torch.randperm(len(pos), generator=gen)[:n_pos]   # this epoch's positives
        loss_sum = correct = seen = 0
        for b in range(per_epoch // args.batch_size):
            lr = args.lr * 0.5 * (1 + math.cos(math.pi * step / steps))
            for g in opt.param_groups:
                g["lr"] = lr
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            is_pos = idx < n_pos
            x = torch.empty(len(idx), CROP, CROP)
            labels = torch.full((len(idx),), IC.NOT_HAND, dtype=torch.long)
            if is_pos.any():
                pi = idx[is_pos]
                labels[is_pos] = torch.randint(0, IC.NOT_HAND, (len(pi),), generator=gen)
                x[is_pos] = orient(pos[pos_pick[pi]].float() / 255.0, labels[is_pos])
            if (~is_pos).any():
                ni = idx[~is_pos] - n_pos
                q = torch.randint(0, 4, (len(ni),), generator=gen)
                xn = neg[ni].float() / 255.0
                for k in range(1, 4):
                    sel = (q == k).nonzero()[:, 0]
                    if sel.numel():
                        xn[sel] = torch.rot90(xn[sel], k, dims=(-2, -1))
                x[~is_pos] = xn
            x = augment(x, gen)
            logits = net(check_input_of(x))
            loss = F.cross_entropy(logits, labels, label_smoothing=0.02)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            loss_sum += float(loss) * len(idx)
            correct += int((logits.argmax(1) == labels).sum())
            seen += len(idx)
        p = probabilities(net, val_up)
        hand, cls = decide(p, IC.REJECT_BELOW)
        pn = probabilities(net, neg_test)
        log(f"epoch {epoch}: loss {loss_sum / seen:.4f}, train acc {correct / seen:.3f}; validation upright: "
            f"rejected {int((~hand).sum())}/{len(hand)}, read as upright left {int((hand & (cls == 0)).sum())}; "
            f"test negatives rejected {float((1 - pn[:, IC.NOT_HAND] < IC.REJECT_BELOW).double().mean()):.3f}; "
            f"{time.time() - t0:.0f} s")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--extra-cache")
    ap.add_argument("--val-ids", required=True)
    ap.add_argument("--holdout-ids", nargs="+", default=[])
    ap.add_argument("--phantoms", required=True)
    ap.add_argument("--hires-labels")
    ap.add_argument("--hires-images")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--negatives", type=int, default=6000)
    ap.add_argument("--positives-per-epoch", type=int, default=6000)
    ap.add_argument("--heldout-families", nargs="*", default=["text", "body"])
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--measure", help="skip training; measure this input_check.ckpt.pt (e.g. on a new crop)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(args.seed)
    os.makedirs(args.work, exist_ok=True)

    def crops_of(cache: str) -> tuple:
        z = torch.load(cache)
        x = z["images"].to(torch.float32) / 255.0
        if x.shape[1] != CROP:
            x = F.interpolate(x[:, None], size=(CROP, CROP), mode="bilinear", align_corners=False,
                              antialias=True)[:, 0]
        return z["ids"], x

    never = set(D.read_ids(args.val_ids))
    for path in args.holdout_ids:
        never |= set(D.read_ids(path))
    ids, crops = crops_of(args.cache)
    val_ids = set(D.read_ids(args.val_ids))
    train_pos = [crops[i] for i, k in enumerate(ids) if k not in never]
    val_up = torch.stack([crops[i] for i, k in enumerate(ids) if k in val_ids])
    if args.extra_cache:
        eids, ecrops = crops_of(args.extra_cache)
        train_pos += [ecrops[i] for i, k in enumerate(eids) if k not in never]
    ph_rows = D.read_labels(os.path.join(args.phantoms, "labels.csv"))
    ph = engine_crops([D.load_image(os.path.join(args.phantoms, "images", f"{r[0]}.png")) for r in ph_rows])
    n_ph = len(ph) * 2 // 3
    pos = to8(torch.stack(train_pos + list(ph[:n_ph]) * 3))   # 8 bits, as the caches: a quarter of the memory
    ph_test = ph[n_ph:]
    log(f"positives: {len(pos)} training crops ({n_ph} phantoms x 3); validation {len(val_up)}; "
        f"phantoms held out {len(ph_test)}")

    families = [f for f in N.FAMILIES if f not in args.heldout_families]
    tn = time.time()
    sources = torch.stack(train_pos[:2000])
    neg = torch.zeros(0, CROP, CROP, dtype=torch.uint8) if args.measure else \
        to8(negative_crops(families, args.negatives, args.seed + 100, sources))
    neg_test = negative_crops(families, 900, args.seed + 200, val_up)            # other seeds (and films)
    neg_heldout = negative_crops(args.heldout_families, 600, args.seed + 300, val_up) \
        if args.heldout_families else None
    log(f"negatives: {len(neg)} training ({', '.join(families)}), {len(neg_test)} test, "
        f"{0 if neg_heldout is None else len(neg_heldout)} of held-out families "
        f"({', '.join(args.heldout_families)}) in {time.time() - tn:.0f} s")

    net = IC.InputCheckNet()
    if args.measure:
        net.load_state_dict(torch.load(args.measure)["model"])
        log(f"measuring {args.measure} (not trained here)")
    else:
        train(net, pos, neg, val_up, neg_test, args)
        torch.save({"model": net.state_dict(), "classes": IC.CLASSES, "size": IC.SIZE}, os.path.join(
            args.work, "input_check.ckpt.pt"))
    net.eval()

    # ---- the measurements
    report = {"reject_below": IC.REJECT_BELOW, "turn_above": IC.TURN_ABOVE, "trained_families": families,
              "heldout_families": args.heldout_families}
    if args.measure:  # what it was trained on is in its own training report
        report["measured_checkpoint"] = args.measure
    else:
        report.update({"n_train_positives": len(pos), "positives_per_epoch": min(len(pos), args.positives_per_epoch),
                       "n_train_negatives": len(neg), "epochs": args.epochs})

    def orientation_table(up: torch.Tensor, name: str) -> dict:
        rows = {}
        for k, cname in enumerate(IC.CLASSES[:-1]):
            labels = torch.full((len(up),), k, dtype=torch.long)
            p = probabilities(net, orient(up, labels))
            hand, cls = decide(p, IC.REJECT_BELOW)
            rows[cname] = {"n": len(up), "rejected": int((~hand).sum()),
                           "orientation_correct": int((hand & (cls == k)).sum())}
        up_row = rows["left"]
        log(f"{name}: false rejections {up_row['rejected']}/{up_row['n']} upright, orientation correct " +
            ", ".join(f"{c} {r['orientation_correct']}/{r['n']}" for c, r in rows.items()))
        return rows

    report["validation_films"] = orientation_table(val_up, "validation films (100 px)")
    report["phantoms_heldout"] = orientation_table(ph_test, "phantoms held out")
    if args.hires_labels:
        rows = D.read_labels(args.hires_labels)
        films = [D.load_image(os.path.join(args.hires_images, f"{r[0]}.png")) for r in rows]
        report["hires_films"] = orientation_table(engine_crops(films), f"{args.hires_labels} (own resolution)")
    for key, crops_n in (("negatives_test", neg_test), ("negatives_heldout_families", neg_heldout)):
        if crops_n is None:
            continue
        res = {}
        fams = families if key == "negatives_test" else args.heldout_families
        p = probabilities(net, crops_n)
        rejected = (1 - p[:, IC.NOT_HAND]) < IC.REJECT_BELOW
        for j, fam in enumerate(fams):
            sel = torch.arange(j, len(crops_n), len(fams))
            res[fam] = {"n": len(sel), "rejected": int(rejected[sel].sum())}
        res["all"] = {"n": len(crops_n), "rejected": int(rejected.sum())}
        report[key] = res
        log(f"{key}: rejected " + ", ".join(f"{f} {r['rejected']}/{r['n']}" for f, r in res.items()))
    with open(os.path.join(args.work, "input_check_report.json"), "w") as f:
        json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
