"""Reference preprocessing, identical to the C++ engine (core/engine/Preprocess.cpp, HandCrop.cpp).

Every manifest declares its recipe as ``input``. Two resize recipes exist:

``stretch`` (format 1, rsna-compact 1.x and the random test packages)
  1. the film: grey float32 H x W, values in [0, 1], row-major;
  2. stretch to the manifest's height x width, ignoring the aspect ratio, with
     ``F.interpolate(mode="bilinear", align_corners=False, antialias=True)`` (interpolation
     "bilinear_antialias"; the antialiased kernel is plain bilinear when enlarging);
  3. normalisation "per_image_standardise": (x - mean) / max(std, 1e-6) with the population std
     sqrt(mean((x - mean)^2)), all in float32; invariant to exposure scaling;
  4. replicate to the manifest's channel count: tensor [1, C, height, width].

``hand_crop`` (format 2, rsna-compact 2.x; parameters in ``input.hand_crop``), a square input:
  1. trim uniform borders: leading/trailing rows whose range (max - min) is <= border_tolerance, then
     leading/trailing columns, over the remaining rows, likewise (black or white padding, shutters); the
     region left is the film from here on (nothing outside it is ever sampled);
  2. a working copy of the region with its long side resized to mask_long_side (bilinear_antialias,
     rounded sizes), and its hand mask (boneage_models.hand_mask, the C++ engine::handMask);
  3. a hand is found when the mask covers >= min_hand_fraction of the working copy; the crop is then the
     square centred on the mask's bounding box, side = its long side x (1 + 2 margin); without a hand it is
     the square around the whole region. Sides and corners are rounded with floor(v + 0.5), in float64;
  4. the square is cut from the region, the part outside the region filled with the mean of the working
     copy off the mask (the film's background level), and resized to height x width (bilinear_antialias);
  5. per_image_standardise and replication as for ``stretch``.
So the hand fills the input at its own aspect ratio whatever the film's size, padding or collimation.
``hand_crop.views`` (optional; absent: ``[[0, 0, 0]]``): the film is read in several squares, each the
hand's square moved down by dy and right by dx and grown by ds (fractions of its side; ``view_geometry``),
steps 4-5 for each: tensor [V, C, height, width]. The reading is the mean over the views; the first is the
hand's own square, which the input check and Grad-CAM read.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from .hand_mask import hand_masks

RESIZE = "stretch"
HAND_CROP = "hand_crop"
INTERPOLATION = "bilinear_antialias"
NORMALISATION = "per_image_standardise"
STD_EPSILON = 1e-6

# The hand_crop parameters of rsna-compact 2.x (written into its manifest; the engine reads them from there).
HAND_CROP_DEFAULTS: Dict[str, float] = {
    "mask_long_side": 128,
    "margin": 0.05,
    "border_tolerance": 0.01,
    "min_hand_fraction": 0.02,
}


def input_spec(height: int, width: int, channels: int, resize: str = RESIZE,
               hand_crop: Optional[Dict] = None) -> dict:
    spec = {"height": int(height), "width": int(width), "channels": int(channels), "resize": resize,
            "interpolation": INTERPOLATION, "normalisation": NORMALISATION}
    if resize == HAND_CROP:
        if height != width:
            raise ValueError("hand_crop needs a square input")
        params = dict(HAND_CROP_DEFAULTS)
        params.update(hand_crop or {})
        params["mask_long_side"] = int(params["mask_long_side"])
        spec["hand_crop"] = params
    elif resize != RESIZE:
        raise ValueError(f"unknown resize {resize!r}")
    return spec


def _resize(x: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """[H, W] -> [height, width], bilinear_antialias (no-op at the same size)."""
    if (x.shape[0], x.shape[1]) == (height, width):
        return x
    return F.interpolate(x[None, None], size=(height, width), mode="bilinear", align_corners=False,
                         antialias=True)[0, 0]


def standardise(x: torch.Tensor) -> torch.Tensor:
    mean = x.mean()
    centred = x - mean
    std = centred.pow(2).mean().sqrt()
    return centred / torch.clamp(std, min=STD_EPSILON)


def _round(v: float) -> int:
    return int(math.floor(v + 0.5))


@dataclass
class CropGeometry:
    """Where the square input came from, in film pixels: rows top..top+side, columns left..left+side (may
    reach outside the film); region = the film after border trimming (top, bottom, left, right)."""
    top: int
    left: int
    side: int
    region: Tuple[int, int, int, int]
    hand_found: bool
    fill: float


def trim_borders(image: torch.Tensor, tolerance: float) -> Tuple[int, int, int, int]:
    """(top, bottom, left, right) of the film without its uniform border rows/columns (range <= tolerance)."""
    h, w = image.shape
    row_range = image.amax(1) - image.amin(1)
    busy = (row_range > tolerance).nonzero()
    if busy.numel() == 0:
        return 0, h, 0, w
    top, bottom = int(busy[0]), int(busy[-1]) + 1
    rows = image[top:bottom]
    col_range = rows.amax(0) - rows.amin(0)
    busy = (col_range > tolerance).nonzero()
    if busy.numel() == 0:
        return top, bottom, 0, w
    return top, bottom, int(busy[0]), int(busy[-1]) + 1


def working_size(height: int, width: int, long_side: int) -> Tuple[int, int]:
    scale = float(long_side) / float(max(height, width))
    return max(1, _round(height * scale)), max(1, _round(width * scale))


def _geometry(region: Tuple[int, int, int, int], work: torch.Tensor, mask: torch.Tensor,
              params: Dict) -> CropGeometry:
    top, bottom, left, right = region
    rh, rw = bottom - top, right - left
    wh, ww = work.shape
    count = int(mask.sum())
    off = ~mask
    fill = float(work[off].mean()) if bool(off.any()) else float(work.mean())
    if count >= params["min_hand_fraction"] * wh * ww and count > 0:
        rows = mask.any(1).nonzero()
        cols = mask.any(0).nonzero()
        sy, sx = rh / wh, rw / ww
        y0, y1 = int(rows[0]) * sy, (int(rows[-1]) + 1) * sy
        x0, x1 = int(cols[0]) * sx, (int(cols[-1]) + 1) * sx
        side_f = max(y1 - y0, x1 - x0) * (1.0 + 2.0 * params["margin"])
        cy, cx = top + 0.5 * (y0 + y1), left + 0.5 * (x0 + x1)
        found = True
    else:
        side_f = float(max(rh, rw))
        cy, cx = top + 0.5 * rh, left + 0.5 * rw
        found = False
    side = max(1, _round(side_f))
    return CropGeometry(_round(cy - 0.5 * side), _round(cx - 0.5 * side), side, region, found, fill)


def hand_crop_geometry(image: torch.Tensor, params: Dict) -> CropGeometry:
    return hand_crop_geometries([image], params)[0]


def hand_crop_geometries(images: Sequence[torch.Tensor], params: Dict) -> List[CropGeometry]:
    """Geometries of many films; films whose working copies have the same size share one mask batch."""
    regions, works = [], []
    for image in images:
        region = trim_borders(image, params["border_tolerance"])
        top, bottom, left, right = region
        r = image[top:bottom, left:right]
        regions.append(region)
        works.append(_resize(r, *working_size(r.shape[0], r.shape[1], params["mask_long_side"])))
    groups: Dict[Tuple[int, int], List[int]] = {}
    for i, w in enumerate(works):
        groups.setdefault(tuple(w.shape), []).append(i)
    out: List[Optional[CropGeometry]] = [None] * len(images)
    for idx in groups.values():
        masks = hand_masks(torch.stack([works[i] for i in idx]))
        for i, m in zip(idx, masks):
            out[i] = _geometry(regions[i], works[i], m, params)
    return out  # type: ignore[return-value]


def crop_square(image: torch.Tensor, g: CropGeometry, size: int) -> torch.Tensor:
    """The geometry's square of the film, filled outside the trimmed region, resized to size x size [0, 1]."""
    top, bottom, left, right = g.region
    canvas = torch.full((g.side, g.side), g.fill, dtype=torch.float32)
    y0, y1 = max(g.top, top), min(g.top + g.side, bottom)
    x0, x1 = max(g.left, left), min(g.left + g.side, right)
    if y1 > y0 and x1 > x0:
        canvas[y0 - g.top:y1 - g.top, x0 - g.left:x1 - g.left] = image[y0:y1, x0:x1]
    return _resize(canvas, size, size)


