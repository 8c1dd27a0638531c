#!/usr/bin/env python3
"""Writes the engine tests' fixture (ctest fixture "random_models") under OUT (the build's test-models/):

  full-random/             full preset, 299 x 299, random weights (seed 1), sex_handling separate
  compact-random/          compact preset, 100 x 100, random weights (seed 2), sex_handling separate
  compact-sex-input/       compact preset, sex_handling input (one file taking (image, sex))
  hand-crop*/              format 2 (hand_crop input in 7 views, ensemble, interval) with a check that turns,
                           rejects, or is unsure (0.6 of the hand probability; -turn-half: turn_above 0.5)
  broken/<case>/           compact packages broken on purpose: wrong-hash, truncated, wrong-shape,
                           fmap-3d, missing-field, bad-json, no-manifest, missing-file
  reference/               films (raw float32 + JSON) and PyTorch reference outputs (reference.py format)

  /usr/bin/python3 models/make_test_models.py --out DIR [--force]

Skips the work when OUT/.stamp matches the sources of models/ (so repeated ctest runs are fast).
"""
import argparse
import dataclasses
import hashlib
import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import reference  # noqa: E402
from boneage_models import input_check, package, preprocess  # noqa: E402
from boneage_models.inception_resnet_v2 import PRESETS, InceptionResNetV2  # noqa: E402

STAMP_VERSION = "4"


def sources_digest() -> str:
    h = hashlib.sha256(STAMP_VERSION.encode())
    sources = [os.path.join(HERE, "make_test_models.py"), os.path.join(HERE, "reference.py")]
    lib = os.path.join(HERE, "boneage_models")
    sources += [os.path.join(lib, n) for n in sorted(os.listdir(lib)) if n.endswith(".py")]
    for path in sources:
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    h.update(torch.__version__.encode())
    return h.hexdigest()


class WrongShape(torch.nn.Module):
    """Returns months as [N, 2] instead of [N, 1]."""

    def forward(self, x):
        f = torch.nn.functional.adaptive_avg_pool2d(x, 4)
        return x.mean(dim=(2, 3)).repeat(1, 2), f


class Fmap3d(torch.nn.Module):
    """Returns a 3-D feature map."""

    def forward(self, x):
        return x.mean(dim=(1, 2, 3)).reshape(-1, 1), x[:, 0]


def rehash(pkg: str, manifest: dict) -> None:
    manifest["sha256"] = {name: package.sha256_file(os.path.join(pkg, name)) for name in manifest["sha256"]}
    package.write_manifest(pkg, manifest)


def hand_crop_film() -> torch.Tensor:
    """A film for the hand_crop path: a bright hand-sized blob low and to the left on a noisy dark field, so
    the square reaches past the film's edge (fill); black padding rows on top and white padding columns on
    the right (border trimming)."""
    g = torch.Generator().manual_seed(21)
    h, w = 380, 300
    ys = torch.arange(h, dtype=torch.float32)[:, None]
    xs = torch.arange(w, dtype=torch.float32)[None, :]
    blob = (((xs - 95) / 70) ** 2 + ((ys - 250) / 110) ** 2 < 1).float()
    film = 0.12 + 0.55 * blob + 0.06 * torch.rand(h, w, generator=g)
    film[:, 60:75] += 0.15 * blob[:, 60:75]          # some structure inside the blob
    film[:24] = 0.0
    film[:, -18:] = 1.0
    return film.clamp(0, 1).contiguous()


def make_hand_crop(out: str) -> None:
    """The format 2 test packages (random weights): hand_crop input, ensemble, input check, interval."""
    cfg = dataclasses.replace(PRESETS["compact"], internal_size=0)
    spec = preprocess.input_spec(128, 128, 1, preprocess.HAND_CROP)
    spec["hand_crop"]["views"] = preprocess.jitter_views(0.06)
    members = {}
    for i, role in enumerate(("male", "female")):
        members[role] = [package.make_model(cfg, 40 + 2 * i + k) for k in range(2)]
    interval = {"coverage": 0.9, "knots_months": [0.0, 120.0, 240.0], "half_width_months": [10.0, 20.0, 15.0]}
    # hand-crop-unsure: the check's scores are its biases alone, a right hand turned clockwise at 0.6 of the
    # hand probability against an upright left hand at 0.4, short of turn_above (0.7).
    for name, favour in (("hand-crop", "right_cw90"), ("hand-crop-reject", "not_hand"),
                         ("hand-crop-unsure", "right_cw90")):
        torch.manual_seed(50)
        check = input_check.InputCheckNet()
        with torch.no_grad():
            check.fc.bias.zero_()
            check.fc.bias[input_check.CLASSES.index(favour)] = 30.0
            if name == "hand-crop-unsure":
                check.fc.weight.zero_()
                check.fc.bias[input_check.CLASSES.index("left")] = 30.0 - math.log(1.5)
        g = torch.Generator().manual_seed(51)
        package._randomise_batch_norm(check, g)
        pkg = os.path.join(out, name)
        shutil.rmtree(pkg, ignore_errors=True)
        package.export_ensemble_package(pkg, members, spec, name=name, version="0.0.0+random",
                                        training_data="none: random weights", intended_use="tests only",
                                        input_check=check.eval(), interval=interval)
    broken = os.path.join(out, "broken")
    for case, edit in (("format1-with-check", lambda m: m.update(format=1)),
                       ("crop-not-square", lambda m: m["input"].update(width=96)),
                       ("unknown-check-class", lambda m: m["input_check"]["classes"].__setitem__(3, "left_45")),
                       ("check-without-hash", lambda m: m["sha256"].pop("input_check.pt")),
                       ("interval-knots", lambda m: m["interval"].update(knots_months=[0.0, 240.0, 120.0])),
                       ("turn-above-two", lambda m: m["input_check"].update(turn_above=2.0)),
                       ("views-first-moved", lambda m: m["input"]["hand_crop"]["views"].__setitem__(0, [0.1, 0, 0])),
                       ("views-too-far", lambda m: m["input"]["hand_crop"]["views"].append([0.0, 0.5, 0.0]))):
        dst = os.path.join(broken, case)
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(os.path.join(out, "hand-crop"), dst)
        m = package.read_manifest(dst)
        edit(m)
        package.write_manifest(dst, m)
    # The unsure check with a lower turn_above, which it clears.
    half = os.path.join(out, "hand-crop-unsure-turn-half")
    shutil.rmtree(half, ignore_errors=True)
    shutil.copytree(os.path.join(out, "hand-crop-unsure"), half)
    m = package.read_manifest(half)
    m["input_check"]["turn_above"] = 0.5
    package.write_manifest(half, m)


