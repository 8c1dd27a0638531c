#!/usr/bin/env python3
"""PyTorch eager p50/p90 of a package's network, to compare with `boneage bench` (same stages, film and thread
count; tools/bench_compare.py runs both in turn).

  /usr/bin/python3 models/bench_eager.py --model DIR [--threads N] [--size W H | --film PNG] [--iterations N]
        [--warmup N] [--load-iterations N] [--sex M|F] [--device cpu|cuda] [--torchscript] [--json]

Stages: load (every file of the package made into an eager module, as a Python service would before its first
film), preprocess (film -> input tensor), inference (forward under inference_mode), gradcam (backward of a
grad-enabled forward + the map at the film's size, like the engine's predict(gradcam=true) minus its forward).
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import reference  # noqa: E402
from boneage_models import package  # noqa: E402
from boneage_models.preprocess import preprocess  # noqa: E402


def percentile(samples, q):
    s = sorted(samples)
    rank = max(1, int(-(-q * len(s) // 1)))
    return s[min(len(s), rank) - 1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--size", type=int, nargs=2, default=(2000, 2500), metavar=("W", "H"))
    p.add_argument("--film", help="an 8-bit PNG film (values / 255) instead of the synthetic one")
    p.add_argument("--load-iterations", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.add_argument("--iterations", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--sex", choices=["M", "F"], default="M")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--torchscript", action="store_true", help="time the TorchScript file instead of eager")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)

    manifest = package.read_manifest(args.model)
    spec = manifest["input"]
    role = reference.role_for(manifest, args.sex)

    def load(r):
        if args.torchscript:
            return torch.jit.load(os.path.join(args.model, manifest["files"][r]), map_location=device).eval()
        return package.load_eager(args.model, r).to(device)

    loads = []
    for _ in range(max(1, args.load_iterations)):
        t = time.perf_counter()
        models = {r: load(r) for r in manifest["files"]}
        loads.append((time.perf_counter() - t) * 1000)
    model = models[role]
    if args.film:
        from PIL import Image
        import numpy as np
        pixels = np.asarray(Image.open(args.film).convert("L"), dtype=np.float32) / 255.0
        film = torch.from_numpy(pixels.copy())
    else:
        film = reference.make_film(1, args.size[0], args.size[1])
    extra = (torch.full((1, 1), 1.0 if args.sex == "M" else 0.0, device=device),) \
        if manifest["sex_handling"] == "input" else ()

    stages = {"preprocess": [], "inference": [], "gradcam": []}
    for i in range(args.warmup + args.iterations):
        t = time.perf_counter()
        with torch.inference_mode():
            x = preprocess(film.to(device), spec["height"], spec["width"], spec["channels"])
        sync()
        pre = time.perf_counter() - t
        t = time.perf_counter()
        with torch.inference_mode():
            months, _ = model(x, *extra)
            float(months[0, 0])
        inf = time.perf_counter() - t
        xg = x.clone().requires_grad_(True)
        months, fmap = model(xg, *extra)
        float(months[0, 0])
        t = time.perf_counter()
        grad, = torch.autograd.grad(months[0, 0], fmap)
        with torch.no_grad():
            cam = F.relu((grad.mean(dim=(2, 3), keepdim=True) * fmap).sum(1, keepdim=True))
            cam = cam / (cam.max() + 1e-7)
            cam = F.interpolate(cam, size=(film.shape[0], film.shape[1]), mode="bilinear", align_corners=False)
            cam = cam.cpu()
        cam_ms = time.perf_counter() - t
        if i >= args.warmup:
            stages["preprocess"].append(pre * 1000)
            stages["inference"].append(inf * 1000)
            stages["gradcam"].append(cam_ms * 1000)

    kind = "TorchScript" if args.torchscript else "eager"
    stages = {"load": loads, **stages}
    if args.json:
        print(json.dumps({
            "runtime": f"PyTorch {torch.__version__} {kind}", "device": str(device),
            "threads": torch.get_num_threads(), "image": {"width": int(film.shape[1]), "height": int(film.shape[0])},
            "stages_ms": {name: {"p50": percentile(v, 0.5), "p90": percentile(v, 0.9), "min": min(v), "max": max(v),
                                 "n": len(v)} for name, v in stages.items()}}))
        return 0
    print(f"PyTorch {torch.__version__} {kind}, {manifest['name']} on {device}, {torch.get_num_threads()} thread(s), "
          f"film {film.shape[1]} x {film.shape[0]}, input {spec['width']} x {spec['height']}")
    print(f"{'stage (ms)':<22} {'p50':>10} {'p90':>10} {'min':>10} {'max':>10} {'n':>4}")
    for name, samples in stages.items():
        print(f"{name:<22} {percentile(samples, 0.5):10.2f} {percentile(samples, 0.9):10.2f} "
              f"{min(samples):10.2f} {max(samples):10.2f} {len(samples):4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
