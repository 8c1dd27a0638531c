#pragma once
// Internal to boneage_imaging: a bounded, iterative pre-scan of a DICOM byte stream.
//
// DCMTK's parser is recursive and trusts declared lengths, so a hostile file could exhaust the stack (10,000
// nested sequences) or make it inflate a deflate bomb. This scan walks the element headers without
// recursion or allocation proportional to declared lengths, and rejects what DCMTK should never see.

#include <cstddef>
#include <cstdint>
#include <string>

namespace boneage::imaging::detail {

/// Deepest sequence nesting accepted (real radiographs use fewer than 6 levels).
constexpr int kMaxSequenceDepth = 32;
/// Largest inflated size of a deflated dataset (the biggest film this module accepts, plus headers).
constexpr std::size_t kMaxInflatedBytes = std::size_t(160) << 20;

/// What the scan learnt.
struct DicomStructure {
    std::string transferSyntaxUid;  ///< from the meta header; "" for a bare dataset
    bool hasPixelData = false;      ///< a top-level (7FE0,0010) was seen
    /// The first fragment of the first frame of encapsulated top-level pixel data (after the offset table):
    /// byte offset into the scanned buffer and length; length 0 when there is none.
    std::size_t firstFragmentOffset = 0, firstFragmentLength = 0;
    /// The dataset encoding the scan used (when the meta header names no transfer syntax, its guess). The
    /// parser must be told the same, or it may read lengths the scan never checked.
    bool explicitVr = true;
    bool bigEndian = false;
    /// Byte offset of the dataset (after the preamble and the meta header, when there are any).
    std::size_t datasetOffset = 0;
    /// Byte offset of the top-level (7FE0,0010) element's tag, when hasPixelData (into the scanned buffer;
    /// into the inflated dataset for the deflated syntax).
    std::size_t pixelDataOffset = 0;
    /// Byte offset just after that element's header (tag, VR, length), where its value starts.
    std::size_t pixelDataValueOffset = 0;
};

/// How much of the dataset a scan walks.
enum class ScanScope {
    WholeDataset,    ///< every element (what decoding the pixels needs)
    UntilPixelData,  ///< up to the header of the top-level pixel data element, not its value (a header read)
};

/// Walks a Part 10 file (preamble + "DICM" + meta header) or a bare dataset. Throws Error(BadInput, name,
/// cause) on: a truncated element, a length beyond its container, an invalid VR, a stray delimiter, nesting
/// deeper than kMaxSequenceDepth, an unterminated sequence, a deflated dataset larger than
/// kMaxInflatedBytes, or, for the JPEG process syntaxes, a first fragment whose markers do not lead from SOI
/// to a frame header (DCMTK's own header scan loops for ever on some such data; a fuzzer found one).
/// With ScanScope::UntilPixelData the walk ends after the header (tag, VR, length) of the top-level pixel
/// data element, so `data` needs to hold only the bytes up to there; the meta header, the sequences, every
/// element before the pixels and the pixel element's header are checked as in a whole scan, and the JPEG
/// fragment check is left to the decoder's scan.
DicomStructure scanDicomStructure(const std::uint8_t* data, std::size_t size, const std::string& name,
                                  ScanScope scope = ScanScope::WholeDataset);

}  // namespace boneage::imaging::detail
