#pragma once
// Internal to boneage_imaging: the first frame's samples, whatever the transfer syntax: native data copied
// (after its length is checked), DCMTK's JPEG, JPEG-LS and RLE codecs, JPEG 2000 through OpenJPEG.

#include "imaging/Jpeg2000Decoder.h"

#include <dcmtk/dcmdata/dcxfer.h>

#include <cstdint>
#include <string>
#include <vector>

class DcmDataset;
class DcmPixelData;

namespace boneage::imaging::detail {

struct DecodedFrame {
    /// layout.bytes() bytes (or the native frame's size, when smaller), 16-bit aligned, host byte order.
    std::vector<std::uint16_t> buffer;
    /// The colour model of the samples as decoded: a codec may have turned YBR_FULL_422 into RGB.
    std::string colourModel;
    /// The planar configuration of the samples as decoded (1: by plane).
    bool byPlane = false;
};

/// Decodes the first frame of `pixelData` (never NumberOfFrames x the frame). `nativeBytes` is the size of
/// one frame as stored natively (the 422 colour models store 2 samples per pixel, not 3); `photometric` is
/// the dataset's. Throws Error(BadInput, name, cause): truncated native data, a codec's failure, a JPEG 2000
/// codestream that does not match the layout.
DecodedFrame decodeFirstFrame(DcmDataset& dataset, DcmPixelData& pixelData, E_TransferSyntax xfer,
                              const FrameLayout& layout, std::uint64_t nativeBytes,
                              const std::string& photometric, const std::string& name);

/// Whether `uid` is one of the JPEG 2000 transfer syntaxes this module decodes (Part 1: .90 and .91).
bool isDecodableJpeg2000(const std::string& uid);

}  // namespace boneage::imaging::detail
