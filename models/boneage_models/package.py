"""Model packages: a folder with ``manifest.json`` and TorchScript files (DESIGN.md, "Model package").

Manifest (format 1)::

    {
      "format": 1,
      "name": "...", "version": "...",
      "architecture": "inception_resnet_v2",
      "architecture_config": {...IRv2Config...},      # lets Python rebuild the eager module
      "parameter_count": 54308001,                    # of one model file
      "input": {"height": 299, "width": 299, "channels": 3, "resize": "stretch",
                "interpolation": "bilinear_antialias", "normalisation": "per_image_standardise"},
      "sex_handling": "separate",                     # files {"male", "female"}
                    | "input",                        # files {"model"}: forward(image, sex[N,1] float, 1 = male)
      "files": {"male": "male.pt", "female": "female.pt"},
      "output_units": "months",
      "feature_map": {"channels": 1536, "height": 8, "width": 8},
      "training_data": "...", "intended_use": "...", "research_only": true,
      "sha256": {"male.pt": "<hex>", "female.pt": "<hex>"}
    }

TorchScript files are ``torch.jit.trace`` of the module in eval mode (not frozen, so Grad-CAM can
differentiate through them); ``forward`` returns ``(months[N,1], feature_map[N,K,h,w])``.
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import Dict, Optional, Tuple

import torch

from . import preprocess
from .inception_resnet_v2 import PRESETS, IRv2Config, InceptionResNetV2, build, parameter_count

FORMAT = 1          # stretch input: what every engine since 1.0 reads
FORMAT_HAND_CROP = 2  # hand_crop input, input check, interval (rsna-compact 2.x): engines from 2.0 on
MANIFEST = "manifest.json"


def format_for(spec: Dict) -> int:
    return FORMAT_HAND_CROP if spec.get("resize") == preprocess.HAND_CROP else FORMAT


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load_checkpoint(model: InceptionResNetV2, path: str) -> None:
    state = torch.load(path, map_location="cpu")
    if isinstance(state, dict):
        for key in ("model", "state_dict", "model_state_dict"):
            if key in state and isinstance(state[key], dict):
                state = state[key]
                break
    model.load_state_dict(state)


def _randomise_batch_norm(model: torch.nn.Module, generator: torch.Generator) -> None:
    """Non-trivial BN statistics, so that a random package exercises the eval-mode BN path like a trained one."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            with torch.no_grad():
                m.weight.copy_(torch.rand(n, generator=generator) * 0.5 + 0.75)
                m.bias.copy_(torch.randn(n, generator=generator) * 0.1)
                m.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(n, generator=generator) * 0.5 + 0.75)


def make_model(config: IRv2Config, seed: int, checkpoint: Optional[str] = None) -> InceptionResNetV2:
    torch.manual_seed(seed)
    model = InceptionResNetV2(config)
    if checkpoint:
        _load_checkpoint(model, checkpoint)
    else:
        g = torch.Generator().manual_seed(seed + 7919)
        _randomise_batch_norm(model, g)
    return model.eval()


def example_inputs(config: IRv2Config, height: int, width: int, batch: int = 1, seed: int = 0) -> Tuple:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, config.in_channels, height, width, generator=g)
    if config.sex_input:
        return x, torch.ones(batch, 1)
    return (x,)


def trace(model: InceptionResNetV2, height: int, width: int,
          check: bool = True) -> Tuple[torch.jit.ScriptModule, Tuple[int, int, int]]:
    """Traces in eval mode; check=True compares the trace with the eager module at batch 2."""
    model.eval()
    with torch.no_grad():
        inputs = example_inputs(model.config, height, width)
        traced = torch.jit.trace(model, inputs, check_trace=False)
        if not check:
            months, fmap = traced(*inputs)
            return traced, (int(fmap.shape[1]), int(fmap.shape[2]), int(fmap.shape[3]))
        inputs2 = example_inputs(model.config, height, width, batch=2, seed=1)
        eager_months, eager_fmap = model(*inputs2)
        months, fmap = traced(*inputs2)
    if tuple(months.shape) != (2, 1) or fmap.dim() != 4:
        raise RuntimeError(f"unexpected output shapes {tuple(months.shape)}, {tuple(fmap.shape)}")
    if not torch.allclose(months, eager_months, rtol=1e-5, atol=1e-4):
        raise RuntimeError("traced module disagrees with the eager module")
    return traced, (int(fmap.shape[1]), int(fmap.shape[2]), int(fmap.shape[3]))