def view_geometry(g: CropGeometry, view: Sequence[float]) -> CropGeometry:
    """The hand's square moved by (dy, dx) and grown by ds, fractions of its side, about its centre (the
    engine's viewBox): side' = round(side (1 + ds)), corner + round(d side) - floor((side' - side) / 2)."""
    dy, dx, ds = (float(v) for v in view)
    side = max(1, _round(g.side * (1.0 + ds)))
    half = (side - g.side) // 2
    return CropGeometry(g.top + _round(dy * g.side) - half, g.left + _round(dx * g.side) - half, side, g.region,
                        g.hand_found, g.fill)


def jitter_views(step: float) -> List[List[float]]:
    """The hand's square, then moved up, down, left and right by step, then shrunk and grown by step."""
    s = float(step)
    return [[0.0, 0.0, 0.0], [-s, 0.0, 0.0], [s, 0.0, 0.0], [0.0, -s, 0.0], [0.0, s, 0.0], [0.0, 0.0, -s],
            [0.0, 0.0, s]]


def preprocess_with_geometry(image: torch.Tensor, spec: Dict) -> Tuple[torch.Tensor, Optional[CropGeometry]]:
    """image [H, W] in [0, 1] -> (float32 [V, C, H', W'] network input, one row per view (V = 1 but for
    hand_crop views), the crop geometry or None)."""
    if image.dim() != 2 or image.numel() == 0:
        raise ValueError("expected a non-empty 2-D grey image")
    x = image.to(torch.float32)
    height, width, channels = int(spec["height"]), int(spec["width"]), int(spec["channels"])
    geometry = None
    if spec.get("resize", RESIZE) == HAND_CROP:
        geometry = hand_crop_geometry(x, spec["hand_crop"])
        views = spec["hand_crop"].get("views", [[0.0, 0.0, 0.0]])
        x = torch.stack([standardise(crop_square(x, view_geometry(geometry, v), height)) for v in views])
    else:
        x = standardise(_resize(x, height, width))[None]
    n = x.shape[0]
    return x.reshape(n, 1, height, width).expand(n, channels, height, width).contiguous(), geometry


def preprocess(image: torch.Tensor, height: int, width: int, channels: int, spec: Optional[Dict] = None
               ) -> torch.Tensor:
    """image: float tensor [H, W] in [0, 1] -> float32 tensor [1, channels, height, width]. With a manifest
    ``input`` spec, its recipe; without, ``stretch``."""
    return preprocess_with_geometry(image, spec or input_spec(height, width, channels))[0]


def place_in_film(square_map: torch.Tensor, g: CropGeometry, width: int, height: int) -> torch.Tensor:
    """A map over the geometry's square [1, 1, h, w] -> a film-sized map [height, width]: resized to the
    square's side (bilinear, align_corners=False), the film's part kept, 0 elsewhere (engine placeInFilm)."""
    square = F.interpolate(square_map, size=(g.side, g.side), mode="bilinear", align_corners=False)[0, 0]
    out = torch.zeros(height, width, dtype=torch.float32)
    y0, y1 = max(g.top, 0), min(g.top + g.side, height)
    x0, x1 = max(g.left, 0), min(g.left + g.side, width)
    if y1 > y0 and x1 > x0:
        out[y0:y1, x0:x1] = square[y0 - g.top:y1 - g.top, x0 - g.left:x1 - g.left]
    return out
