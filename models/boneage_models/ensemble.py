"""An ensemble of bone-age networks as one TorchScript file per sex (rsna-compact 2.x).

``forward(image[N,C,H,W]) -> (months[N,1], feature_map[N, M*K, h, w])``: the months are the mean of the M
members' months; the feature map is the members' maps side by side. Grad-CAM of the mean through that map
is the members' Grad-CAM maps summed with their weights (each member's gradient is its head weight / M),
so the engine explains an ensemble exactly as it explains one network, with no change.
"""
from __future__ import annotations

from typing import Sequence

import torch
import torch.nn as nn

from .inception_resnet_v2 import InceptionResNetV2


class Ensemble(nn.Module):
    def __init__(self, members: Sequence[InceptionResNetV2]):
        super().__init__()
        if not members or any(m.sex_input for m in members):
            raise ValueError("an ensemble takes one or more image-only networks")
        self.members = nn.ModuleList(members)
        self.config = members[0].config
        self.feature_channels = sum(m.feature_channels for m in members)

    def forward(self, x: torch.Tensor):
        # The months are computed from the returned map itself (each member's head on its own channels), so
        # that the map is what the output depends on: the engine's Grad-CAM differentiates through it.
        fmap = torch.cat([m.features(x) for m in self.members], 1)
        months = []
        start = 0
        for m in self.members:
            months.append(m.head(fmap[:, start:start + m.feature_channels]))
            start += m.feature_channels
        return torch.stack(months, 0).mean(0), fmap
