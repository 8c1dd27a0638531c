"""Hand masks of [0, 1] films, batched in torch: the definition of boneage::assessment::handMask (C++).

Real films carry bright lead markers and often a bright cassette or collimated field on a darker surround, so a
plain Otsu threshold finds the marker or the rectangle instead of the hand. Per film:
  1. v = round(clamp(x) * 255); lo, hi = the 1st and 99th percentile of v (cumulative count >= 1 % / 99 %);
     hi <= lo: empty mask; c = log_levels(lo, hi)[v]: log(max(v, f)) mapped linearly from [log max(lo, f),
     log max(hi, f)] onto 0..255 and clamped (a marker's few pixels no longer pull the threshold), where the
     floor f = max(1, hi // 16) makes every value below 1/16 of the bright level one black: the log must not
     spread the noise of a black background over half the scale (a film stretched to full range then came out
     all "hand"). On log intensities a gamma x -> x^g is an affine map, which the percentiles follow, so the
     mask (and the hand crop cut around it) does not move when a film's exposure curve changes (on linear ones
     the crop moved by 3-14 % of its side for gamma 0.8);
  2. Otsu threshold t on c (first maximum); foreground c > t;
  3. the largest 8-connected foreground component, its holes filled (background not 8-connected to the border);
  4. if that fills more than 85 % of its bounding box it is a bright field, not a hand: Otsu again on c inside
     it, keep c > t2 there, and repeat 3 once.
Used by train.py for the Grad-CAM-on-hand penalty; ``boneage evaluate`` reports gradcam_on_hand with the C++ twin.
"""
from __future__ import annotations

import math
import sys

import torch
import torch.nn.functional as F

BRIGHT_FIELD_FILL = 0.85


def _histograms(values: torch.Tensor, within: torch.Tensor) -> torch.Tensor:
    """values [N, P] int64 in 0..255, within [N, P] bool -> counts [N, 256] float64."""
    hist = torch.zeros(values.shape[0], 256, dtype=torch.float64)
    return hist.scatter_add_(1, values, within.to(torch.float64))


def _otsu(hist: torch.Tensor) -> torch.Tensor:
    """hist [N, 256] -> threshold [N] (background <= t), the first maximum of the between-class variance."""
    levels = torch.arange(256, dtype=torch.float64)
    n = hist.sum(1, keepdim=True)
    wb = hist.cumsum(1)
    sb = (hist * levels).cumsum(1)
    wf = n - wb
    mb = sb / wb.clamp(min=1e-300)
    mf = (sb[:, -1:] - sb) / wf.clamp(min=1e-300)
    var = wb * wf * (mb - mf) ** 2
    var = torch.where((wb > 0) & (wf > 0), var, torch.full_like(var, -1.0))
    return var.argmax(1)


LOG_FLOOR_DIVISOR = 16


