"""Inception-ResNet-V2 (Szegedy et al. 2016) regression network for bone age, after Cheng et al. 2021.

Layout as in the paper and the widely used Cadene/timm implementation: stem with Mixed_5b, 10 x Block35
(scale 0.17), Mixed_6a, 20 x Block17 (scale 0.10), Mixed_7a, 9 x Block8 (scale 0.20) + one Block8 without
ReLU, conv2d_7b (1x1 -> 1536). The classifier is replaced by global average pooling -> Linear(1536, 1) -> ReLU,
predicting months.

``forward(x)`` returns ``(months[N, 1], feature_map[N, K, h, w])``; the feature map (output of conv2d_7b,
before pooling) is what Grad-CAM differentiates.

Presets:
  full     the paper's network, 54.3 M parameters with the regression head, 299 x 299 input.
  compact  the same design, narrower (width x 0.125) and shallower (2/4/2 repeats), one grey input channel,
           padded convolutions, maxpool_3a skipped and an internal bilinear upsampling of its 100 x 100 input
           to 128 x 128, so that the Grad-CAM map is 8 x 8; 0.34 M parameters.
Runs on torch 1.13 and 2.x; no timm.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclasses.dataclass(frozen=True)
class IRv2Config:
    width: float = 1.0                       # channel multiplier of every layer
    repeats: Tuple[int, int, int] = (10, 20, 9)  # Block35, Block17, Block8 (the last Block8 without ReLU is extra)
    padded: bool = False                     # 'same'-style padding on the stem/reduction convolutions
    internal_size: int = 0                   # > 0: bilinear upsampling of the input to this square size first
    stem_pool: bool = True                   # False: maxpool_3a is skipped (total stride 16 instead of 32)
    in_channels: int = 3
    sex_input: bool = False                  # True: forward(image, sex[N,1]) with sex fed to the head
    head_bias: float = 120.0                 # months; keeps the ReLU output live for random weights

    def to_dict(self) -> Dict:
        d = dataclasses.asdict(self)
        d["repeats"] = list(self.repeats)
        return d

    @staticmethod
    def from_dict(d: Dict) -> "IRv2Config":
        d = dict(d)
        d["repeats"] = tuple(d["repeats"])
        return IRv2Config(**d)


PRESETS: Dict[str, IRv2Config] = {
    "full": IRv2Config(),
    # Stride 16 (maxpool_3a skipped) on a 128 x 128 internal upsampling of the 100 x 100 input: 8 x 8 Grad-CAM map.
    "compact": IRv2Config(width=0.125, repeats=(2, 4, 2), padded=True, internal_size=128, stem_pool=False,
                          in_channels=1),
}


class BasicConv2d(nn.Module):
    def __init__(self, cin: int, cout: int, kernel_size, stride=1, padding=0):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size, stride=stride, padding=padding, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=0.001, momentum=0.1)
        self.relu = nn.ReLU(inplace=False)

    def forward(self, x):
        return self.relu(self.bn(self.conv(x)))


class _Width:
    """Scales channel counts; the full preset (width 1) reproduces the paper's numbers exactly."""

    def __init__(self, width: float):
        self.width = width

    def __call__(self, c: int) -> int:
        if self.width == 1.0:
            return c
        return max(8, int(round(c * self.width / 8.0)) * 8)


class Mixed5b(nn.Module):
    def __init__(self, cin: int, w: _Width):
        super().__init__()
        self.branch0 = BasicConv2d(cin, w(96), 1)
        self.branch1 = nn.Sequential(BasicConv2d(cin, w(48), 1), BasicConv2d(w(48), w(64), 5, padding=2))
        self.branch2 = nn.Sequential(BasicConv2d(cin, w(64), 1), BasicConv2d(w(64), w(96), 3, padding=1),
                                     BasicConv2d(w(96), w(96), 3, padding=1))
        self.branch3 = nn.Sequential(nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
                                     BasicConv2d(cin, w(64), 1))
        self.out_channels = w(96) + w(64) + w(96) + w(64)

    def forward(self, x):
        return torch.cat((self.branch0(x), self.branch1(x), self.branch2(x), self.branch3(x)), 1)


