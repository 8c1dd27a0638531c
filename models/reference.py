#!/usr/bin/env python3
"""PyTorch reference outputs for the C++ engine's parity tests.

  /usr/bin/python3 models/reference.py --package DIR --sex M|F (--image BASE | --seed S --size W H)
        --out BASE [--source eager|torchscript] [--threads N]

Images are raw little-endian float32, row-major, values in [0, 1] (BASE.f32) with a sidecar BASE.json
{"width": W, "height": H}. --seed writes the generated film to BASE.film.f32/.json as well.
Writes BASE.json {"months", "input_shape", "gradcam_width", "gradcam_height", "source", ...},
BASE.input.f32 (the preprocessed tensor [1,C,H,W]) and BASE.gradcam.f32 (Grad-CAM, film size, in [0,1]).

By default the reference is the eager nn.Module rebuilt from the manifest's architecture_config with the
TorchScript file's weights, so parity with the C++ engine also proves the TorchScript export.
Grad-CAM: g = d months / d feature_map; alpha_k = spatial mean of g; cam = relu(sum_k alpha_k F_k);
cam /= max(cam) + 1e-7; bilinear resize (align_corners=False) to the film size.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from boneage_models import input_check, package  # noqa: E402
from boneage_models.preprocess import place_in_film, preprocess_with_geometry  # noqa: E402

GRADCAM_EPSILON = 1e-7


def make_film(seed: int, width: int, height: int) -> torch.Tensor:
    """A deterministic smooth grey 'film' [height, width] in [0, 1] (blobs + gradient + a little noise)."""
    g = torch.Generator().manual_seed(seed)
    coarse = torch.rand(1, 1, 9, 7, generator=g)
    smooth = F.interpolate(coarse, size=(height, width), mode="bicubic", align_corners=False)[0, 0]
    ys = torch.linspace(0, 1, height).unsqueeze(1)
    xs = torch.linspace(0, 1, width).unsqueeze(0)
    noise = torch.rand(height, width, generator=g)
    img = 0.55 * smooth + 0.25 * ys * (1 - xs) + 0.2 * noise
    return img.clamp(0, 1).to(torch.float32).contiguous()


def save_image(base: str, image: torch.Tensor) -> None:
    image.numpy().astype("<f4").tofile(base + ".f32")
    with open(base + ".json", "w") as f:
        json.dump({"width": int(image.shape[1]), "height": int(image.shape[0])}, f)


def load_image(base: str) -> torch.Tensor:
    with open(base + ".json") as f:
        meta = json.load(f)
    data = np.fromfile(base + ".f32", dtype="<f4")
    return torch.from_numpy(data.reshape(meta["height"], meta["width"]).copy())


def role_for(manifest: dict, sex: str) -> str:
    if manifest["sex_handling"] == "input":
        return "model"
    return "male" if sex == "M" else "female"


def compute(package_dir: str, sex: str, image: torch.Tensor, source: str = "eager") -> dict:
    """The engine's whole reading of a film in PyTorch: preprocessing (stretch or hand_crop), the input
    check and the turn to upright (format 2), the months and Grad-CAM at the film's size."""
    manifest = package.read_manifest(package_dir)
    spec = manifest["input"]
    role = role_for(manifest, sex)
    if source == "eager":
        model = package.load_eager(package_dir, role)
    else:
        model = torch.jit.load(os.path.join(package_dir, manifest["files"][role]), map_location="cpu").eval()
    x, geometry = preprocess_with_geometry(image, spec)
    check = None
    if "input_check" in manifest:
        cs = manifest["input_check"]
        checker = torch.jit.load(os.path.join(package_dir, cs["file"]), map_location="cpu").eval()
        check = input_check.check_input(checker, x[:1], cs)  # the first view, the hand's own square
        if check["hand"]:
            x = input_check.to_upright(x, check["mirrored"], check["quarter_turns"]).contiguous()
    args = (x,)
    if manifest["sex_handling"] == "input":
        args = (x, torch.full((x.shape[0], 1), 1.0 if sex == "M" else 0.0))
    with torch.enable_grad():
        months, fmap = model(*args)  # one row per view: the reading is their mean, Grad-CAM the first's
        grad, = torch.autograd.grad(months[0, 0], fmap)
    with torch.no_grad():
        weights = grad[:1].mean(dim=(2, 3), keepdim=True)
        cam = F.relu((weights * fmap[:1]).sum(dim=1, keepdim=True))
        cam = cam / (cam.max() + GRADCAM_EPSILON)
        if geometry is not None:
            if check is not None and check["hand"]:
                cam = input_check.from_upright(cam, check["mirrored"], check["quarter_turns"])
            cam = place_in_film(cam, geometry, image.shape[1], image.shape[0])[None, None]
        else:
            cam = F.interpolate(cam, size=(image.shape[0], image.shape[1]), mode="bilinear", align_corners=False)
    out = {"input": x.detach(), "months": float(months[:, 0].double().mean()), "gradcam": cam[0, 0].detach(),
           "feature_map_shape": list(fmap.shape)}
    if check is not None:
        out["check"] = {k: v for k, v in check.items() if k != "probabilities"}
    if geometry is not None:
        out["crop"] = {"top": geometry.top, "left": geometry.left, "side": geometry.side,
                       "hand_found": geometry.hand_found}
    if "interval" in manifest and (check is None or check["hand"]):
        half = interval_half_width(manifest["interval"], out["months"])
        out["interval"] = [max(0.0, out["months"] - half), out["months"] + half]
    return out


