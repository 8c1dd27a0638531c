"""RSNA-layout dataset loading, the validation split and radiograph augmentation for train.py.

Layout (DESIGN.md): ``labels.csv`` with columns ``id,boneage,male`` (months; ``True``/``False``) and images
``<images-dir>/<id>.png``. Every film is read as 8-bit grey, scaled to [0, 1] (``/255``) and prepared with
``boneage_models.preprocess.preprocess`` -- the exact op of the C++ engine -- so that training and the engine
agree. Augmentation is applied to the [0, 1] film *before* that op.
"""
from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from boneage_models.hand_mask import hand_masks
from boneage_models.preprocess import HAND_CROP, crop_square, hand_crop_geometries, input_spec, preprocess


def _parse_bool(s: str) -> bool:
    v = s.strip().lower()
    if v in ("true", "1", "m", "male", "yes"):
        return True
    if v in ("false", "0", "f", "female", "no"):
        return False
    raise ValueError(f"cannot read sex value {s!r} (expected True/False)")


def read_labels(path: str) -> List[Tuple[str, float, bool]]:
    """-> [(id, boneage_months, male)] in file order."""
    rows = []
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = {"id", "boneage", "male"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {sorted(missing)}; expected id,boneage,male")
        for r in reader:
            rows.append((r["id"].strip(), float(r["boneage"]), _parse_bool(r["male"])))
    if not rows:
        raise ValueError(f"{path}: no rows")
    return rows


def load_image(path: str) -> torch.Tensor:
    """A film as float32 [H, W] in [0, 1] (8-bit grey /255; 16-bit PNGs /65535)."""
    with Image.open(path) as im:
        if im.mode in ("I;16", "I;16B", "I;16L", "I"):
            a = np.asarray(im, dtype=np.float32)
            a = a / (65535.0 if a.max() > 255 else 255.0)
        else:
            a = np.asarray(im.convert("L"), dtype=np.float32) / 255.0
    return torch.from_numpy(np.ascontiguousarray(a))


@dataclass
class Dataset:
    ids: List[str]
    months: torch.Tensor        # float32 [N]
    male: torch.Tensor          # float32 [N], 1 = male
    images: torch.Tensor        # [N, H, W] at the model's input size: float32 in [0, 1], or uint8 (x 255)
    masks: Optional[torch.Tensor] = None   # bool [N, h, w] hand masks (boneage_models.hand_mask), when needed

    def __len__(self) -> int:
        return len(self.ids)

    def films(self, idx=None) -> torch.Tensor:
        """float32 [n, H, W] in [0, 1] of the films idx (all when None)."""
        x = self.images if idx is None else self.images[idx]
        return x.to(torch.float32) / 255.0 if x.dtype == torch.uint8 else x

    def subset(self, idx: Sequence[int]) -> "Dataset":
        idx_t = torch.as_tensor(list(idx), dtype=torch.long)
        return Dataset([self.ids[i] for i in idx_t.tolist()], self.months[idx_t], self.male[idx_t],
                       self.images[idx_t], None if self.masks is None else self.masks[idx_t])


def load_dataset(labels: str, images: str, height: int = 100, width: int = 100,
                 cache: Optional[str] = None, log=print, spec: Optional[Dict] = None,
                 keep: Optional[Callable[[str], bool]] = None) -> Dataset:
    """Reads every film into memory at the network's input size, prepared by the manifest ``input`` spec's
    resize (default ``stretch``): stretched with the engine's resize (the 100 px RSNA set needs none), or,
    for ``hand_crop``, cut to the engine's square around the hand (boneage_models.preprocess) -- so
    ``prepare_batch`` only standardises. ``keep(id)`` False leaves a film out. Unreadable or missing
    images are reported and skipped."""
    spec = spec or input_spec(height, width, 1)
    crop = spec.get("resize") == HAND_CROP
    rows = [r for r in read_labels(labels) if keep is None or keep(r[0])]
    if cache and os.path.exists(cache):
        z = torch.load(cache)
        if z.get("ids") == [r[0] for r in rows] and tuple(z["images"].shape[1:]) == (height, width) and \
                z.get("spec", input_spec(height, width, 1)) == spec:
            log(f"loaded {len(rows)} films from cache {cache}")
            return Dataset(z["ids"], z["months"], z["male"], z["images"] if crop else
                           z["images"].to(torch.float32) / 255.0)
    ids, months, male, imgs = [], [], [], []
    pending: List[Tuple[str, float, bool, torch.Tensor]] = []

    def flush() -> None:
        geometries = hand_crop_geometries([p[3] for p in pending], spec["hand_crop"]) if crop else None
        for k, (i, m, s, x) in enumerate(pending):
            if crop:
                x = crop_square(x, geometries[k], height)
            elif tuple(x.shape) != (height, width):
                x = F.interpolate(x[None, None], size=(height, width), mode="bilinear", align_corners=False,
                                  antialias=True)[0, 0]
            x = x.clamp(0, 1)
            ids.append(i); months.append(m); male.append(1.0 if s else 0.0)
            imgs.append((x * 255.0).round().to(torch.uint8) if crop else x)   # crops: 8 bits, a quarter
        pending.clear()

    for k, (i, m, s) in enumerate(rows):
        p = os.path.join(images, f"{i}.png")
        try:
            pending.append((i, m, s, load_image(p)))
        except Exception as e:  # noqa: BLE001 - one bad film never stops the run
            log(f"skipping {p}: {e}")
            continue
        if len(pending) == 256:
            flush()
        if (k + 1) % 2000 == 0:
            log(f"  read {k + 1}/{len(rows)} films")
    flush()
    ds = Dataset(ids, torch.tensor(months, dtype=torch.float32), torch.tensor(male, dtype=torch.float32),
                 torch.stack(imgs))
    if cache:
        # 8-bit cache (exact for 8-bit PNGs that need no resize): one quarter of the float size.
        torch.save({"ids": ds.ids, "months": ds.months, "male": ds.male, "spec": spec,
                    "images": ds.images if crop else (ds.images * 255.0).round().to(torch.uint8)}, cache)
    return ds


def stratified_split(months: Sequence[float], male: Sequence[float], fraction: float = 0.10, seed: int = 42,
                     age_bin_months: float = 24.0) -> Tuple[List[int], List[int]]:
    """Index split held out by id, stratified by sex x age bin (age_bin_months wide): in every stratum
    round(fraction * n) films (at least one when the stratum has >= 2) go to validation. -> (train, val)."""
    rng = np.random.RandomState(seed)
    strata: Dict[Tuple[int, int], List[int]] = {}
    for i, (m, s) in enumerate(zip(months, male)):
        strata.setdefault((int(s), int(m // age_bin_months)), []).append(i)
    val: List[int] = []
    for key in sorted(strata):
        members = strata[key]
        perm = rng.permutation(len(members))
        k = int(round(fraction * len(members)))
        if k == 0 and len(members) >= 2 and rng.rand() < fraction * len(members):
            k = 1
        val.extend(members[j] for j in perm[:k])
    val_set = set(val)
    train = [i for i in range(len(months)) if i not in val_set]
    return train, sorted(val)


def write_split(ds: Dataset, val_idx: Sequence[int], ids_csv: str, labels_csv: str) -> None:
    """val_ids.csv (id) and an RSNA-layout labels file (id,boneage,male) for ``boneage evaluate``."""
    os.makedirs(os.path.dirname(os.path.abspath(ids_csv)), exist_ok=True)
    with open(ids_csv, "w", newline="") as f:
        f.write("id\n")
        for i in val_idx:
            f.write(f"{ds.ids[i]}\n")
    with open(labels_csv, "w", newline="") as f:
        f.write("id,boneage,male\n")
        for i in val_idx:
            m = float(ds.months[i])
            f.write(f"{ds.ids[i]},{int(m) if m.is_integer() else m},{'True' if ds.male[i] > 0.5 else 'False'}\n")


def read_ids(path: str) -> List[str]:
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        return [row["id"].strip() for row in r]


# ---------------------------------------------------------------------------------------------------------
# Augmentation (on the [0, 1] film, before the engine's preprocessing). No left-right flip: the network only
# ever sees left hands.

@dataclass
class AugmentConfig:
    rotate_deg: float = 10.0      # uniform +-
    shift: float = 0.06           # fraction of the size, uniform +-
    scale: Tuple[float, float] = (0.9, 1.1)
    brightness: float = 0.08      # additive, uniform +-
    contrast: Tuple[float, float] = (0.8, 1.2)
    gamma: Tuple[float, float] = (0.75, 1.35)   # log-uniform
    noise_std: float = 0.02       # gaussian noise sigma uniform in [0, noise_std]
    p: float = 0.9                # probability that a film is augmented at all
    aspect: float = 0.0           # > 0: width/height scaled by exp(+-aspect), log-uniform (squashed films)
    padding: str = "zeros"        # what rotation/shift bring in: "zeros" or "border" (replicated edge)


def augment(x: torch.Tensor, cfg: AugmentConfig, gen: torch.Generator, masks: Optional[torch.Tensor] = None):
    """x: [N, H, W] in [0, 1] -> augmented [N, H, W] in [0, 1]; with masks [N, h, w] (bool, any size) ->
    (films, masks moved by the same rotation, scale and shift). The random draws do not depend on masks."""
    n = x.shape[0]
    u = lambda *shape: torch.rand(*shape, generator=gen)  # noqa: E731
    on = (u(n) < cfg.p).float()
    ang = (u(n) * 2 - 1) * math.radians(cfg.rotate_deg) * on
    sc = (cfg.scale[0] + u(n) * (cfg.scale[1] - cfg.scale[0])) * on + (1 - on)
    tx = (u(n) * 2 - 1) * 2 * cfg.shift * on   # affine_grid coordinates span 2
    ty = (u(n) * 2 - 1) * 2 * cfg.shift * on
    cos, sin = torch.cos(ang) / sc, torch.sin(ang) / sc
    theta = torch.stack([torch.stack([cos, -sin, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    if cfg.aspect > 0:   # output x is input x * a: the first row of the sampling matrix divides by a
        a = torch.exp((u(n) * 2 - 1) * cfg.aspect * on)
        theta = theta * torch.stack([1.0 / a, torch.ones(n)], 1)[:, :, None]
        theta[:, :, 2] = torch.stack([tx, ty], 1)
    grid = F.affine_grid(theta, [n, 1, x.shape[1], x.shape[2]], align_corners=False)
    y = F.grid_sample(x[:, None], grid, mode="bilinear", padding_mode=cfg.padding, align_corners=False)[:, 0]
    # exposure: gamma, contrast about the film mean, brightness, then noise
    lg = math.log(cfg.gamma[0]) + u(n) * (math.log(cfg.gamma[1]) - math.log(cfg.gamma[0]))
    g = torch.exp(lg * on)[:, None, None]
    y = y.clamp(0, 1).pow(g)
    c = (cfg.contrast[0] + u(n) * (cfg.contrast[1] - cfg.contrast[0])) * on + (1 - on)
    b = (u(n) * 2 - 1) * cfg.brightness * on
    mean = y.mean(dim=(1, 2), keepdim=True)
    y = (y - mean) * c[:, None, None] + mean + b[:, None, None]
    sigma = (u(n) * cfg.noise_std * on)[:, None, None]
    y = y + sigma * torch.randn(y.shape, generator=gen)
    if masks is None:
        return y.clamp(0, 1)
    if tuple(masks.shape[1:]) != tuple(x.shape[1:]):
        grid = F.affine_grid(theta, [n, 1, masks.shape[1], masks.shape[2]], align_corners=False)
    moved = F.grid_sample(masks[:, None].to(torch.float32), grid, mode="nearest", padding_mode="zeros",
                          align_corners=False)[:, 0] > 0.5
    return y.clamp(0, 1), moved


def prepare_batch(films: torch.Tensor, height: int, width: int, channels: int) -> torch.Tensor:
    """[N, H, W] films in [0, 1] -> [N, C, height, width] network input, film by film through the engine's
    reference preprocessing (boneage_models.preprocess.preprocess)."""
    return torch.cat([preprocess(f, height, width, channels) for f in films], 0)


def concat(a: Dataset, b: Dataset) -> Dataset:
    """The films of a, then those of b (same image size and storage)."""
    images_b = b.images if b.images.dtype == a.images.dtype else \
        ((b.films() * 255.0).round().to(torch.uint8) if a.images.dtype == torch.uint8 else b.films())
    return Dataset(a.ids + b.ids, torch.cat([a.months, b.months]), torch.cat([a.male, b.male]),
                   torch.cat([a.images, images_b]))


def crop_masks(ds: Dataset, max_size: int, chunk: int = 512) -> torch.Tensor:
    """Hand masks (boneage_models.hand_mask) of the films as they are stored, at most max_size x max_size
    (films larger than that are resized first): bool [N, h, w]. Films that occur more than once (an
    oversampled set) are masked once."""
    first: Dict[Tuple[str, float], int] = {}
    order = []
    for i, key in enumerate(zip(ds.ids, ds.months.tolist())):
        order.append(first.setdefault(key, i))
    unique = sorted(set(order))
    h, w = ds.images.shape[1:]
    size = (min(h, max_size), min(w, max_size))
    out = torch.zeros(len(ds), *size, dtype=torch.bool)
    for s in range(0, len(unique), chunk):
        idx = unique[s:s + chunk]
        films = ds.films(torch.as_tensor(idx))
        if (h, w) != size:
            films = F.interpolate(films[:, None], size=size, mode="bilinear", align_corners=False,
                                  antialias=True)[:, 0]
        out[idx] = hand_masks(films)
    pos = torch.as_tensor(order)
    return out[pos]
