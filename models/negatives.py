"""Films that are not hand radiographs, for training and measuring the input check (boneage_models.input_check).

Every generator draws one grey film [H, W] in [0, 1] of a random size from a numpy RandomState. Families:

  clouds     fractal (1/f^beta) noise, sometimes with a sky gradient or a threshold: photographs of clouds,
             smoke, marble
  noise      uniform, Gaussian, salt-and-pepper or speckle noise
  gradient   linear or radial ramps with a little noise
  shapes     ellipses, rectangles, polygons and lines, blurred or not
  texture    stripes, checkerboards, grids and plaids at random scales and angles
  text       a page: light paper with dark lines of glyph blocks (a scanned document)
  body       other radiographs, drawn: chest (lungs, ribs, spine), skull, a long bone, pelvis, knee
  nonhand    hand-like phantoms that are not hands: a mitten (palm and forearm, no fingers), a fan of rods
             (fingers without a hand), a single finger
  shuffled   a real hand film cut into tiles and shuffled (bone texture without a hand's shape)

``FAMILIES`` maps names to generators; ``shuffled`` needs a source film (``make(…, source=film)``).
"""
from __future__ import annotations

import math
from typing import Callable, Dict, Optional

import numpy as np
import torch
import torch.nn.functional as F


def _size(rng: np.random.RandomState):
    h = int(rng.randint(180, 640))
    w = int(round(h * math.exp(rng.uniform(math.log(0.6), math.log(1.5)))))
    return h, max(64, min(w, 900))


def _norm(a: np.ndarray) -> np.ndarray:
    lo, hi = np.percentile(a, 0.5), np.percentile(a, 99.5)
    return np.clip((a - lo) / max(hi - lo, 1e-6), 0, 1)


def _smooth(rng, h, w, cells) -> np.ndarray:
    g = torch.from_numpy(rng.rand(1, 1, max(2, cells), max(2, int(cells * w / h) + 1)).astype(np.float32))
    return F.interpolate(g, size=(h, w), mode="bicubic", align_corners=False)[0, 0].numpy()


def _blur(a: np.ndarray, sigma: float) -> np.ndarray:
    if sigma <= 0.3:
        return a
    r = int(3 * sigma) + 1
    k = torch.exp(-(torch.arange(-r, r + 1, dtype=torch.float32) ** 2) / (2 * sigma * sigma))
    k = (k / k.sum())
    t = torch.from_numpy(a.astype(np.float32))[None, None]
    t = F.conv2d(F.pad(t, (r, r, 0, 0), mode="replicate"), k.reshape(1, 1, 1, -1))
    t = F.conv2d(F.pad(t, (0, 0, r, r), mode="replicate"), k.reshape(1, 1, -1, 1))
    return t[0, 0].numpy()


def _grid(h, w):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    return y / h, x / w


def clouds(rng) -> np.ndarray:
    h, w = _size(rng)
    beta = rng.uniform(1.2, 3.0)
    a = np.zeros((h, w), np.float32)
    for octave in range(7):
        cells = 2 ** (octave + 1)
        a += _smooth(rng, h, w, cells) / (cells ** (beta / 2))
    a = _norm(a)
    kind = rng.randint(4)
    if kind == 1:    # sky: a gradient behind
        y, _ = _grid(h, w)
        a = 0.6 * a + 0.4 * (1 - y if rng.rand() < 0.5 else y)
    elif kind == 2:  # thresholded (blobs)
        a = _blur((a > rng.uniform(0.4, 0.7)).astype(np.float32), rng.uniform(0.5, 3))
    elif kind == 3:  # contrast curve
        a = a ** rng.uniform(0.4, 2.5)
    return _norm(a)


def noise(rng) -> np.ndarray:
    h, w = _size(rng)
    kind = rng.randint(4)
    if kind == 0:
        a = rng.rand(h, w)
    elif kind == 1:
        a = rng.randn(h, w) * rng.uniform(0.05, 0.3) + rng.uniform(0.2, 0.8)
    elif kind == 2:
        a = np.full((h, w), rng.uniform(0.2, 0.8))
        m = rng.rand(h, w)
        p = rng.uniform(0.01, 0.2)
        a[m < p / 2] = 0
        a[m > 1 - p / 2] = 1
    else:
        a = _smooth(rng, h, w, rng.randint(2, 12)) * (1 + rng.randn(h, w) * rng.uniform(0.1, 0.6))
    return np.clip(a, 0, 1).astype(np.float32)


