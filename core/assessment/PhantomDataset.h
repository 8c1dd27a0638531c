#pragma once
// A synthetic dataset in the RSNA layout (DESIGN.md): what `boneage phantom` writes, so that the training
// and evaluation commands run on phantoms as on real data.

#include <cstdint>
#include <functional>
#include <string>

#include "clinical/Date.h"
#include "imaging/FilmWriter.h"

namespace boneage::assessment {

struct PhantomDatasetOptions {
    std::string outDir;  ///< created if missing, with images/ and masks/
    int count = 1;       ///< films, 1..100000
    std::uint64_t seed = 1;
    enum class Format { Png, Dicom } format = Format::Png;
    /// DICOM only: the transfer syntax; odd-numbered films are DX, even ones CR.
    imaging::TransferSyntax transferSyntax = imaging::TransferSyntax::ExplicitLittleEndian;
    /// Film height in pixels (64..16384), the field of view kept (the spacing grows as the film shrinks);
    /// 0: each spec's own (2000-2600).
    int height = 0;
};

/// Every phantom is "acquired" on this date; birth dates follow from the chronological age.
constexpr clinical::Date kPhantomStudyDate{2026, 1, 15};

/// The seed of film `index` (0-based) of a dataset with `seed`, as labels.csv records it.
std::uint64_t phantomFilmSeed(std::uint64_t seed, int index);

/// Writes `options.count` films: DIR/images/<id>.png (8-bit, windowed) or .dcm (writePhantomDicom), the
/// age-informative masks DIR/masks/<id>.png, and DIR/labels.csv (id,boneage,male,chronological_age_months,
/// seed), ids 1..count. Deterministic: the same options write byte-identical files. Every file is written
/// atomically; labels.csv last, so a dataset with labels is complete. `progress` (may be empty) is called
/// after each film with (done, count). Throws Error(Usage) for options out of range and Error(Storage)
/// naming the file or folder that cannot be written.
void writePhantomDataset(const PhantomDatasetOptions& options,
                         const std::function<void(int done, int total)>& progress = {});

}  // namespace boneage::assessment