def export_package(out_dir: str, preset: str = "full", seed: int = 0, checkpoints: Optional[Dict[str, str]] = None,
                   input_size: Optional[Tuple[int, int]] = None, name: Optional[str] = None,
                   version: Optional[str] = None, sex_handling: str = "separate",
                   training_data: Optional[str] = None, intended_use: Optional[str] = None,
                   research_only: bool = True, config_overrides: Optional[Dict] = None,
                   input: Optional[Dict] = None) -> Dict:
    """Writes a package folder; returns the manifest. ``input``: the manifest's input spec
    (boneage_models.preprocess.input_spec; default: stretch at input_size). A hand_crop input makes it a
    format 2 package."""
    checkpoints = checkpoints or {}
    overrides = dict(config_overrides or {})
    if sex_handling == "input":
        overrides["sex_input"] = True
    elif sex_handling != "separate":
        raise ValueError(f"unknown sex handling {sex_handling!r}")
    config = _config(preset, overrides)
    height, width = input_size or ((299, 299) if preset == "full" else (100, 100))
    spec = input or preprocess.input_spec(height, width, config.in_channels)
    height, width = spec["height"], spec["width"]
    os.makedirs(out_dir, exist_ok=True)

    roles = ["male", "female"] if sex_handling == "separate" else ["model"]
    files: Dict[str, str] = {}
    hashes: Dict[str, str] = {}
    fmap_shape = None
    count = 0
    for i, role in enumerate(roles):
        model = make_model(config, seed + i, checkpoints.get(role))
        count = parameter_count(model)
        # The trace of every file is the same graph: checking the first against eager is enough.
        traced, fmap_shape = trace(model, height, width, check=(i == 0))
        filename = f"{role}.pt"
        path = os.path.join(out_dir, filename)
        traced.save(path)
        files[role] = filename
        hashes[filename] = sha256_file(path)

    trained = bool(checkpoints)
    manifest = {
        "format": format_for(spec),
        "name": name or f"boneage-irv2-{preset}{'' if trained else '-random'}",
        "version": version or ("0.0.0" if trained else f"0.0.0+random.seed{seed}"),
        "architecture": "inception_resnet_v2",
        "architecture_config": config.to_dict(),
        "parameter_count": count,
        "input": spec,
        "sex_handling": sex_handling,
        "files": files,
        "output_units": "months",
        "feature_map": {"channels": fmap_shape[0], "height": fmap_shape[1], "width": fmap_shape[2]},
        "training_data": training_data or ("unspecified" if trained else f"none: random weights (seed {seed})"),
        "intended_use": intended_use or ("Research and software testing only; not for clinical use."
                                         if research_only else "Bone-age assessment support for radiologists."),
        "research_only": bool(research_only),
        "sha256": hashes,
    }
    write_manifest(out_dir, manifest)
    return manifest


def _config(preset: str, overrides: Dict) -> IRv2Config:
    import dataclasses
    return dataclasses.replace(PRESETS[preset], **overrides)


def read_manifest(package_dir: str) -> Dict:
    with open(os.path.join(package_dir, MANIFEST)) as f:
        return json.load(f)