def gradient(rng) -> np.ndarray:
    h, w = _size(rng)
    y, x = _grid(h, w)
    if rng.rand() < 0.5:
        t = rng.uniform(0, 2 * math.pi)
        a = math.cos(t) * x + math.sin(t) * y
    else:
        cy, cx = rng.uniform(0, 1, 2)
        a = np.sqrt((y - cy) ** 2 + (x - cx) ** 2)
    a = _norm(a) ** rng.uniform(0.5, 2)
    return np.clip(a + rng.randn(h, w) * rng.uniform(0, 0.03), 0, 1).astype(np.float32)


def _polygon_mask(h, w, pts) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    inside = np.zeros((h, w), bool)
    n = len(pts)
    for i in range(n):
        (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
        cond = ((y0 > y) != (y1 > y)) & (x < (x1 - x0) * (y - y0) / (y1 - y0 + 1e-9) + x0)
        inside ^= cond
    return inside


def _ellipse(h, w, cy, cx, ry, rx, angle=0.0) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    c, s = math.cos(angle), math.sin(angle)
    u = (x - cx) * c + (y - cy) * s
    v = -(x - cx) * s + (y - cy) * c
    return (u / max(rx, 1)) ** 2 + (v / max(ry, 1)) ** 2 <= 1


def _capsule(h, w, y0, x0, y1, x1, r) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    dy, dx = y1 - y0, x1 - x0
    t = np.clip(((y - y0) * dy + (x - x0) * dx) / max(dy * dy + dx * dx, 1e-6), 0, 1)
    return (y - y0 - t * dy) ** 2 + (x - x0 - t * dx) ** 2 <= r * r


def shapes(rng) -> np.ndarray:
    h, w = _size(rng)
    a = np.full((h, w), rng.uniform(0, 0.3), np.float32)
    for _ in range(rng.randint(1, 12)):
        v = rng.uniform(0.3, 1.0)
        kind = rng.randint(4)
        if kind == 0:
            m = _ellipse(h, w, rng.uniform(0, h), rng.uniform(0, w), rng.uniform(5, h / 2), rng.uniform(5, w / 2),
                         rng.uniform(0, math.pi))
        elif kind == 1:
            y0, x0 = rng.uniform(0, h), rng.uniform(0, w)
            m = np.zeros((h, w), bool)
            m[int(y0):int(y0 + rng.uniform(5, h / 2)), int(x0):int(x0 + rng.uniform(5, w / 2))] = True
        elif kind == 2:
            cy, cx, r = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(10, min(h, w) / 2)
            k = rng.randint(3, 8)
            ang = np.sort(rng.uniform(0, 2 * math.pi, k))
            pts = [(cx + r * rng.uniform(0.4, 1) * math.cos(t), cy + r * rng.uniform(0.4, 1) * math.sin(t))
                   for t in ang]
            m = _polygon_mask(h, w, pts)
        else:
            m = _capsule(h, w, rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0, w),
                         rng.uniform(1, 8))
        a[m] = v if rng.rand() < 0.7 else a[m] * 0.5 + v * 0.5
    a = _blur(a, rng.uniform(0, 3))
    return np.clip(a + rng.randn(h, w) * rng.uniform(0, 0.04), 0, 1).astype(np.float32)


def texture(rng) -> np.ndarray:
    h, w = _size(rng)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    t = rng.uniform(0, math.pi)
    f = rng.uniform(0.02, 0.4)
    u = x * math.cos(t) + y * math.sin(t)
    v = -x * math.sin(t) + y * math.cos(t)
    kind = rng.randint(4)
    if kind == 0:
        a = 0.5 + 0.5 * np.sin(2 * math.pi * f * u)
    elif kind == 1:
        a = ((np.floor(u * f) + np.floor(v * f)) % 2).astype(np.float32)
    elif kind == 2:
        a = ((np.abs(np.sin(math.pi * f * u)) < 0.15) | (np.abs(np.sin(math.pi * f * v)) < 0.15)).astype(np.float32)
    else:
        a = 0.5 + 0.25 * np.sin(2 * math.pi * f * u) + 0.25 * np.sin(2 * math.pi * f * rng.uniform(0.3, 3) * v)
    a = _blur(a, rng.uniform(0, 2)) * rng.uniform(0.4, 1) + rng.uniform(0, 0.3)
    return np.clip(a + rng.randn(h, w) * rng.uniform(0, 0.05), 0, 1).astype(np.float32)