def interval_half_width(interval: dict, months: float) -> float:
    """The manifest interval's half width at a predicted bone age (the engine's halfWidthAt)."""
    knots, half = interval["knots_months"], interval["half_width_months"]
    if months <= knots[0]:
        return half[0]
    for i in range(1, len(knots)):
        if months <= knots[i]:
            t = (months - knots[i - 1]) / (knots[i] - knots[i - 1])
            return half[i - 1] + t * (half[i] - half[i - 1])
    return half[-1]


def write(base: str, result: dict, meta: dict) -> None:
    result["input"].numpy().astype("<f4").tofile(base + ".input.f32")
    result["gradcam"].numpy().astype("<f4").tofile(base + ".gradcam.f32")
    out = dict(meta)
    out.update({
        "months": result["months"],
        "input_shape": list(result["input"].shape),
        "input_file": os.path.basename(base) + ".input.f32",
        "gradcam_width": int(result["gradcam"].shape[1]),
        "gradcam_height": int(result["gradcam"].shape[0]),
        "gradcam_file": os.path.basename(base) + ".gradcam.f32",
        "gradcam_max": float(result["gradcam"].max()),
        "feature_map_shape": result["feature_map_shape"],
    })
    for key in ("check", "crop", "interval"):
        if key in result:
            out[key] = result[key]
    with open(base + ".json", "w") as f:
        json.dump(out, f, indent=2)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--package", required=True)
    p.add_argument("--sex", choices=["M", "F"], required=True)
    p.add_argument("--image", help="BASE of BASE.f32 + BASE.json")
    p.add_argument("--seed", type=int)
    p.add_argument("--size", type=int, nargs=2, metavar=("W", "H"), default=(437, 512))
    p.add_argument("--out", required=True)
    p.add_argument("--source", choices=["eager", "torchscript"], default="eager")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.image:
        image, image_name = load_image(args.image), os.path.basename(args.image)
    elif args.seed is not None:
        image = make_film(args.seed, args.size[0], args.size[1])
        save_image(args.out + ".film", image)
        image_name = os.path.basename(args.out) + ".film"
    else:
        p.error("give --image or --seed")
    result = compute(args.package, args.sex, image, args.source)
    write(args.out, result, {"package": os.path.abspath(args.package), "sex": args.sex, "image": image_name,
                             "source": args.source})
    print(f"{args.out}: months {result['months']:.6f}, feature map {result['feature_map_shape']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
