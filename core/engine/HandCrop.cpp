// The hand_crop input (manifest format 2): the square around the hand, the twin of
// models/boneage_models/preprocess.py (hand_crop_geometry, crop_square). Both use the same LibTorch ops in
// the same order, so the engine's input equals the trainer's (test_engine_parity).
#include <cmath>

#include <torch/nn/functional/upsampling.h>

#include "engine/HandMask.h"
#include "engine/TorchOps.h"

namespace boneage::engine::detail {

namespace {

int roundHalfUp(double v) {
    return int(std::floor(v + 0.5));
}

/// [H, W] -> [height, width], bilinear with antialias (no-op at the same size).
torch::Tensor resize2d(const torch::Tensor& x, int64_t height, int64_t width) {
    if (x.size(0) == height && x.size(1) == width)
        return x;
    namespace F = torch::nn::functional;
    return F::interpolate(x.unsqueeze(0).unsqueeze(0), F::InterpolateFuncOptions()
                                                           .size(std::vector<int64_t>{height, width})
                                                           .mode(torch::kBilinear)
                                                           .align_corners(false)
                                                           .antialias(true))
        .squeeze(0)
        .squeeze(0);
}

/// First and one-past-last index where `busy` is set; {0, 0} when nowhere.
std::pair<int, int> busySpan(const torch::Tensor& busy) {
    const torch::Tensor at = busy.nonzero();
    if (at.size(0) == 0)
        return {0, 0};
    return {int(at[0][0].item<int64_t>()), int(at[at.size(0) - 1][0].item<int64_t>()) + 1};
}

}  // namespace

CropBox handCropBox(const torch::Tensor& film, const Manifest::HandCrop& params) {
    const int h = int(film.size(0)), w = int(film.size(1));
    CropBox box;
    // 1. Uniform borders (padding, shutters): rows first, then columns over the rows left.
    box.regionTop = 0, box.regionBottom = h, box.regionLeft = 0, box.regionRight = w;
    const auto rows = busySpan((film.amax(1) - film.amin(1)) > params.borderTolerance);
    if (rows.second > rows.first) {
        box.regionTop = rows.first, box.regionBottom = rows.second;
        const torch::Tensor kept = film.slice(0, rows.first, rows.second);
        const auto cols = busySpan((kept.amax(0) - kept.amin(0)) > params.borderTolerance);
        if (cols.second > cols.first)
            box.regionLeft = cols.first, box.regionRight = cols.second;
    }
    const int rh = box.regionBottom - box.regionTop, rw = box.regionRight - box.regionLeft;

    // 2. The working copy and its hand mask.
    const double scale = double(params.maskLongSide) / double(std::max(rh, rw));
    const int wh = std::max(1, roundHalfUp(rh * scale)), ww = std::max(1, roundHalfUp(rw * scale));
    const torch::Tensor work =
        resize2d(film.slice(0, box.regionTop, box.regionBottom).slice(1, box.regionLeft, box.regionRight), wh,
                 ww)
            .contiguous();
    Image image;
    image.width = ww;
    image.height = wh;
    image.pixels.assign(work.data_ptr<float>(), work.data_ptr<float>() + std::int64_t(wh) * ww);
    const std::vector<unsigned char> mask = handMask(image);

    // The background level: the working copy off the mask.
    const torch::Tensor off =
        torch::from_blob(const_cast<unsigned char*>(mask.data()), {wh, ww}, torch::kUInt8).eq(0);
    box.fill =
        off.any().item<bool>() ? work.masked_select(off).mean().item<float>() : work.mean().item<float>();

    // 3. The square around the mask's bounding box, or around the whole region when there is no hand.
    int r0 = wh, r1 = -1, c0 = ww, c1 = -1;
    std::int64_t count = 0;
    for (int y = 0; y < wh; ++y) {
        for (int x = 0; x < ww; ++x) {
            if (mask[std::size_t(y) * std::size_t(ww) + std::size_t(x)]) {
                ++count;
                r0 = std::min(r0, y), r1 = std::max(r1, y), c0 = std::min(c0, x), c1 = std::max(c1, x);
            }
        }
    }
    double sideF, cy, cx;
    if (count > 0 && double(count) >= params.minHandFraction * wh * ww) {
        const double sy = double(rh) / wh, sx = double(rw) / ww;
        const double y0 = r0 * sy, y1 = (r1 + 1) * sy, x0 = c0 * sx, x1 = (c1 + 1) * sx;
        sideF = std::max(y1 - y0, x1 - x0) * (1.0 + 2.0 * params.margin);
        cy = box.regionTop + 0.5 * (y0 + y1);
        cx = box.regionLeft + 0.5 * (x0 + x1);
        box.handFound = true;
    } else {
        sideF = double(std::max(rh, rw));
        cy = box.regionTop + 0.5 * rh;
        cx = box.regionLeft + 0.5 * rw;
    }
    box.side = std::max(1, roundHalfUp(sideF));
    box.top = roundHalfUp(cy - 0.5 * box.side);
    box.left = roundHalfUp(cx - 0.5 * box.side);
    return box;
}

CropBox viewBox(const CropBox& box, const Manifest::HandCrop::View& view) {
    CropBox moved = box;
    moved.side = std::max(1, roundHalfUp(box.side * (1.0 + view.ds)));
    const int grow = moved.side - box.side;
    const int half = grow >= 0 ? grow / 2 : -((-grow + 1) / 2);  // floor(grow / 2)
    moved.top = box.top + roundHalfUp(view.dy * box.side) - half;
    moved.left = box.left + roundHalfUp(view.dx * box.side) - half;
    return moved;
}

torch::Tensor cropSquare(const torch::Tensor& film, const CropBox& box, int size) {
    torch::Tensor canvas = torch::full({box.side, box.side}, box.fill, film.options());
    const int y0 = std::max(box.top, box.regionTop), y1 = std::min(box.top + box.side, box.regionBottom);
    const int x0 = std::max(box.left, box.regionLeft), x1 = std::min(box.left + box.side, box.regionRight);
    if (y1 > y0 && x1 > x0) {
        canvas.slice(0, y0 - box.top, y1 - box.top)
            .slice(1, x0 - box.left, x1 - box.left)
            .copy_(film.slice(0, y0, y1).slice(1, x0, x1));
    }
    return resize2d(canvas, size, size);
}

Heatmap placeInFilm(const torch::Tensor& squareMap, const CropBox& box, int width, int height) {
    namespace F = torch::nn::functional;
    const torch::Tensor square = F::interpolate(squareMap, F::InterpolateFuncOptions()
                                                               .size(std::vector<int64_t>{box.side, box.side})
                                                               .mode(torch::kBilinear)
                                                               .align_corners(false))
                                     .squeeze(0)
                                     .squeeze(0)
                                     .to(torch::kCPU, torch::kFloat32);
    torch::Tensor map = torch::zeros({height, width}, torch::kFloat32);
    const int y0 = std::max(box.top, 0), y1 = std::min(box.top + box.side, height);
    const int x0 = std::max(box.left, 0), x1 = std::min(box.left + box.side, width);
    if (y1 > y0 && x1 > x0) {
        map.slice(0, y0, y1).slice(1, x0, x1).copy_(
            square.slice(0, y0 - box.top, y1 - box.top).slice(1, x0 - box.left, x1 - box.left));
    }
    Heatmap heatmap;
    heatmap.width = width;
    heatmap.height = height;
    heatmap.values.assign(map.data_ptr<float>(), map.data_ptr<float>() + std::int64_t(width) * height);
    return heatmap;
}

}  // namespace boneage::engine::detail