def text(rng) -> np.ndarray:
    h, w = _size(rng)
    paper = rng.uniform(0.75, 1.0)
    a = np.full((h, w), paper, np.float32)
    ink = rng.uniform(0.0, 0.35)
    line_h = rng.randint(6, 22)
    y = rng.randint(5, 30)
    while y + line_h < h - 5:
        x = rng.randint(5, 40)
        end = w - rng.randint(5, 60)
        while x < end:
            gw = rng.randint(2, line_h)
            if rng.rand() < 0.85:
                gh = int(line_h * rng.uniform(0.5, 1))
                a[y + line_h - gh:y + line_h, x:x + gw] = ink
            x += gw + rng.randint(1, 4) + (rng.randint(4, 12) if rng.rand() < 0.15 else 0)
        y += int(line_h * rng.uniform(1.3, 2.2))
    a = _blur(a, rng.uniform(0, 1.2))
    if rng.rand() < 0.5:
        a = 1 - a   # a negative scan
    return np.clip(a + rng.randn(h, w) * 0.02, 0, 1).astype(np.float32)


def _radiograph(a: np.ndarray, rng) -> np.ndarray:
    a = _blur(a, rng.uniform(0.5, 2.5))
    a = a + _smooth(rng, *a.shape, rng.randint(3, 9)) * rng.uniform(0, 0.1)
    return np.clip(a + rng.randn(*a.shape) * rng.uniform(0.005, 0.03), 0, 1).astype(np.float32)


def body(rng) -> np.ndarray:
    h, w = _size(rng)
    bg = rng.uniform(0.0, 0.12)
    a = np.full((h, w), bg, np.float32)
    kind = rng.randint(5)
    cy, cx = h * rng.uniform(0.4, 0.6), w * rng.uniform(0.4, 0.6)
    s = min(h, w)
    if kind == 0:    # chest: torso, dark lungs, ribs, spine
        a[_ellipse(h, w, cy, cx, 0.48 * h, 0.46 * w)] = rng.uniform(0.45, 0.7)
        for side in (-1, 1):
            a[_ellipse(h, w, cy - 0.05 * h, cx + side * 0.2 * w, 0.3 * h, 0.15 * w)] = rng.uniform(0.1, 0.25)
        for k in range(10):
            yy = cy - 0.3 * h + k * 0.065 * h
            for side in (-1, 1):
                a[_capsule(h, w, yy, cx, yy + 0.05 * h, cx + side * 0.33 * w, 0.012 * s)] += 0.15
        a[_capsule(h, w, cy - 0.45 * h, cx, cy + 0.45 * h, cx, 0.04 * w)] = 0.8
    elif kind == 1:  # skull: a ring with a textured inside
        outer = _ellipse(h, w, cy, cx, 0.42 * h, 0.38 * w)
        inner = _ellipse(h, w, cy, cx, 0.37 * h, 0.33 * w)
        a[outer] = 0.85
        a[inner] = 0.35 + 0.2 * _smooth(rng, h, w, 8)[inner]
        a[_ellipse(h, w, cy + 0.25 * h, cx, 0.1 * h, 0.2 * w)] = 0.7
    elif kind == 2:  # a long bone: shaft with knobbly ends
        t = rng.uniform(-0.3, 0.3)
        y0, y1 = 0.08 * h, 0.92 * h
        x0, x1 = cx - t * w * 0.3, cx + t * w * 0.3
        a[_capsule(h, w, y0, x0, y1, x1, 0.06 * w)] = 0.75
        a[_capsule(h, w, y0, x0, y1, x1, 0.03 * w)] = 0.55
        for yy, xx in ((y0, x0), (y1, x1)):
            a[_ellipse(h, w, yy, xx, 0.07 * h, 0.12 * w)] = 0.8
        a[_capsule(h, w, y0, x0, y1, x1, 0.16 * w) & (a < 0.3)] = 0.3
    elif kind == 3:  # pelvis: two wings, a ring, femoral heads
        for side in (-1, 1):
            a[_ellipse(h, w, cy - 0.1 * h, cx + side * 0.22 * w, 0.22 * h, 0.17 * w, side * 0.4)] = 0.7
            a[_ellipse(h, w, cy + 0.2 * h, cx + side * 0.3 * w, 0.08 * h, 0.08 * w)] = 0.8
        a[_ellipse(h, w, cy + 0.1 * h, cx, 0.12 * h, 0.1 * w)] = bg + 0.1
    else:            # knee: two bone ends meeting, a patella
        a[_capsule(h, w, 0, cx, cy - 0.06 * h, cx, 0.12 * w)] = 0.75
        a[_ellipse(h, w, cy - 0.08 * h, cx, 0.08 * h, 0.2 * w)] = 0.8
        a[_capsule(h, w, cy + 0.06 * h, cx, h, cx, 0.11 * w)] = 0.75
        a[_ellipse(h, w, cy + 0.07 * h, cx, 0.06 * h, 0.19 * w)] = 0.8
        a[_ellipse(h, w, cy - 0.12 * h, cx + 0.1 * w, 0.07 * h, 0.05 * w)] = 0.85
        a[_capsule(h, w, 0, cx, h, cx, 0.28 * w) & (a < 0.3)] = 0.3
    return _radiograph(a, rng)


