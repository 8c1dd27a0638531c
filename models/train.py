#!/usr/bin/env python3
"""Trains the bone-age regressor (Inception-ResNet-V2, boneage_models) on any RSNA-layout folder.

  /usr/bin/python3 models/train.py --labels CSV --images DIR --work DIR [--package DIR]
        [--preset compact|full] [--width W] [--internal-size S] [--sex-handling input|separate]
        [--epochs E | --time-budget-min M] [--batch-size B] [--lr LR] [--weight-decay WD]
        [--patience P] [--seed S] [--threads N] [--device auto|cpu|cuda] [--no-amp] [--channels-last]
        [--val-fraction F] [--val-ids CSV] [--pilot-seconds T]
        [--resize stretch|hand_crop] [--stem-pool 0|1] [--extra-labels CSV --extra-images DIR
         [--extra-repeat K] [--extra-val-ids CSV] [--extra-cache F]] [--holdout-ids CSV ...]
        [--select-on main|extra|mean] [--resume] [--save-every-min M]

What it does
  * reads every film into memory as [0, 1] (8-bit PNG / 255); holds out a validation split by id, stratified by
    sex x 2-year age bin (10 %, seeded) and writes it as val_ids.csv and val_labels.csv (RSNA layout) to --work;
  * each training batch: augmentation of the [0, 1] film fitted to radiographs (rotation +-10 deg, shift, scale,
    gamma/contrast/brightness, noise; never a left-right flip), then the engine's exact preprocessing
    (boneage_models.preprocess.preprocess: stretch to the input size, per-image standardisation);
  * target: months standardised by the training mean/std; the final Linear is trained in that space and folded
    back to months for export (W *= std, b = b*std + mean), so the exported network outputs months;
  * loss smooth-L1 on the standardised target, plus --cam-penalty x the share of the Grad-CAM mass that lies off
    the hand (hand masks: boneage_models.hand_mask, moved with the augmentation), so the network reads bones,
    not lead markers, labels or the cassette ("right for the right reasons", Ross et al. 2017); AdamW; one-cycle
    LR (linear warm-up, cosine decay) over --epochs or over a wall-clock budget (--time-budget-min); an
    exponential moving average of the weights is what gets validated and exported; early stopping on validation
    MAE (--patience epochs);
  * sex: ``input`` (default) -- one network, sex fed to the head (IRv2Config.sex_input); exported either as an
    ``input`` package or, because sex enters the head linearly, exactly as two ``separate`` files with the sex
    term folded into each file's bias. ``separate`` -- two networks, each trained on one sex only.
  * CUDA: mixed precision (autocast + GradScaler) and channels-last; CPU: float32, set --threads.
  * after training, BatchNorm statistics of the averaged weights are recomputed on --bn-recalibrate N
    un-augmented training films; --from-checkpoint CKPT does only that + validation + export;
    --init-checkpoint CKPT warm-starts a new LR cycle;
  * every epoch is logged to --work/training_log.csv; the best weights to --work/*.ckpt.pt;
    --package writes the model package with boneage_models.package.export_package.
  * --resize hand_crop: every film is cut to the engine's square around the hand first (cached as 8-bit
    crops at the input size; boneage_models.preprocess), so a film of any resolution trains as the engine
    reads it. --extra-labels/--extra-images add a second RSNA-layout set in the same run (e.g. the 512 px
    films beside the 100 px ones), repeated --extra-repeat times per epoch; --extra-val-ids holds some of
    it out for validation; --holdout-ids names films no stage may train on, in either set (their ids are
    dropped from both). --select-on chooses the best epoch by the main, the extra or the mean of both
    validation MAEs.
  * --resume continues the run in --work from its last saved state (--save-every-min, and every epoch
    end): a run with --epochs can be stopped and resumed at any point with the same result as one piece,
    so a long stage runs in parts on a shared machine.
"""
from __future__ import annotations

import argparse
import copy
import csv
import dataclasses
import json
import math
import os
import random
import sys
import time
from typing import Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from boneage_models.preprocess import input_spec  # noqa: E402
from boneage_models.inception_resnet_v2 import PRESETS, InceptionResNetV2, parameter_count  # noqa: E402
import data as D  # noqa: E402
from evaluate_split import format_table, metrics  # noqa: E402


MASK_SIZE = 128   # hand masks of the training crops (Grad-CAM penalty) at most this size; they move with the film


def augment_config(args) -> D.AugmentConfig:
    cfg = D.AugmentConfig()
    if args.resize == "hand_crop":
        cfg.padding = "border"
        cfg.aspect = args.aspect_aug
    if args.scale_aug:
        cfg.scale = tuple(args.scale_aug)
    return cfg


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


