#pragma once
// Internal to boneage_imaging: the parts of reading a DICOM film that come before its pixels, shared by the
// full decode (DicomReader) and the header-only read (readFilmHeader): the DCMTK parse behind the bounded
// structure scan, the metadata, and the checks of the Image Pixel module.

#include "imaging/DicomStructure.h"
#include "imaging/Film.h"
#include "imaging/FilmHeader.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

class DcmDataset;
class DcmFileFormat;
class DcmItem;

namespace boneage::imaging::detail {

/// A DICOM byte stream parsed by DCMTK after scanDicomStructure accepted it. With
/// ScanScope::UntilPixelData, DCMTK stops at the top-level pixel data tag (DcmFileFormat::readUntilTag, the
/// stream form of loadFileUntilTag) and only the bytes the scan checked are handed to it, so `data` may
/// end anywhere after that tag. Throws Error(BadInput, name, cause). Keeps no reference to `data`.
class ParsedDicom {
public:
    ParsedDicom(const std::uint8_t* data, std::size_t size, const std::string& name, ScanScope scope);
    ~ParsedDicom();
    ParsedDicom(const ParsedDicom&) = delete;
    ParsedDicom& operator=(const ParsedDicom&) = delete;

    DcmDataset& dataset() { return *m_dataset; }
    const DicomStructure& structure() const { return m_structure; }
    /// The UID of the transfer syntax the dataset was read in.
    const std::string& transferSyntaxUid() const { return m_transferSyntaxUid; }

private:
    DicomStructure m_structure;
    std::unique_ptr<DcmFileFormat> m_file;  // a Part 10 stream with a transfer syntax in its meta header
    std::unique_ptr<DcmDataset> m_bare;     // otherwise: the dataset alone
    DcmDataset* m_dataset = nullptr;
    std::string m_transferSyntaxUid;
};

/// The patient, study and instance attributes of the dataset (FilmMetadata's rules: trimmed strings as
/// stored, sex only M, F or O).
FilmMetadata readMetadata(DcmItem& dataset, const std::string& transferSyntaxUid);

/// Refuses a dataset without top-level pixel data: "not an image: SOP class ... has no pixel data" when the
/// SOP class is not an image storage class, else "missing pixel data".
void requirePixelData(bool present, const FilmMetadata& meta, const std::string& name);

/// What a film's samples are: grey (MONOCHROME1/2), colour (RGB, YBR_FULL, YBR_FULL_422, YBR_PARTIAL_422,
/// YBR_RCT, YBR_ICT: read as their luma) or palette indices (PALETTE COLOR: read as the palette's luma).
enum class PixelKind { Grey, Colour, Palette };

/// The Image Pixel module as both readers check it.
struct ImagePixelModule {
    PixelKind kind = PixelKind::Grey;
    int samples = 1;  ///< SamplesPerPixel: 3 for colour, else 1
    int rows = 0, columns = 0;
    int bitsAllocated = 0, bitsStored = 0, highBit = 0;
    int pixelRepresentation = 0;  ///< 0 unsigned, 1 two's complement
};

/// Reads and checks the Image Pixel module: a supported photometric interpretation with its number of samples
/// per pixel, BitsAllocated 8 or 16, BitsStored and HighBit within it, the film size rule (checkFilmSize) and
/// a valid NumberOfFrames. Throws Error(BadInput, name, cause) naming the first attribute that fails.
ImagePixelModule readImagePixelModule(DcmItem& dataset, const FilmMetadata& meta, const std::string& name);

/// The header of a DICOM film held (at least up to its pixel data tag) in `data`: ParsedDicom with
/// ScanScope::UntilPixelData, then the metadata, the pixel data presence and the Image Pixel module, in the
/// order and with the causes of the full decode. Sets width, height and meta.
FilmHeader readDicomHeader(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace boneage::imaging::detail
