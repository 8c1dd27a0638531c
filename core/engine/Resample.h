#pragma once
// Private to core/engine: the two resamplings of a film-sized image, written for speed and matching ATen's
// semantics (so the Python reference, which uses F.interpolate, agrees to float rounding):
//   - resizeAntialiased: F.interpolate(mode="bilinear", align_corners=False, antialias=True), the film to the
//     model's input. Separable, rows first: each film row is read about twice and only while it is in
//     cache, instead of a kernel that gathers ~2 x scale taps per output in both directions.
//   - upsampleBilinear: F.interpolate(mode="bilinear", align_corners=False), the Grad-CAM map (8 x 8) to the
//     film, written straight into the caller's buffer: two source rows are blended per output row.
// Both split their rows over as many threads as LibTorch's intra-op setting (at::set_num_threads).

namespace boneage::engine::detail {

/// `src` is srcW x srcH, row-major; writes dstW x dstH into `dst`. Every size >= 1.
void resizeAntialiased(const float* src, int srcW, int srcH, float* dst, int dstW, int dstH);

/// `src` is srcW x srcH, row-major; writes dstW x dstH into `dst`. Every size >= 1.
void upsampleBilinear(const float* src, int srcW, int srcH, float* dst, int dstW, int dstH);

}  // namespace boneage::engine::detail
