"""The input check of rsna-compact 2.x: is the film a hand radiograph, and which way does the hand lie?

The twin of core/engine/InputCheck.cpp. A small classifier reads the bone-age network's own input (the
standardised hand_crop square), resized to ``size`` x ``size`` (bilinear_antialias), into nine classes:
a left hand as it lies on the film -- as is ("left"), or turned anticlockwise by 90 degrees ("left_ccw90"),
180 ("left_180") or clockwise by 90 ("left_cw90") -- the same four for a right hand (a left hand mirrored left
to right, then turned), and "not_hand". The film's hand probability is 1 - p(not_hand); below
``reject_below`` the film is not read. Otherwise the most likely hand class says how to turn (and mirror)
the input so that the bone-age network sees a left hand, fingers up: ``to_upright``, but only when that class
holds at least ``turn_above`` of the hand probability; a less certain check leaves the film as it lies
(absent: 0, always turn). Most films are upright left hands, and a wrongly turned one reads badly: the gamma
and lead-marker copies of two test films were mirrored by 0.48-0.56 calls, real right hands score 0.80-0.97.

Manifest (format 2)::

    "input_check": {"file": "input_check.pt", "size": 64, "reject_below": 0.5, "turn_above": 0.7,
                    "classes": ["left", "left_ccw90", "left_180", "left_cw90",
                                "right", "right_ccw90", "right_180", "right_cw90", "not_hand"]}
"""
from __future__ import annotations

from typing import Dict, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = ["left", "left_ccw90", "left_180", "left_cw90", "right", "right_ccw90", "right_180", "right_cw90",
           "not_hand"]
NOT_HAND = CLASSES.index("not_hand")
SIZE = 64
REJECT_BELOW = 0.5
TURN_ABOVE = 0.7


def orientation(name: str) -> Tuple[bool, int]:
    """Class name -> (mirrored, anticlockwise quarter turns); the film shows rot90(mirror?(upright), q)."""
    if name == "not_hand":
        raise ValueError("not_hand has no orientation")
    mirrored = name.startswith("right")
    q = {"": 0, "_ccw90": 1, "_180": 2, "_cw90": 3}[name[5 if mirrored else 4:]]
    return mirrored, q


def from_upright(x: torch.Tensor, mirrored: bool, q: int) -> torch.Tensor:
    """An upright left hand (last two dims) -> as the class shows it: mirrored (left-right), then turned."""
    y = x.flip(-1) if mirrored else x
    return torch.rot90(y, q, dims=(-2, -1)) if q else y


def to_upright(x: torch.Tensor, mirrored: bool, q: int) -> torch.Tensor:
    y = torch.rot90(x, -q, dims=(-2, -1)) if q else x
    return y.flip(-1) if mirrored else y


def spec(file: str = "input_check.pt", size: int = SIZE, reject_below: float = REJECT_BELOW,
         turn_above: float = TURN_ABOVE) -> Dict:
    return {"file": file, "size": int(size), "reject_below": float(reject_below), "turn_above": float(turn_above),
            "classes": list(CLASSES)}


def keeps_as_it_lies(best, hand_probability, turn_above: float):
    """Whether a check whose likeliest hand class has probability ``best`` leaves the film as it lies: floats
    (check_input) or tensors, element by element (train_input_check.decide)."""
    return (hand_probability <= 0.0) | (best < turn_above * hand_probability)


def check_input(module, x: torch.Tensor, check_spec: Dict) -> Dict:
    """x: the bone-age network's input [1, C, S, S] -> {"hand", "mirrored", "quarter_turns",
    "hand_probability", "probabilities"} as the engine decides (runInputCheck)."""
    size = int(check_spec["size"])
    y = x[:, :1]
    if tuple(y.shape[-2:]) != (size, size):
        y = F.interpolate(y, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    with torch.no_grad():
        p = torch.softmax(module(y.contiguous()).to(torch.float64), 1)[0]
    names = check_spec["classes"]
    not_hand = sum(float(p[k]) for k, n in enumerate(names) if n == "not_hand")
    best, mirrored, q = -1.0, False, 0
    for k, n in enumerate(names):
        if n != "not_hand" and float(p[k]) > best:
            best = float(p[k])
            mirrored, q = orientation(n)
    hand_p = 1.0 - not_hand
    if keeps_as_it_lies(best, hand_p, float(check_spec.get("turn_above", 0.0))):
        mirrored, q = False, 0
    return {"hand": hand_p >= float(check_spec["reject_below"]), "mirrored": mirrored, "quarter_turns": q,
            "hand_probability": hand_p, "probabilities": p}


def _block(cin: int, cout: int, stride: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=False))


class InputCheckNet(nn.Module):
    """64 x 64 x 1 -> 9 logits: eight 3x3 convolutions (four of them stride 2) with BN + ReLU, GAP, Linear."""

    def __init__(self, width: int = 16, classes: int = len(CLASSES)):
        super().__init__()
        w = width
        self.features = nn.Sequential(_block(1, w, 2), _block(w, w, 1), _block(w, 2 * w, 2),
                                      _block(2 * w, 2 * w, 1), _block(2 * w, 4 * w, 2), _block(4 * w, 4 * w, 1),
                                      _block(4 * w, 8 * w, 2), _block(8 * w, 8 * w, 1))
        self.fc = nn.Linear(8 * w, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))
