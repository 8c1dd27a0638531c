"""Reference preprocessing, identical to the C++ engine (core/engine/Preprocessor.cpp).

Recipe (written into every manifest as ``input``):
  1. the film: grey float32 H x W, values in [0, 1], row-major;
  2. resize: "stretch" to the manifest's height x width, ignoring the aspect ratio, with
     ``F.interpolate(mode="bilinear", align_corners=False, antialias=True)`` in both directions
     (interpolation "bilinear_antialias"; the antialiased kernel is plain bilinear when enlarging);
  3. normalisation "per_image_standardise": (x - mean) / max(std, 1e-6) with the population std
     sqrt(mean((x - mean)^2)), all in float32; invariant to exposure scaling;
  4. replicate to the manifest's channel count: tensor [1, C, height, width].
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

RESIZE = "stretch"
INTERPOLATION = "bilinear_antialias"
NORMALISATION = "per_image_standardise"
STD_EPSILON = 1e-6


def input_spec(height: int, width: int, channels: int) -> dict:
    return {"height": int(height), "width": int(width), "channels": int(channels), "resize": RESIZE,
            "interpolation": INTERPOLATION, "normalisation": NORMALISATION}


def preprocess(image: torch.Tensor, height: int, width: int, channels: int) -> torch.Tensor:
    """image: float tensor [H, W] in [0, 1] -> float32 tensor [1, channels, height, width]."""
    if image.dim() != 2 or image.numel() == 0:
        raise ValueError("expected a non-empty 2-D grey image")
    x = image.to(torch.float32).reshape(1, 1, image.shape[0], image.shape[1])
    if (x.shape[2], x.shape[3]) != (height, width):
        x = F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False, antialias=True)
    mean = x.mean()
    centred = x - mean
    std = centred.pow(2).mean().sqrt()
    x = centred / torch.clamp(std, min=STD_EPSILON)
    return x.expand(1, channels, height, width).contiguous()