class Block35(nn.Module):
    def __init__(self, c: int, w: _Width, scale: float = 0.17):
        super().__init__()
        self.scale = scale
        self.branch0 = BasicConv2d(c, w(32), 1)
        self.branch1 = nn.Sequential(BasicConv2d(c, w(32), 1), BasicConv2d(w(32), w(32), 3, padding=1))
        self.branch2 = nn.Sequential(BasicConv2d(c, w(32), 1), BasicConv2d(w(32), w(48), 3, padding=1),
                                     BasicConv2d(w(48), w(64), 3, padding=1))
        self.conv2d = nn.Conv2d(w(32) + w(32) + w(64), c, 1)
        self.relu = nn.ReLU(inplace=False)

    def forward(self, x):
        out = torch.cat((self.branch0(x), self.branch1(x), self.branch2(x)), 1)
        return self.relu(self.conv2d(out) * self.scale + x)


class Mixed6a(nn.Module):
    def __init__(self, cin: int, w: _Width, pad: int):
        super().__init__()
        self.branch0 = BasicConv2d(cin, w(384), 3, stride=2, padding=pad)
        self.branch1 = nn.Sequential(BasicConv2d(cin, w(256), 1), BasicConv2d(w(256), w(256), 3, padding=1),
                                     BasicConv2d(w(256), w(384), 3, stride=2, padding=pad))
        self.branch2 = nn.MaxPool2d(3, stride=2, padding=pad)
        self.out_channels = w(384) + w(384) + cin

    def forward(self, x):
        return torch.cat((self.branch0(x), self.branch1(x), self.branch2(x)), 1)


class Block17(nn.Module):
    def __init__(self, c: int, w: _Width, scale: float = 0.10):
        super().__init__()
        self.scale = scale
        self.branch0 = BasicConv2d(c, w(192), 1)
        self.branch1 = nn.Sequential(BasicConv2d(c, w(128), 1),
                                     BasicConv2d(w(128), w(160), (1, 7), padding=(0, 3)),
                                     BasicConv2d(w(160), w(192), (7, 1), padding=(3, 0)))
        self.conv2d = nn.Conv2d(w(192) + w(192), c, 1)
        self.relu = nn.ReLU(inplace=False)

    def forward(self, x):
        out = torch.cat((self.branch0(x), self.branch1(x)), 1)
        return self.relu(self.conv2d(out) * self.scale + x)


class Mixed7a(nn.Module):
    def __init__(self, cin: int, w: _Width, pad: int):
        super().__init__()
        self.branch0 = nn.Sequential(BasicConv2d(cin, w(256), 1), BasicConv2d(w(256), w(384), 3, stride=2, padding=pad))
        self.branch1 = nn.Sequential(BasicConv2d(cin, w(256), 1), BasicConv2d(w(256), w(288), 3, stride=2, padding=pad))
        self.branch2 = nn.Sequential(BasicConv2d(cin, w(256), 1), BasicConv2d(w(256), w(288), 3, padding=1),
                                     BasicConv2d(w(288), w(320), 3, stride=2, padding=pad))
        self.branch3 = nn.MaxPool2d(3, stride=2, padding=pad)
        self.out_channels = w(384) + w(288) + w(320) + cin

    def forward(self, x):
        return torch.cat((self.branch0(x), self.branch1(x), self.branch2(x), self.branch3(x)), 1)


class Block8(nn.Module):
    def __init__(self, c: int, w: _Width, scale: float = 0.20, no_relu: bool = False):
        super().__init__()
        self.scale = scale
        self.branch0 = BasicConv2d(c, w(192), 1)
        self.branch1 = nn.Sequential(BasicConv2d(c, w(192), 1),
                                     BasicConv2d(w(192), w(224), (1, 3), padding=(0, 1)),
                                     BasicConv2d(w(224), w(256), (3, 1), padding=(1, 0)))
        self.conv2d = nn.Conv2d(w(192) + w(256), c, 1)
        self.relu = None if no_relu else nn.ReLU(inplace=False)

    def forward(self, x):
        out = torch.cat((self.branch0(x), self.branch1(x)), 1)
        out = self.conv2d(out) * self.scale + x
        if self.relu is not None:
            out = self.relu(out)
        return out


