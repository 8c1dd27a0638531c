#include "assessment/PhantomDataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "assessment/PhantomDicom.h"
#include "clinical/ChronologicalAge.h"
#include "common/Error.h"
#include "imaging/AtomicFile.h"
#include "phantom/Display.h"
#include "phantom/PhantomFilm.h"

namespace boneage::assessment {

namespace {

std::string fixed(double value, int decimals) {
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals).ptr;
    return std::string(text, end);
}

void makeFolder(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec || !std::filesystem::is_directory(folder))
        throw Error(ErrorCode::Storage, folder.string(),
                    "cannot create the folder" + (ec ? ": " + ec.message() : std::string()));
}

}  // namespace

std::uint64_t phantomFilmSeed(std::uint64_t seed, int index) {
    return seed * 1000003ULL + std::uint64_t(index) + 1;
}

void writePhantomDataset(const PhantomDatasetOptions& options,
                         const std::function<void(int done, int total)>& progress) {
    if (options.count < 1 || options.count > 100000)
        throw Error(ErrorCode::Usage, options.outDir, "the film count must be in 1-100000");
    if (options.height != 0 && (options.height < 64 || options.height > 16384))
        throw Error(ErrorCode::Usage, options.outDir, "the film height must be in 64-16384");
    const std::filesystem::path root(options.outDir);
    makeFolder(root / "images");
    makeFolder(root / "masks");
    std::string labels = "id,boneage,male,chronological_age_months,seed\n";
    for (int i = 0; i < options.count; ++i) {
        const std::uint64_t filmSeed = phantomFilmSeed(options.seed, i);
        phantom::PhantomSpec spec = phantom::randomSpec(filmSeed);
        if (options.height > 0) {
            const double scale = double(options.height) / spec.height;
            spec.pixelSpacingMm /= scale;
            spec.width = std::max(64, int(std::lround(spec.width * scale)));
            spec.height = options.height;
        }
        const phantom::PhantomFilm film = phantom::renderPhantom(spec);
        const std::string id = std::to_string(i + 1);
        const clinical::Date birth = birthDateForAge(spec.chronologicalAgeMonths, kPhantomStudyDate);
        const double chronological = clinical::chronologicalAgeMonths(birth, kPhantomStudyDate);
        const std::string image = (root / "images" / id).string();
        if (options.format == PhantomDatasetOptions::Format::Dicom) {
            PhantomDicomOptions dicom;
            dicom.transferSyntax = options.transferSyntax;
            dicom.sopClass =
                (i % 2) ? imaging::DicomSopClass::DigitalXRay : imaging::DicomSopClass::ComputedRadiography;
            writePhantomDicom(
                image + ".dcm", film,
                {"PHANTOM-" + std::to_string(filmSeed), "Phantom^" + id, birth, kPhantomStudyDate}, dicom);
        } else {
            const auto display = phantom::displayImage(film);
            imaging::writePng8(image + ".png", display.width, display.height, display.pixels);
        }
        const auto mask = phantom::maskImage(film);
        imaging::writePng8((root / "masks" / (id + ".png")).string(), mask.width, mask.height, mask.pixels);
        labels += id + ',' + fixed(spec.boneAgeMonths, 1) + ',' + (spec.sex == Sex::Male ? "True" : "False") +
                  ',' + fixed(chronological, 2) + ',' + std::to_string(filmSeed) + '\n';
        if (progress)
            progress(i + 1, options.count);
    }
    imaging::writeTextAtomically((root / "labels.csv").string(), labels);
}

}  // namespace boneage::assessment
