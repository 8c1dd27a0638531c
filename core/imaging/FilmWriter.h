#pragma once
// Writers for films: PNG (8/16-bit grey, 8-bit colour) and DICOM (CR or DX). Used by the phantom generator,
// the CLI and tests.
//
// Every writer is atomic: it writes a temporary file next to `path` and renames it into place, so a failure
// never leaves a half-written file at `path`. Thread-safe (codec registration happens once, internally).
//
// Failures throw boneage::Error:
//   ErrorCode::Usage    the arguments are inconsistent (sizes, bit depths, a pixel value out of range,
//                       JPEG baseline asked for more than 8 bits) — a caller bug;
//   ErrorCode::Storage  the file cannot be written (directory missing, disk full, permissions);
//   ErrorCode::Internal an encoder failed unexpectedly.

#include "imaging/Film.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boneage::imaging {

/// The SOP class a DICOM film is written as.
enum class DicomSopClass {
    ComputedRadiography,  ///< CR Image Storage 1.2.840.10008.5.1.4.1.1.1 (Modality CR)
    DigitalXRay,  ///< Digital X-Ray Image Storage - For Presentation 1.2.840.10008.5.1.4.1.1.1.1 (Modality
                  ///< DX)
};

/// The transfer syntax a DICOM film is written in.
enum class TransferSyntax {
    ExplicitLittleEndian,  ///< 1.2.840.10008.1.2.1 (default)
    ImplicitLittleEndian,  ///< 1.2.840.10008.1.2
    ExplicitBigEndian,     ///< 1.2.840.10008.1.2.2 (retired, still met in archives)
    DeflatedLittleEndian,  ///< 1.2.840.10008.1.2.1.99
    JpegBaseline,          ///< 1.2.840.10008.1.2.4.50, lossy, 8-bit only
    JpegLossless,          ///< 1.2.840.10008.1.2.4.70, process 14 selection value 1
    JpegLsLossless,        ///< 1.2.840.10008.1.2.4.80
    JpegLsNearLossless,    ///< 1.2.840.10008.1.2.4.81, max deviation DicomWriteOptions::nearLosslessError
    RleLossless,           ///< 1.2.840.10008.1.2.5
};

/// Options of writeDicom. The defaults write an explicit-little-endian 16-bit-allocated, 12-bit-stored
/// MONOCHROME2 CR film with fresh UIDs.
struct DicomWriteOptions {
    DicomSopClass sopClass = DicomSopClass::ComputedRadiography;
    TransferSyntax transferSyntax = TransferSyntax::ExplicitLittleEndian;
    /// 8 (BitsAllocated 8) or 9..16 (BitsAllocated 16). Every pixel must fit in this many bits.
    int bitsStored = 12;
    /// Store as MONOCHROME1. `pixels` are always given bone-bright (MONOCHROME2 sense); with this set the
    /// writer stores (2^bitsStored - 1) - v and transforms `window` to match, so loadFilm returns the
    /// given pixels and window unchanged.
    bool monochrome1 = false;
    std::optional<Window> window;  ///< written as WindowCenter/WindowWidth (in the given pixels' sense)
    double rescaleSlope = 1.0;     ///< written only when not 1/0
    double rescaleIntercept = 0.0;
    /// Row and column spacing in mm: PixelSpacing (and ImagerPixelSpacing for DX).
    std::optional<std::pair<double, double>> pixelSpacingMm;
    int jpegQuality = 90;       ///< JpegBaseline quality, 1..100
    int nearLosslessError = 2;  ///< JpegLsNearLossless maximum deviation, 1..255
    /// Patient, study and instance identification. Empty UIDs get fresh ones; empty modality follows the SOP
    /// class; photometric, transferSyntaxUid and sopClassUid are ignored (they follow the options above).
    FilmMetadata metadata;
};

/// Writes a single-frame greyscale DICOM film. `pixels` holds width*height values, row-major.
void writeDicom(const std::string& path, int width, int height, const std::vector<std::uint16_t>& pixels,
                const DicomWriteOptions& options);

/// Writes a greyscale PNG of 8 or 16 bits. With bitDepth 8 every pixel must be <= 255.
void writePng(const std::string& path, int width, int height, const std::vector<std::uint16_t>& pixels,
              int bitDepth);

/// Writes an 8-bit greyscale PNG.
void writePng8(const std::string& path, int width, int height, const std::vector<std::uint8_t>& pixels);

/// Writes an 8-bit colour PNG from interleaved RGB (3 * width * height bytes), e.g. a film with an overlay.
void writePngRgb8(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgb);

/// The DICOM UID of a transfer syntax ("1.2.840.10008.1.2.1", ...).
const char* transferSyntaxUid(TransferSyntax syntax);

}  // namespace boneage::imaging