def make_broken(out: str, compact: str) -> None:
    broken = os.path.join(out, "broken")
    shutil.rmtree(broken, ignore_errors=True)

    def clone(case: str):
        dst = os.path.join(broken, case)
        shutil.copytree(compact, dst)
        return dst, package.read_manifest(dst)

    pkg, m = clone("wrong-hash")
    m["sha256"]["female.pt"] = "0" * 64
    package.write_manifest(pkg, m)

    pkg, m = clone("truncated")  # hashes match the truncated file: the TorchScript loader must catch it
    path = os.path.join(pkg, "male.pt")
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])
    rehash(pkg, m)

    for case, module in (("wrong-shape", WrongShape()), ("fmap-3d", Fmap3d())):
        pkg, m = clone(case)
        spec = m["input"]
        x = torch.zeros(1, spec["channels"], spec["height"], spec["width"])
        torch.jit.trace(module.eval(), (x,), check_trace=False).save(os.path.join(pkg, "female.pt"))
        rehash(pkg, m)

    pkg, m = clone("missing-field")
    del m["input"]["height"]
    package.write_manifest(pkg, m)

    pkg, m = clone("bad-json")
    with open(os.path.join(pkg, package.MANIFEST), "w") as f:
        f.write(json.dumps(m)[:-40])

    pkg, m = clone("no-manifest")
    os.remove(os.path.join(pkg, package.MANIFEST))

    pkg, m = clone("missing-file")
    os.remove(os.path.join(pkg, "female.pt"))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--force", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = os.path.abspath(args.out)
    stamp_path = os.path.join(out, ".stamp")
    digest = sources_digest()
    if not args.force and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read().strip() == digest:
                print(f"{out}: up to date")
                return 0
    os.makedirs(out, exist_ok=True)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)

    full = os.path.join(out, "full-random")
    compact = os.path.join(out, "compact-random")
    sex_input = os.path.join(out, "compact-sex-input")
    for d in (full, compact, sex_input):
        shutil.rmtree(d, ignore_errors=True)
    mf = package.export_package(full, preset="full", seed=1)
    mc = package.export_package(compact, preset="compact", seed=2)
    package.export_package(sex_input, preset="compact", seed=3, sex_handling="input")
    print(f"full: {mf['parameter_count']:,} parameters; compact: {mc['parameter_count']:,} parameters")
    make_broken(out, compact)
    make_hand_crop(out)

    ref = os.path.join(out, "reference")
    shutil.rmtree(ref, ignore_errors=True)
    os.makedirs(ref)
    films = {"film-a": reference.make_film(11, 437, 512),   # shrinks for both presets
             "film-small": reference.make_film(12, 64, 80),  # enlarges for the compact preset
             "film-hand-crop": hand_crop_film()}
    for name, image in films.items():
        reference.save_image(os.path.join(ref, name), image)
    cases = [("compact-male-a", compact, "M", "film-a"), ("compact-female-a", compact, "F", "film-a"),
             ("compact-female-small", compact, "F", "film-small"),
             ("sexinput-male-a", sex_input, "M", "film-a"), ("sexinput-female-a", sex_input, "F", "film-a"),
             ("full-male-a", full, "M", "film-a"),
             ("handcrop-male", os.path.join(out, "hand-crop"), "M", "film-hand-crop"),
             ("handcrop-female", os.path.join(out, "hand-crop"), "F", "film-hand-crop")]
    for name, pkg, sex, film in cases:
        result = reference.compute(pkg, sex, films[film])
        reference.write(os.path.join(ref, name), result,
                        {"package": os.path.basename(pkg), "sex": sex, "image": film, "source": "eager"})
        print(f"reference {name}: months {result['months']:.6f}, gradcam max {float(result['gradcam'].max()):.4f}")

    with open(stamp_path, "w") as f:
        f.write(digest + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