def nonhand(rng) -> np.ndarray:
    h, w = _size(rng)
    bg = rng.uniform(0.0, 0.12)
    a = np.full((h, w), bg, np.float32)
    cx = w * rng.uniform(0.35, 0.65)
    kind = rng.randint(3)
    soft, bone = rng.uniform(0.25, 0.45), rng.uniform(0.6, 0.9)
    if kind == 0:   # mitten: forearm and palm, no fingers
        a[_capsule(h, w, h, cx, 0.55 * h, cx, 0.17 * w)] = soft
        a[_ellipse(h, w, 0.45 * h, cx, 0.2 * h, 0.25 * w)] = soft
        for side in (-0.06, 0.06):
            a[_capsule(h, w, h, cx + side * w, 0.6 * h, cx + side * w, 0.025 * w)] = bone
    elif kind == 1:  # a fan of rods: fingers without a hand
        for k in range(rng.randint(3, 7)):
            t = -0.6 + 1.2 * k / 5 + rng.uniform(-0.1, 0.1)
            y0, x0 = 0.8 * h, cx
            y1, x1 = y0 - 0.6 * h * math.cos(t), x0 + 0.6 * h * math.sin(t)
            a[_capsule(h, w, y0, x0, y1, x1, 0.03 * w)] = soft
            a[_capsule(h, w, y0, x0, y1, x1, 0.012 * w)] = bone
    else:            # a single finger
        y0, y1 = h * rng.uniform(0.6, 0.95), h * rng.uniform(0.05, 0.3)
        a[_capsule(h, w, y0, cx, y1, cx, 0.06 * w)] = soft
        for k in range(3):
            ya, yb = y0 + (y1 - y0) * k / 3, y0 + (y1 - y0) * (k + 0.9) / 3
            a[_capsule(h, w, ya, cx, yb, cx, 0.025 * w)] = bone
    return _radiograph(a, rng)


def shuffled(rng, source: np.ndarray) -> np.ndarray:
    """A real film [H, W] cut into k x k tiles, shuffled (and some turned)."""
    k = rng.randint(3, 7)
    h, w = source.shape
    th, tw = h // k, w // k
    tiles = [source[i * th:(i + 1) * th, j * tw:(j + 1) * tw] for i in range(k) for j in range(k)]
    order = rng.permutation(len(tiles))
    rows = []
    for i in range(k):
        row = []
        for j in range(k):
            t = tiles[order[i * k + j]]
            if th == tw and rng.rand() < 0.5:
                t = np.rot90(t, rng.randint(1, 4))
            row.append(t)
        rows.append(np.concatenate(row, 1))
    return np.ascontiguousarray(np.concatenate(rows, 0)).astype(np.float32)


FAMILIES: Dict[str, Callable] = {"clouds": clouds, "noise": noise, "gradient": gradient, "shapes": shapes,
                                  "texture": texture, "text": text, "body": body, "nonhand": nonhand,
                                  "shuffled": shuffled}


def make(family: str, rng: np.random.RandomState, source: Optional[np.ndarray] = None) -> torch.Tensor:
    gen = FAMILIES[family]
    a = gen(rng, source) if family == "shuffled" else gen(rng)
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))