class InceptionResNetV2(nn.Module):
    """Bone-age regressor: ``forward(image[N,C,H,W] [, sex[N,1]]) -> (months[N,1], feature_map[N,K,h,w])``."""

    def __init__(self, config: IRv2Config = IRv2Config()):
        super().__init__()
        self.config = config
        w = _Width(config.width)
        p = 1 if config.padded else 0  # padding of the 3x3 'valid' convolutions and poolings
        self.internal_size = int(config.internal_size)
        self.sex_input = bool(config.sex_input)
        # Stem
        self.conv2d_1a = BasicConv2d(config.in_channels, w(32), 3, stride=2, padding=p)
        self.conv2d_2a = BasicConv2d(w(32), w(32), 3, padding=p)
        self.conv2d_2b = BasicConv2d(w(32), w(64), 3, padding=1)
        self.maxpool_3a = nn.MaxPool2d(3, stride=2, padding=p) if config.stem_pool else nn.Identity()
        self.conv2d_3b = BasicConv2d(w(64), w(80), 1)
        self.conv2d_4a = BasicConv2d(w(80), w(192), 3, padding=p)
        self.maxpool_5a = nn.MaxPool2d(3, stride=2, padding=p)
        self.mixed_5b = Mixed5b(w(192), w)
        c = self.mixed_5b.out_channels
        self.repeat = nn.Sequential(*[Block35(c, w, 0.17) for _ in range(config.repeats[0])])
        self.mixed_6a = Mixed6a(c, w, p)
        c = self.mixed_6a.out_channels
        self.repeat_1 = nn.Sequential(*[Block17(c, w, 0.10) for _ in range(config.repeats[1])])
        self.mixed_7a = Mixed7a(c, w, p)
        c = self.mixed_7a.out_channels
        self.repeat_2 = nn.Sequential(*[Block8(c, w, 0.20) for _ in range(config.repeats[2])])
        self.block8 = Block8(c, w, 1.0, no_relu=True)
        self.feature_channels = w(1536)
        self.conv2d_7b = BasicConv2d(c, self.feature_channels, 1)
        self.fc = nn.Linear(self.feature_channels + (1 if self.sex_input else 0), 1)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """He-normal convolutions (keeps activations O(1) through the depth), a head near 120 months."""
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.normal_(self.fc.weight, std=5.0 / self.feature_channels ** 0.5)
        nn.init.constant_(self.fc.bias, float(self.config.head_bias))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        if self.internal_size > 0:
            x = F.interpolate(x, size=(self.internal_size, self.internal_size), mode="bilinear",
                              align_corners=False)
        x = self.conv2d_1a(x)
        x = self.conv2d_2a(x)
        x = self.conv2d_2b(x)
        x = self.maxpool_3a(x)
        x = self.conv2d_3b(x)
        x = self.conv2d_4a(x)
        x = self.maxpool_5a(x)
        x = self.mixed_5b(x)
        x = self.repeat(x)
        x = self.mixed_6a(x)
        x = self.repeat_1(x)
        x = self.mixed_7a(x)
        x = self.repeat_2(x)
        x = self.block8(x)
        return self.conv2d_7b(x)

    def head(self, fmap: torch.Tensor, sex: torch.Tensor = None) -> torch.Tensor:
        pooled = torch.flatten(F.adaptive_avg_pool2d(fmap, 1), 1)
        if self.sex_input:
            pooled = torch.cat((pooled, sex.to(pooled.dtype)), 1)
        return F.relu(self.fc(pooled))

    def forward(self, x: torch.Tensor, sex: torch.Tensor = None):
        fmap = self.features(x)
        return self.head(fmap, sex), fmap


def build(preset: str = "full", **overrides) -> InceptionResNetV2:
    config = dataclasses.replace(PRESETS[preset], **overrides)
    return InceptionResNetV2(config)


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


if __name__ == "__main__":
    for name in PRESETS:
        m = build(name)
        print(f"{name}: {parameter_count(m):,} parameters ({parameter_count(m) / 1e6:.2f} M)")
