#pragma once
// A secondary capture of what the workstation showed (the film with its Grad-CAM overlay), as a DICOM object
// in the film's study, to send back to the PACS with the report.

#include "imaging/Film.h"

#include <cstdint>
#include <string>
#include <vector>

namespace boneage::pacs {

/// What a secondary capture is and says about itself.
struct CaptureOptions {
    std::string seriesDescription = "Bone age Grad-CAM";
    /// DerivationDescription: how the picture was made (e.g. "Grad-CAM attention map of <model> <version>").
    std::string derivation;
    int seriesNumber = 901;
};

/// What was written: the new object's own UIDs.
struct CaptureFile {
    std::string seriesInstanceUid, sopInstanceUid;
};

/// Writes a single-frame Secondary Capture Image Storage object (1.2.840.10008.5.1.4.1.1.7) of `rgb`
/// (width * height * 3 bytes, interleaved, row-major) to `path`: RGB, 8 bits, explicit little endian;
/// the patient and study of `source` (the film it was made from, which it references); a new series and
/// instance under 2.25; Modality OT, Conversion Type WSD, Image Type DERIVED\SECONDARY, Burned In Annotation
/// NO (the overlay holds colours, no text). Atomic and owner-only (imaging::writeAtomically). Throws
/// Error(Usage) when the sizes disagree, Error(Storage) when the file cannot be written, Error(Internal) when
/// DCMTK refuses a value.
CaptureFile writeSecondaryCapture(const std::string& path, int width, int height,
                                  const std::vector<std::uint8_t>& rgb, const imaging::FilmMetadata& source,
                                  const CaptureOptions& options = {});

}  // namespace boneage::pacs
