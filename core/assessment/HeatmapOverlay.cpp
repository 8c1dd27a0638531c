#include "assessment/HeatmapOverlay.h"

#include "common/Error.h"
#include "imaging/FilmWriter.h"
#include "imaging/Windowing.h"

namespace boneage::assessment {

std::vector<std::uint8_t> renderHeatmapOverlay(const imaging::Film& film, const engine::Heatmap& heatmap,
                                               double opacity, const std::string& subject) {
    if (heatmap.width != film.width || heatmap.height != film.height ||
        heatmap.values.size() != std::size_t(film.width) * std::size_t(film.height)) {
        throw Error(ErrorCode::Internal, subject, "the heat map does not have the film's size");
    }
    std::vector<std::uint8_t> grey;
    imaging::applyWindow(film, imaging::windowFor(film, imaging::WindowPreset::DicomDefault), false, grey);
    return blendHeatmap(grey, heatmap.values, opacity);
}

void writeHeatmapOverlay(const std::string& path, const imaging::Film& film, const engine::Heatmap& heatmap,
                         double opacity) {
    imaging::writePngRgb8(path, film.width, film.height, renderHeatmapOverlay(film, heatmap, opacity, path));
}

}  // namespace boneage::assessment