def log_levels(lo: int, hi: int) -> torch.Tensor:
    """The 256-entry table v -> round(255 * clamp((log max(v,f) - log max(lo,f)) / (log max(hi,f) - log max(lo,f)),
    0, 1)) with f = max(1, hi // 16) (all 0 when that span is empty), in double precision, as the C++ twin."""
    f = max(1, hi // LOG_FLOOR_DIVISOR)
    a, b = math.log(max(lo, f)), math.log(max(hi, f))
    if b <= a:
        return torch.zeros(256, dtype=torch.int64)
    return torch.tensor([int(math.floor(min(max((math.log(max(v, f)) - a) / (b - a), 0.0), 1.0) * 255.0 + 0.5))
                         for v in range(256)], dtype=torch.int64)


def _dilate(x: torch.Tensor) -> torch.Tensor:
    """3 x 3 grey dilation of [N, H, W] (zero outside), separable (much faster than max_pool2d on the CPU)."""
    p = F.pad(x, (1, 1, 1, 1))
    r = torch.maximum(torch.maximum(p[:, :, :-2], p[:, :, 1:-1]), p[:, :, 2:])
    return torch.maximum(torch.maximum(r[:, :-2], r[:, 1:-1]), r[:, 2:])


def _propagate(seed: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """Max-propagation of labels through 8-connected allowed pixels until nothing changes (films that have
    settled drop out of the loop)."""
    cur = (seed * allowed).contiguous()
    active = torch.arange(cur.shape[0])
    while active.numel():
        before = cur[active]
        room = allowed[active]
        nxt = before
        for _ in range(8):
            nxt = _dilate(nxt) * room
        cur[active] = nxt
        active = active[(nxt != before).flatten(1).any(1)]
    return cur


def _largest_filled(fg: torch.Tensor) -> torch.Tensor:
    """fg [N, H, W] bool -> the largest 8-connected component of each, holes filled."""
    n, h, w = fg.shape
    allowed = fg.to(torch.int32)
    index = torch.arange(1, h * w + 1, dtype=torch.int32).reshape(1, h, w)
    labels = _propagate(index.expand(n, h, w), allowed).to(torch.int64).reshape(n, -1)
    sizes = torch.zeros(n, h * w + 1, dtype=torch.int64).scatter_add_(1, labels, torch.ones_like(labels))
    sizes[:, 0] = 0
    # each component carries its last pixel's label; of equal sizes the one whose first pixel comes first in
    # row-major order wins (as in C++): that is the one with the largest label among the ties.
    best = sizes.shape[1] - 1 - sizes.flip(1).argmax(1, keepdim=True)
    keep = (labels == best) & (best > 0)
    keep = keep.reshape(n, h, w)
    background = (~keep).to(torch.uint8)
    border = torch.zeros(1, h, w, dtype=torch.uint8)
    border[:, 0, :] = border[:, -1, :] = border[:, :, 0] = border[:, :, -1] = 1
    outside = _propagate(border.expand(n, h, w), background) > 0
    return keep | ((~keep) & ~outside)


def hand_masks(films: torch.Tensor, chunk: int = 512) -> torch.Tensor:
    """films [N, H, W] in [0, 1] -> bool masks [N, H, W]."""
    out = []
    for start in range(0, films.shape[0], chunk):
        x = films[start:start + chunk].to(torch.float32)
        n, h, w = x.shape
        v = (x.clamp(0, 1) * 255.0 + 0.5).floor().to(torch.int64).reshape(n, -1)
        everything = torch.ones_like(v, dtype=torch.bool)
        cum = _histograms(v, everything).cumsum(1)
        total = float(h * w)
        lo = (cum >= 0.01 * total).to(torch.int8).argmax(1, keepdim=True)
        hi = (cum >= 0.99 * total).to(torch.int8).argmax(1, keepdim=True)
        levels = torch.stack([log_levels(int(a), int(b)) for a, b in zip(lo[:, 0], hi[:, 0])])
        c = torch.gather(levels, 1, v)
        t = _otsu(_histograms(c, everything))
        mask = _largest_filled((c > t[:, None]).reshape(n, h, w))
        # bright field: a near-rectangle is a cassette or collimated field; threshold again inside it
        rows, cols = mask.any(2), mask.any(1)
        ar = torch.arange(h)[None].expand(n, h)
        ac = torch.arange(w)[None].expand(n, w)
        height = torch.where(rows, ar, -1).max(1).values - torch.where(rows, ar, h).min(1).values + 1
        width = torch.where(cols, ac, -1).max(1).values - torch.where(cols, ac, w).min(1).values + 1
        area = mask.reshape(n, -1).sum(1)
        field = (area > 0) & (area.to(torch.float64) > BRIGHT_FIELD_FILL * (height * width).to(torch.float64))
        if bool(field.any()):
            inside = mask.reshape(n, -1)
            t2 = _otsu(_histograms(c, inside))
            again = _largest_filled((inside & (c > t2[:, None])).reshape(n, h, w))
            mask = torch.where(field[:, None, None], again, mask)
        mask &= (hi > lo).reshape(n, 1, 1)
        out.append(mask)
    return torch.cat(out, 0)


def _main(argv) -> int:
    """hand_mask.py W H IN.f32 OUT.u8 [IN.f32 OUT.u8 ...]: raw little-endian float32 films (all W x H) ->
    raw 0/1 bytes; the C++ test compares these with boneage::assessment::handMask."""
    import numpy as np
    if len(argv) < 4 or len(argv) % 2:
        print(_main.__doc__, file=sys.stderr)
        return 2
    width, height = int(argv[0]), int(argv[1])
    pairs = list(zip(argv[2::2], argv[3::2]))
    films = torch.stack([torch.from_numpy(np.fromfile(src, dtype="<f4").reshape(height, width).copy())
                         for src, _ in pairs])
    for (_, dst), mask in zip(pairs, hand_masks(films)):
        mask.to(torch.uint8).numpy().tofile(dst)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