class Regressor(torch.nn.Module):
    """Training view of InceptionResNetV2: the head in standardised-target space (no ReLU while training)."""

    def __init__(self, net: InceptionResNetV2):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor, sex: Optional[torch.Tensor], with_cam: bool = False):
        fmap = self.net.features(x)
        pooled = torch.flatten(F.adaptive_avg_pool2d(fmap, 1), 1)
        if self.net.sex_input:
            pooled = torch.cat((pooled, sex.to(pooled.dtype)), 1)
        z = self.net.fc(pooled)[:, 0]              # standardised bone age
        if not with_cam:
            return z
        # Grad-CAM before its ReLU: with global average pooling and a linear head the gradient of the output
        # w.r.t. the feature map is fc.weight / (H W) at every position, so the map is sum_k w_k A_k (scaled).
        k = fmap.shape[1]
        cam = torch.einsum("k,nkhw->nhw", self.net.fc.weight[0, :k].to(fmap.dtype), fmap)
        return z, cam


def cam_off_hand(cam: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """Share of the (ReLU'd) Grad-CAM mass outside the hand, per film: each feature-map cell counts by the
    fraction of its film area that is off the hand. cam [N, h, w]; masks [N, H, W] bool -> [N]."""
    positive = F.relu(cam.float())
    on_hand = F.adaptive_avg_pool2d(masks[:, None].to(positive.dtype), positive.shape[-2:])[:, 0]
    off = (positive * (1.0 - on_hand)).flatten(1).sum(1)
    return off / (positive.flatten(1).sum(1) + 1e-6)


def fold_head(net: InceptionResNetV2, mean: float, std: float) -> InceptionResNetV2:
    """Copy of net whose fc outputs months: W' = std W, b' = std b + mean (the forward's ReLU is then harmless)."""
    out = copy.deepcopy(net).cpu().float().eval()
    with torch.no_grad():
        out.fc.weight.mul_(std)
        out.fc.bias.mul_(std).add_(mean)
    return out


@torch.no_grad()
def recalibrate_bn(net: InceptionResNetV2, films: torch.Tensor, male: torch.Tensor, h: int, w: int,
                   batch: int = 64) -> InceptionResNetV2:
    """BatchNorm running statistics recomputed for these (averaged) weights: a cumulative average over the
    given un-augmented training films, as in SWA's update_bn. Returns a copy in eval mode."""
    out = copy.deepcopy(net).cpu().float()
    bns = [m for m in out.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    out.train()
    for i in range(0, films.shape[0], batch):
        x = D.prepare_batch(films[i:i + batch], h, w, out.config.in_channels)
        out.features(x)
    for m in bns:
        m.momentum = 0.1
    return out.eval()


def split_sex_input(net: InceptionResNetV2) -> Dict[str, InceptionResNetV2]:
    """A folded sex-input network -> exactly equivalent image-only networks for male (sex=1) and female (sex=0)."""
    cfg = dataclasses.replace(net.config, sex_input=False)
    k = net.feature_channels
    out = {}
    for role, s in (("male", 1.0), ("female", 0.0)):
        m = InceptionResNetV2(cfg)
        sd = {key: v for key, v in net.state_dict().items() if not key.startswith("fc.")}
        sd["fc.weight"] = net.fc.weight[:, :k].detach().clone()
        sd["fc.bias"] = (net.fc.bias + s * net.fc.weight[:, k]).detach().clone()
        m.load_state_dict(sd)
        out[role] = m.eval()
    return out


class EMA:
    def __init__(self, model: torch.nn.Module, decay: float):
        self.decay = decay
        self.shadow = copy.deepcopy(model).eval()
        for p in self.shadow.parameters():
            p.requires_grad_(False)
        self.updates = 0

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for e, p in zip(self.shadow.parameters(), model.parameters()):
            e.mul_(d).add_(p.detach(), alpha=1 - d)
        for e, b in zip(self.shadow.buffers(), model.buffers()):
            e.copy_(b)


def lr_at(progress: float, max_lr: float, warmup: float = 0.05, final_div: float = 100.0) -> float:
    if progress < warmup:
        return max_lr * (0.1 + 0.9 * progress / warmup)
    q = min(1.0, (progress - warmup) / max(1e-9, 1 - warmup))
    return max_lr / final_div + (max_lr - max_lr / final_div) * 0.5 * (1 + math.cos(math.pi * q))


@torch.no_grad()
def predict_z(model: Regressor, x: torch.Tensor, sex: torch.Tensor, device: torch.device, batch: int = 256,
              channels_last: bool = False) -> torch.Tensor:
    model.eval()
    out = []
    for i in range(0, x.shape[0], batch):
        xb = x[i:i + batch].to(device)
        if channels_last:
            xb = xb.contiguous(memory_format=torch.channels_last)
        out.append(model(xb, sex[i:i + batch, None].to(device)).float().cpu())
    return torch.cat(out)


@torch.no_grad()
def fix_head_bias(net: InceptionResNetV2, train: D.Dataset, mean: float, std: float, args, log_name: str,
                  films: int = 3000) -> None:
    """Head bias fixed (not trained) so that the exported bias is 0 months (female; male adds the sex weight):
    the months then come from the feature map's own evidence, and a Grad-CAM map of a positive prediction
    always has positive mass. The weights start from a ridge fit on the pooled features of `films` training
    films, so a warm start does not begin far off."""
    net.fc.bias.fill_(-mean / std)
    net.fc.bias.requires_grad_(False)
    probe = copy.deepcopy(net).train()   # batch statistics, as in the training steps; net's own BN untouched
    idx = torch.randperm(len(train), generator=torch.Generator().manual_seed(args.seed + 3))[:films]
    feats = []
    for i in range(0, idx.numel(), args.batch_size):
        x = D.prepare_batch(train.films(idx[i:i + args.batch_size]), args.input_size[0], args.input_size[1],
                            net.config.in_channels)
        feats.append(torch.flatten(F.adaptive_avg_pool2d(probe.features(x), 1), 1))
    X = torch.cat(feats).double()
    if net.sex_input:
        X = torch.cat((X, train.male[idx, None].double()), 1)
    y = train.months[idx].double() / std           # z - bias, with bias = -mean/std
    w = torch.linalg.solve(X.T @ X + 0.1 * torch.eye(X.shape[1], dtype=X.dtype), X.T @ y)
    net.fc.weight.copy_(w.to(net.fc.weight.dtype)[None])
    mae = float(((X @ w) * std - train.months[idx].double()).abs().mean())
    log(f"[{log_name}] head bias fixed at 0 months; weights refit on {idx.numel()} films (MAE {mae:.2f} mo)")


@torch.no_grad()
def predict_months(net: InceptionResNetV2, ds: D.Dataset, h: int, w: int, batch: int = 256) -> torch.Tensor:
    """Eager months of a folded (months-output) network on un-augmented films."""
    net.eval()
    out = []
    for i in range(0, len(ds), batch):
        x = D.prepare_batch(ds.films(slice(i, i + batch)), h, w, net.config.in_channels)
        out.append(net(x, ds.male[i:i + batch, None])[0][:, 0] if net.sex_input else net(x)[0][:, 0])
    return torch.cat(out)


def init_from(path: str) -> Dict:
    """A warm start's weights in months: a train.py checkpoint, or a model package folder whose separate
    male/female files share a trunk (a sex-input network exported as two files: the sex weight is the
    difference of their head biases)."""
    if os.path.isdir(path):
        from boneage_models.package import load_eager, read_manifest
        man = read_manifest(path)
        if man["sex_handling"] != "separate":
            raise SystemExit(f"{path}: --init-checkpoint takes a 'separate' package")
        male, female = load_eager(path, "male"), load_eager(path, "female")
        sd = female.state_dict()
        k = female.feature_channels
        sd["fc.weight"] = torch.cat([female.fc.weight, (male.fc.bias - female.fc.bias).reshape(1, 1)], 1)
        return {"model": sd, "epoch": f"package {man['name']} {man['version']}"}
    return torch.load(path, map_location="cpu")


def load_compatible(net: torch.nn.Module, state: Dict) -> None:
    missing, unexpected = net.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit(f"warm start does not fit the network: missing {missing}, unexpected {unexpected}")


def evaluate_sets(model: "Regressor", sets: List, mean: float, std: float, device, args) -> List[Dict]:
    out = []
    for vx, vds in sets:
        zv = predict_z(model, vx, vds.male, device, channels_last=args.channels_last)
        pred = (zv * std + mean).clamp(min=0)
        out.append(metrics(pred.tolist(), vds.months.tolist(), vds.male.tolist()))
    return out


def selection_mae(ms: List[Dict], select_on: str) -> float:
    if len(ms) == 1 or select_on == "main":
        return ms[0]["mae_months"]
    if select_on == "extra":
        return ms[1]["mae_months"]
    return 0.5 * (ms[0]["mae_months"] + ms[1]["mae_months"])


def train_one(name: str, train: D.Dataset, val: D.Dataset, cfg, args, device: torch.device, log_rows: List[Dict],
              budget_s: Optional[float], extra_val: Optional[D.Dataset] = None) -> Dict:
    """Trains one network; returns {"net": folded best EMA network (months), "metrics": ..., "epoch": ...}.
    Validation: val (and extra_val when given, e.g. the high-resolution films), every epoch."""
    seed_everything(args.seed)
    net = InceptionResNetV2(cfg)
    mean, std = float(train.months.mean()), float(train.months.std())
    state_path = os.path.join(args.work, f"{name}.state.pt")
    resume = torch.load(state_path, map_location="cpu") if args.resume and os.path.exists(state_path) else None
    with torch.no_grad():     # head in standardised space
        torch.nn.init.normal_(net.fc.weight, std=0.01)
        torch.nn.init.zeros_(net.fc.bias)
        if args.init_checkpoint and resume is None:   # warm start (a new LR cycle) from weights in months
            ck = init_from(args.init_checkpoint)
            load_compatible(net, ck["model"])
            net.fc.bias.sub_(mean).div_(std)
            net.fc.weight.div_(std)
            log(f"[{name}] warm start from {args.init_checkpoint} (epoch {ck.get('epoch')})")
        if args.bias_free_head and resume is None:
            fix_head_bias(net, train, mean, std, args, log_name=name)
        if args.bias_free_head:
            net.fc.bias.requires_grad_(False)
    model = Regressor(net).to(device)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    log(f"[{name}] {len(train)} train / {len(val)} val films"
        f"{f' + {len(extra_val)} extra val' if extra_val is not None else ''}; target mean {mean:.2f} "
        f"std {std:.2f} months; {parameter_count(net):,} parameters")
    decay, no_decay = [], []
    for n_, p in model.named_parameters():
        (no_decay if p.dim() <= 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    use_amp = device.type == "cuda" and not args.no_amp
    scaler = torch.cuda.amp.GradScaler(enabled=use_amp)
    ema = EMA(model, args.ema)
    h, w, c = args.input_size[0], args.input_size[1], cfg.in_channels
    val_sets = [(D.prepare_batch(val.films(), h, w, c), val)]
    if extra_val is not None:
        val_sets.append((D.prepare_batch(extra_val.films(), h, w, c), extra_val))
    gen = torch.Generator().manual_seed(args.seed + 1)
    aug_cfg = augment_config(args)
    steps_per_epoch = len(train) // args.batch_size
    total_steps = args.epochs * steps_per_epoch if args.epochs else None
    best = {"mae": math.inf}
    bad_epochs = 0
    step = 0
    elapsed0 = 0.0
    epoch = 0
    start_batch = 0
    perm = None
    sums = (0.0, 0.0, 0.0, 0)
    finished = False
    if resume is not None:
        model.load_state_dict(resume["model"])
        ema.shadow.load_state_dict(resume["ema"])
        ema.updates = resume["ema_updates"]
        opt.load_state_dict(resume["opt"])
        gen.set_state(resume["gen"])
        best, bad_epochs, step, epoch = resume["best"], resume["bad_epochs"], resume["step"], resume["epoch"]
        start_batch, perm, sums, elapsed0 = resume["batch"], resume["perm"], resume["sums"], resume["elapsed"]
        log_rows[:] = resume["log_rows"]
        finished = resume.get("finished", False)
        log(f"[{name}] resumed at epoch {epoch + (1 if perm is None else 0)}, step {step} "
            f"({elapsed0 / 60:.1f} min trained before)")
    t0 = time.time() - elapsed0
    last_save = time.time()

    def save_state(batch: int, perm_now, sums_now, finished_now: bool = False) -> None:
        tmp = state_path + ".tmp"
        torch.save({"finished": finished_now, "model": model.state_dict(), "ema": ema.shadow.state_dict(), "ema_updates": ema.updates,
                    "opt": opt.state_dict(), "gen": gen.get_state(), "best": best, "bad_epochs": bad_epochs,
                    "step": step, "epoch": epoch, "batch": batch, "perm": perm_now, "sums": sums_now,
                    "elapsed": time.time() - t0, "log_rows": log_rows}, tmp)
        os.replace(tmp, state_path)

    done = finished or (total_steps is not None and step >= total_steps)
    while not done:
        if perm is None:       # a new epoch (a resumed one keeps its permutation and its sums)
            epoch += 1
            perm = torch.randperm(len(train), generator=gen)
            start_batch, sums = 0, (0.0, 0.0, 0.0, 0)
        model.train()
        te = time.time()
        loss_sum, ae_sum, off_sum, seen = sums
        seen_before = seen
        lr = args.lr
        for b in range(start_batch, steps_per_epoch):
            progress = 0.0
            if total_steps:
                progress = step / total_steps
            if budget_s:
                progress = max(progress, (time.time() - t0) / budget_s)
            if progress >= 1.0:
                done = True
                break
            lr = lr_at(progress, args.lr)
            for g in opt.param_groups:
                g["lr"] = lr
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            if args.cam_penalty:
                films, masks = D.augment(train.films(idx), aug_cfg, gen, train.masks[idx])
            else:
                films = D.augment(train.films(idx), aug_cfg, gen)
            x = D.prepare_batch(films, h, w, c).to(device, non_blocking=True)
            if args.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            sex = train.male[idx, None].to(device)
            y = ((train.months[idx] - mean) / std).to(device)
            off_hand = None
            with torch.autocast(device_type=device.type, enabled=use_amp):
                if args.cam_penalty:
                    z, cam = model(x, sex, with_cam=True)
                else:
                    z = model(x, sex)
            loss = F.smooth_l1_loss(z.float(), y, beta=args.huber_beta)
            if args.cam_penalty:
                off_hand = cam_off_hand(cam, masks.to(device)).mean()
                loss = loss + args.cam_penalty * off_hand
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
            ema.update(model)
            step += 1
            n = idx.numel()
            seen += n
            loss_sum += float(loss) * n
            if off_hand is not None:
                off_sum += float(off_hand) * n
            ae_sum += float((z.detach().float() - y).abs().sum()) * std
            if args.pilot_seconds and time.time() - t0 > args.pilot_seconds:
                done = True
                break
            if b % 50 == 0:
                log(f"[{name}] epoch {epoch} step {b}/{steps_per_epoch} loss {loss_sum / max(seen, 1):.4f} "
                    f"train MAE {ae_sum / max(seen, 1):.2f} mo, CAM off hand {off_sum / max(seen, 1):.3f}, "
                    f"lr {lr:.2e}, "
                    f"{(seen - seen_before) / (time.time() - te):.1f} img/s")
            if total_steps and step >= total_steps:
                done = True
                break
            if args.save_every_min and time.time() - last_save > 60 * args.save_every_min \
                    and b + 1 < steps_per_epoch:
                save_state(b + 1, perm, (loss_sum, ae_sum, off_sum, seen))
                last_save = time.time()
        train_s = time.time() - te
        if seen == 0:
            break
        tv = time.time()
        ms = evaluate_sets(ema.shadow, val_sets, mean, std, device, args)
        m = ms[0]
        val_s = time.time() - tv
        score = selection_mae(ms, args.select_on)
        improved = score < best["mae"] - 1e-4
        if improved:
            best = {"mae": score, "metrics": m, "extra_metrics": ms[1] if len(ms) > 1 else None,
                    "epoch": epoch, "state": copy.deepcopy(ema.shadow.net).cpu().state_dict()}
            bad_epochs = 0
        else:
            bad_epochs += 1
        row = {"model": name, "epoch": epoch, "steps": step, "images_seen": seen, "lr_end": f"{lr:.3e}",
               "train_loss": f"{loss_sum / seen:.5f}", "train_mae_months": f"{ae_sum / seen:.3f}",
               "train_cam_off_hand": f"{off_sum / seen:.4f}",
               "val_mae_months": f"{m['mae_months']:.3f}", "val_mae_male": f"{m['mae_months_male']:.3f}",
               "val_mae_female": f"{m['mae_months_female']:.3f}", "val_within_1y": f"{m['within_1y']:.4f}",
               "val_within_2y": f"{m['within_2y']:.4f}", "val_bias_months": f"{m['bias_months']:.3f}"}
        if len(ms) > 1:
            row.update({"extra_val_mae_months": f"{ms[1]['mae_months']:.3f}",
                        "extra_val_within_1y": f"{ms[1]['within_1y']:.4f}",
                        "extra_val_bias_months": f"{ms[1]['bias_months']:.3f}"})
        row.update({"train_img_per_s": f"{(seen - seen_before) / train_s:.2f}", "epoch_s": f"{train_s + val_s:.1f}",
                    "elapsed_s": f"{time.time() - t0:.1f}", "best": int(improved)})
        log_rows.append(row)
        write_log(os.path.join(args.work, "training_log.csv"), log_rows)
        extra_text = f", extra val MAE {ms[1]['mae_months']:.2f}" if len(ms) > 1 else ""
        log(f"[{name}] epoch {epoch} done: train MAE {ae_sum / seen:.2f}, val MAE {m['mae_months']:.2f} mo "
            f"(M {m['mae_months_male']:.2f} F {m['mae_months_female']:.2f}){extra_text}, within 2y "
            f"{100 * m['within_2y']:.1f} %, {(seen - seen_before) / train_s:.1f} img/s, epoch "
            f"{train_s:.0f}+{val_s:.0f} s {'*' if improved else ''}")
        if best.get("state") is not None:
            save_net = copy.deepcopy(net).cpu()
            save_net.load_state_dict(best["state"])
            torch.save({"model": fold_head(save_net, mean, std).state_dict(), "config": cfg.to_dict(),
                        "epoch": best["epoch"], "val": best["metrics"], "extra_val": best.get("extra_metrics"),
                        "target_mean": mean, "target_std": std}, os.path.join(args.work, f"{name}.ckpt.pt"))
        # each epoch's EMA weights too (snapshot ensembles, and a look back at any epoch)
        if args.keep_epochs:
            snap = copy.deepcopy(net).cpu()
            snap.load_state_dict(ema.shadow.net.state_dict())
            torch.save({"model": fold_head(snap, mean, std).state_dict(), "config": cfg.to_dict(), "epoch": epoch,
                        "val": m, "extra_val": ms[1] if len(ms) > 1 else None, "target_mean": mean,
                        "target_std": std}, os.path.join(args.work, f"{name}.epoch{epoch:02d}.ckpt.pt"))
        if args.patience and bad_epochs >= args.patience:
            log(f"[{name}] early stop: no improvement for {bad_epochs} epochs")
            done = True
        perm = None
        if args.resume or args.save_every_min:
            save_state(0, None, (0.0, 0.0, 0.0, 0), finished_now=done)
            last_save = time.time()
    best_net = copy.deepcopy(net).cpu()
    best_net.load_state_dict(best["state"])
    return {"net": fold_head(best_net, mean, std), "metrics": best["metrics"], "epoch": best["epoch"],
            "extra_metrics": best.get("extra_metrics"), "seconds": time.time() - t0, "steps": step,
            "epochs_run": epoch}


def write_log(path: str, rows: List[Dict]) -> None:
    with open(path, "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        wr.writeheader()
        wr.writerows(rows)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--labels", required=True)
    p.add_argument("--images", required=True)
    p.add_argument("--work", required=True, help="folder for the log, checkpoints and the split files")
    p.add_argument("--package", help="write the model package here at the end")
    p.add_argument("--name", default="rsna-compact")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--training-data", default=None)
    p.add_argument("--intended-use", default="Research only: not a medical device, not for clinical use.")
    p.add_argument("--preset", choices=sorted(PRESETS), default="compact")
    p.add_argument("--width", type=float, help="override the preset's channel multiplier")
    p.add_argument("--internal-size", type=int, help="override the preset's internal upsampling size")
    p.add_argument("--input-size", type=int, nargs=2, metavar=("H", "W"), help="default 100 100 (299 for full)")
    p.add_argument("--sex-handling", choices=["input", "separate"], default="input")
    p.add_argument("--export-as", choices=["separate", "input"], default="separate",
                   help="package format for a sex-input network (a 'separate' network is always 'separate')")
    p.add_argument("--epochs", type=int, default=0)
    p.add_argument("--time-budget-min", type=float, default=0.0,
                   help="LR schedule over this wall-clock budget (per network); stops when spent")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    p.add_argument("--huber-beta", type=float, default=0.1, help="smooth-L1 beta, in target SDs")
    p.add_argument("--cam-penalty", type=float, default=0.25,
                   help="weight of the Grad-CAM-off-hand share in the loss (0: off); see cam_off_hand")
    p.add_argument("--ema", type=float, default=0.998)
    p.add_argument("--patience", type=int, default=4)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--no-amp", action="store_true")
    p.add_argument("--channels-last", action="store_true", help="(always on for CUDA)")
    p.add_argument("--val-fraction", type=float, default=0.10)
    p.add_argument("--val-ids", help="reuse this split (CSV with an id column) instead of drawing one")
    p.add_argument("--cache", help="8-bit image cache file (speeds up re-runs)")
    p.add_argument("--bn-recalibrate", type=int, default=3000,
                   help="recompute BN statistics of the final averaged weights on this many training films (0: off)")
    p.add_argument("--from-checkpoint", help="skip training: finish (BN recalibration, validation, export) "
                   "from this train.py checkpoint (e.g. WORK/shared.ckpt.pt)")
    p.add_argument("--init-checkpoint", help="warm start: train from this train.py checkpoint (second LR cycle)")
    p.add_argument("--bias-free-head", action="store_true",
                   help="fix the head's bias at 0 months, so Grad-CAM maps of a prediction are never empty")
    p.add_argument("--max-train", type=int, default=0, help="use only this many training films (pilots)")
    p.add_argument("--pilot-seconds", type=float, default=0.0, help="stop after this many seconds (pilot)")
    p.add_argument("--resize", choices=["stretch", "hand_crop"], default="stretch",
                   help="the engine's input recipe (boneage_models.preprocess); hand_crop needs a square input")
    p.add_argument("--stem-pool", type=int, choices=[0, 1], help="override the preset's maxpool_3a (1 = on)")
    p.add_argument("--extra-labels", help="a second RSNA-layout set trained in the same run (labels.csv)")
    p.add_argument("--extra-images", help="its images folder")
    p.add_argument("--extra-repeat", type=int, default=1, help="times each extra training film is seen per epoch")
    p.add_argument("--extra-val-ids", help="ids of the extra set held out for validation (CSV with an id column)")
    p.add_argument("--extra-cache", help="8-bit cache file of the extra set")
    p.add_argument("--holdout-ids", nargs="+", default=[],
                   help="CSV files of ids no stage trains on, in either set (the extra set's validation ids "
                        "among them stay its validation)")
    p.add_argument("--select-on", choices=["main", "extra", "mean"], default="main",
                   help="validation MAE that picks the best epoch (with an extra validation set)")
    p.add_argument("--resume", action="store_true", help="continue the run saved in --work")
    p.add_argument("--save-every-min", type=float, default=0.0, help="save the run's state this often")
    p.add_argument("--keep-epochs", action="store_true", help="also save every epoch's EMA weights")
    p.add_argument("--aspect-aug", type=float, default=0.0, help="aspect-ratio jitter exp(+-A) (hand_crop)")
    p.add_argument("--scale-aug", type=float, nargs=2, default=None, metavar=("LO", "HI"),
                   help="scale jitter range (default 0.9 1.1)")
    args = p.parse_args(argv)
    if not (args.epochs or args.time_budget_min or args.pilot_seconds or args.from_checkpoint):
        p.error("give --epochs or --time-budget-min")

    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)     # denormals make CPU convolutions crawl late in training
    device = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
                          else "cpu")
    if device.type == "cuda":
        args.channels_last = True
        torch.backends.cudnn.benchmark = True
    overrides = {}
    if args.width:
        overrides["width"] = args.width
    if args.internal_size is not None:
        overrides["internal_size"] = args.internal_size
    if args.stem_pool is not None:
        overrides["stem_pool"] = bool(args.stem_pool)
    overrides["sex_input"] = args.sex_handling == "input"
    cfg = dataclasses.replace(PRESETS[args.preset], **overrides)
    if not args.input_size:
        args.input_size = [299, 299] if args.preset == "full" else [100, 100]
    os.makedirs(args.work, exist_ok=True)
    log(f"torch {torch.__version__}, device {device}, threads {torch.get_num_threads()}, config {cfg.to_dict()}")

    h, w = args.input_size
    spec = input_spec(h, w, cfg.in_channels, args.resize)
    holdout = set()
    for path in args.holdout_ids:
        holdout |= set(D.read_ids(path))
    extra_val_ids = set(D.read_ids(args.extra_val_ids)) if args.extra_val_ids else set()
    ds = D.load_dataset(args.labels, args.images, h, w, cache=args.cache, log=log, spec=spec,
                        keep=(lambda i: i not in holdout) if holdout else None)
    if holdout:
        log(f"{len(holdout)} held-out ids never trained on (left out of {args.labels})")
    if args.val_ids:
        want = set(D.read_ids(args.val_ids))
        val_idx = [i for i, k in enumerate(ds.ids) if k in want]
        train_idx = [i for i, k in enumerate(ds.ids) if k not in want]
    else:
        train_idx, val_idx = D.stratified_split(ds.months.tolist(), ds.male.tolist(), args.val_fraction, args.seed)
    D.write_split(ds, val_idx, os.path.join(args.work, "val_ids.csv"), os.path.join(args.work, "val_labels.csv"))
    if args.max_train:
        g = np.random.RandomState(args.seed)
        train_idx = sorted(g.permutation(train_idx)[:args.max_train].tolist())
    train, val = ds.subset(train_idx), ds.subset(val_idx)
    extra_val = None
    if args.extra_labels:
        # the main set's validation films stay out of the extra set's training too
        never = holdout | set(val.ids)
        ex = D.load_dataset(args.extra_labels, args.extra_images, h, w, cache=args.extra_cache, log=log,
                            spec=spec, keep=lambda i: i not in never or i in extra_val_ids)
        ev = [i for i, k in enumerate(ex.ids) if k in extra_val_ids]
        et = [i for i, k in enumerate(ex.ids) if k not in extra_val_ids]
        if ev:
            extra_val = ex.subset(ev)
        reps = et * max(1, args.extra_repeat)
        train = D.concat(train, ex.subset(reps))
        log(f"extra set {args.extra_labels}: {len(et)} training films (x {max(1, args.extra_repeat)}), "
            f"{len(ev)} validation films")
    if args.cam_penalty and not args.from_checkpoint:
        tm = time.time()
        mask_cache = os.path.join(args.work, "train_masks.pt")
        z = torch.load(mask_cache) if os.path.exists(mask_cache) else {}
        if z.get("ids") == train.ids and z.get("size") == MASK_SIZE:
            train.masks = z["masks"]
        else:
            train.masks = D.crop_masks(train, MASK_SIZE)
            torch.save({"ids": train.ids, "size": MASK_SIZE, "masks": train.masks}, mask_cache)
        log(f"hand masks of {len(train)} training films in {time.time() - tm:.0f} s "
            f"(mean cover {float(train.masks.float().mean()):.3f})")
    log(f"split: {len(train)} train, {len(val)} val (val ids -> {args.work}/val_ids.csv)")

    budget = args.time_budget_min * 60 if args.time_budget_min else None
    rows: List[Dict] = []
    t0 = time.time()
    gcal = np.random.RandomState(args.seed + 2)
    cal_idx = sorted(gcal.permutation(len(train))[:args.bn_recalibrate].tolist()) if args.bn_recalibrate else []

    def finish(net: InceptionResNetV2, sub: D.Dataset, vsub: D.Dataset, name: str) -> InceptionResNetV2:
        if not args.bn_recalibrate:
            return net
        before = predict_months(net, vsub, h, w)
        idx = [i for i in cal_idx if i < len(sub)] if len(sub) == len(train) else \
            sorted(gcal.permutation(len(sub))[:args.bn_recalibrate].tolist())
        tcal = time.time()
        net2 = recalibrate_bn(net, sub.films(idx), sub.male[idx], h, w)
        after = predict_months(net2, vsub, h, w)
        mb = metrics(before.tolist(), vsub.months.tolist(), vsub.male.tolist())
        ma = metrics(after.tolist(), vsub.months.tolist(), vsub.male.tolist())
        log(f"[{name}] BN recalibration on {len(idx)} training films ({time.time() - tcal:.0f} s): val MAE "
            f"{mb['mae_months']:.2f} -> {ma['mae_months']:.2f} months, bias {mb['bias_months']:+.2f} -> "
            f"{ma['bias_months']:+.2f}")
        return net2

    if args.from_checkpoint:
        ck = torch.load(args.from_checkpoint, map_location="cpu")
        cfg = type(cfg).from_dict(ck["config"])
        net = InceptionResNetV2(cfg)
        net.load_state_dict(ck["model"])
        r = {"net": finish(net.eval(), train, val, "checkpoint"), "epoch": ck.get("epoch"), "epochs_run": None,
             "steps": None, "seconds": 0.0}
        results = {"checkpoint": r}
        if not cfg.sex_input:
            p.error("--from-checkpoint takes the checkpoint of a sex-input network (--sex-handling input)")
        nets = split_sex_input(r["net"]) if args.export_as == "separate" else {"model": r["net"]}
    elif args.sex_handling == "input":
        r = train_one("shared", train, val, cfg, args, device, rows, budget, extra_val)
        r["net"] = finish(r["net"], train, val, "shared")
        nets = split_sex_input(r["net"]) if args.export_as == "separate" else {"model": r["net"]}
        results = {"shared": r}
    else:
        results = {}
        nets = {}
        for role, s in (("male", 1.0), ("female", 0.0)):
            ti = [i for i in range(len(train)) if float(train.male[i]) == s]
            vi = [i for i in range(len(val)) if float(val.male[i]) == s]
            r = train_one(role, train.subset(ti), val.subset(vi), cfg, args, device, rows,
                          budget / 2 if budget else None)
            r["net"] = finish(r["net"], train.subset(ti), val.subset(vi), role)
            results[role] = r
            nets[role] = r["net"]
    total_s = time.time() - t0

    # Validation of the exported form (months, ReLU head, image-only files), in eager mode.
    with torch.no_grad():
        vx = D.prepare_batch(val.films(), h, w, cfg.in_channels)
        if "model" in nets:
            pred = torch.cat([nets["model"](vx[i:i + 256], val.male[i:i + 256, None])[0][:, 0]
                              for i in range(0, len(val), 256)])
        else:
            pm = torch.cat([nets["male"](vx[i:i + 256])[0][:, 0] for i in range(0, len(val), 256)])
            pf = torch.cat([nets["female"](vx[i:i + 256])[0][:, 0] for i in range(0, len(val), 256)])
            pred = torch.where(val.male > 0.5, pm, pf)
    m = metrics(pred.tolist(), val.months.tolist(), val.male.tolist())
    log("validation of the exported networks:\n" + format_table(m))
    for role, net in nets.items():
        torch.save({"model": net.state_dict(), "config": net.config.to_dict()},
                   os.path.join(args.work, f"export_{role}.pt"))
    summary = {"config": cfg.to_dict(), "sex_handling": args.sex_handling, "export_as":
               "separate" if "male" in nets else "input", "train_seconds": total_s,
               "runs": {k: {"best_epoch": v["epoch"], "epochs_run": v["epochs_run"], "steps": v["steps"],
                            "seconds": v["seconds"]} for k, v in results.items()},
               "validation": m, "n_train": len(train), "n_val": len(val), "args": vars(args),
               "extra_validation": next(iter(results.values())).get("extra_metrics"),
               "threads": torch.get_num_threads(), "device": str(device), "torch": torch.__version__}
    with open(os.path.join(args.work, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)

    if args.package:
        from boneage_models.package import export_package
        ckpts = {role: os.path.join(args.work, f"export_{role}.pt") for role in nets}
        ov = {k: v for k, v in cfg.to_dict().items() if k != "repeats"}
        ov["repeats"] = tuple(cfg.repeats)
        sex_handling = "separate" if "male" in nets else "input"
        ov.pop("sex_input")
        manifest = export_package(args.package, preset=args.preset, seed=args.seed, checkpoints=ckpts,
                                  input_size=(h, w), name=args.name, version=args.version, input=spec,
                                  sex_handling=sex_handling, training_data=args.training_data,
                                  intended_use=args.intended_use, research_only=True, config_overrides=ov)
        log(f"package -> {args.package}: {json.dumps(manifest['files'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