def write_manifest(package_dir: str, manifest: Dict) -> None:
    """manifest.json as every writer of packages writes it: indented by 2, keys in the dict's order."""
    with open(os.path.join(package_dir, MANIFEST), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def load_eager(package_dir: str, role: str) -> InceptionResNetV2:
    """Rebuilds the eager module of one package file with the TorchScript file's weights (an ensemble
    package's file as a boneage_models.ensemble.Ensemble)."""
    manifest = read_manifest(package_dir)
    config = IRv2Config.from_dict(manifest["architecture_config"])
    if "ensemble" in manifest:
        from .ensemble import Ensemble
        model = Ensemble([InceptionResNetV2(config) for _ in range(int(manifest["ensemble"]["members"]))])
    else:
        model = InceptionResNetV2(config)
    scripted = torch.jit.load(os.path.join(package_dir, manifest["files"][role]), map_location="cpu")
    model.load_state_dict(scripted.state_dict())
    return model.eval()


def export_ensemble_package(out_dir: str, members: Dict[str, list], input: Dict, name: str, version: str,
                            training_data: str, intended_use: str, input_check=None,
                            interval: Optional[Dict] = None, research_only: bool = True,
                            extra: Optional[Dict] = None) -> Dict:
    """A format 2 package: members {"male": [nets], "female": [nets]} (image-only InceptionResNetV2, months
    heads) traced as one ensemble file per sex (boneage_models.ensemble), an optional input check network
    (boneage_models.input_check.InputCheckNet, traced as input_check.pt) and an optional interval
    {coverage, knots_months, half_width_months}. Returns the manifest."""
    from .ensemble import Ensemble
    from . import input_check as ic
    os.makedirs(out_dir, exist_ok=True)
    h, w, c = input["height"], input["width"], input["channels"]
    files, hashes = {}, {}
    fmap_shape = None
    count = 0
    counts = set()
    for role in ("male", "female"):
        nets = [m.eval() for m in members[role]]
        ens = Ensemble(nets).eval()
        counts.add(len(nets))
        count = parameter_count(ens)
        g = torch.Generator().manual_seed(5)
        x = torch.randn(2, c, h, w, generator=g)
        with torch.no_grad():
            traced = torch.jit.trace(ens, (x[:1],), check_trace=False)
            em, ef = ens(x)
            tm, tf = traced(x)
        if not torch.allclose(em, tm, rtol=1e-5, atol=1e-4):
            raise RuntimeError("traced ensemble disagrees with the eager one")
        fmap_shape = (int(tf.shape[1]), int(tf.shape[2]), int(tf.shape[3]))
        path = os.path.join(out_dir, f"{role}.pt")
        traced.save(path)
        files[role] = f"{role}.pt"
        hashes[f"{role}.pt"] = sha256_file(path)
    if len(counts) != 1:
        raise ValueError("both sexes need the same number of members")
    manifest = {
        "format": FORMAT_HAND_CROP,
        "name": name,
        "version": version,
        "architecture": "inception_resnet_v2",
        "architecture_config": members["male"][0].config.to_dict(),
        "ensemble": {"members": counts.pop(), "combine": "mean"},
        "parameter_count": count,
        "input": input,
        "sex_handling": "separate",
        "files": files,
        "output_units": "months",
        "feature_map": {"channels": fmap_shape[0], "height": fmap_shape[1], "width": fmap_shape[2]},
        "training_data": training_data,
        "intended_use": intended_use,
        "research_only": bool(research_only),
    }
    if input_check is not None:
        spec = ic.spec()
        net = input_check.eval()
        with torch.no_grad():
            traced = torch.jit.trace(net, (torch.zeros(1, 1, spec["size"], spec["size"]),), check_trace=False)
        path = os.path.join(out_dir, spec["file"])
        traced.save(path)
        hashes[spec["file"]] = sha256_file(path)
        manifest["input_check"] = spec
    if interval is not None:
        manifest["interval"] = interval
    manifest.update(extra or {})
    manifest["sha256"] = hashes
    write_manifest(out_dir, manifest)
    return manifest
