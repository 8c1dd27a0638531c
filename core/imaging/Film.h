#pragma once
// The film data contract (DESIGN.md "Film"): what every other module sees of a loaded radiograph.
// Plain value types, standard library only.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/Warning.h"

namespace boneage::imaging {

/// A linear VOI window (DICOM PS3.3 C.11.2.1.2), in the units of Film::pixels.
struct Window {
    double centre = 0;
    double width = 1;
};

/// A DICOM VOI LUT (PS3.3 C.11.2.1.1): input value v maps to table[clamp(v - firstMapped, 0, size-1)].
/// Outputs are in [0, 2^outputBits - 1]. Already transformed for MONOCHROME1 like the pixels.
struct VoiLut {
    double firstMapped = 0;
    int outputBits = 16;
    std::vector<double> table;
};

/// Header facts of a film. Strings are as stored (trailing padding removed); "" when absent.
/// Contains patient identifiers: never log it.
struct FilmMetadata {
    std::string patientId, patientName;
    std::string patientSex;  ///< "M", "F", "O" or ""
    std::string
        birthDate;  ///< as stored, normally YYYYMMDD; "" when absent (the assessor warns on a non-date)
    std::string studyDate;  ///< as stored, normally YYYYMMDD; "" when absent
    std::string studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid;
    std::string bodyPart, laterality, modality;
    std::string accessionNumber, studyDescription;
    std::string photometric;        ///< as stored: "MONOCHROME1", "MONOCHROME2"; "" for PNG/JPEG
    std::string transferSyntaxUid;  ///< of the file as read; "" for PNG/JPEG
};

/// A decoded greyscale film, ready for display and for the model.
struct Film {
    int width = 0, height = 0;
    /// Row-major grey, width*height values. MONOCHROME1 is already inverted (bone bright), and the
    /// rescale slope/intercept is applied, so higher always means denser (brighter).
    std::vector<float> pixels;
    float minValue = 0, maxValue = 0;  ///< of pixels
    int bitsStored = 8;
    /// DICOM default window (first centre/width), transformed consistently with the MONOCHROME1 inversion.
    std::optional<Window> defaultWindow;
    /// DICOM VOI LUT if present (used by the DicomDefault preset when there is no window).
    std::optional<VoiLut> voiLut;
    /// Millimetres per pixel: row spacing (between rows), column spacing. PixelSpacing, else
    /// ImagerPixelSpacing.
    std::optional<std::pair<double, double>> pixelSpacingMm;
    FilmMetadata meta;
    std::string sourcePath;
    std::string format;  ///< "dicom", "png" or "jpeg"
    /// What the loader did that the reader must be told of (WarningCode::ColourReadAsGrey, ...).
    std::vector<Warning> warnings;
};

}  // namespace boneage::imaging
