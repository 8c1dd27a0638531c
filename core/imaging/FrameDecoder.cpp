#include "imaging/FrameDecoder.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <optional>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

bool endsWithEndOfCodestream(const Uint8* data, Uint32 length) {
    // FFD9, possibly followed by the pad byte that makes a fragment's length even.
    return (length >= 2 && data[length - 2] == 0xFF && data[length - 1] == 0xD9) ||
           (length >= 3 && data[length - 3] == 0xFF && data[length - 2] == 0xD9 && data[length - 1] == 0x00);
}

/// The bytes of the first frame's fragments, joined. Which fragments belong to it: all when there is one
/// frame; those before the basic offset table's second entry; the first when there is one fragment per
/// frame; else those up to the first that ends a codestream.
std::vector<std::uint8_t> firstFrameBytes(DcmPixelData& pixelData, E_TransferSyntax xfer, Sint32 frames,
                                          const std::string& name) {
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || !sequence)
        fail(name, "cannot decode the JPEG 2000 pixel data: it is not encapsulated");
    const unsigned long items = sequence->card();
    if (items < 2)
        fail(name, "cannot decode the JPEG 2000 pixel data: it has no fragment");
    std::optional<std::uint64_t> secondFrameOffset;
    DcmPixelItem* table = nullptr;
    if (frames > 1 && sequence->getItem(table, 0).good() && table && table->getLength() >= 8) {
        Uint8* entries = nullptr;
        if (table->getUint8Array(entries).good() && entries) {
            secondFrameOffset = std::uint64_t(entries[4]) | std::uint64_t(entries[5]) << 8 |
                                std::uint64_t(entries[6]) << 16 | std::uint64_t(entries[7]) << 24;
        }
    }
    std::vector<std::uint8_t> bytes;
    std::uint64_t position =
        0;  // of the fragment's item tag, from the first fragment's (as the table counts)
    for (unsigned long i = 1; i < items; ++i) {
        DcmPixelItem* fragment = nullptr;
        if (sequence->getItem(fragment, i).bad() || !fragment)
            break;
        if (secondFrameOffset && position >= *secondFrameOffset)
            break;
        const Uint32 length = fragment->getLength();
        Uint8* data = nullptr;
        if (length > 0 && (fragment->getUint8Array(data).bad() || !data))
            fail(name,
                 "cannot decode the JPEG 2000 pixel data: fragment " + std::to_string(i) + " is unreadable");
        bytes.insert(bytes.end(), data, data + length);
        position += 8 + std::uint64_t(length);
        if (frames > 1 && !secondFrameOffset &&
            (items - 1 == static_cast<unsigned long>(frames) || endsWithEndOfCodestream(data, length))) {
            break;
        }
    }
    return bytes;
}

}  // namespace

bool isDecodableJpeg2000(const std::string& uid) {
    return uid == UID_JPEG2000LosslessOnlyTransferSyntax || uid == UID_JPEG2000TransferSyntax;
}

DecodedFrame decodeFirstFrame(DcmDataset& dataset, DcmPixelData& pixelData, E_TransferSyntax xfer,
                              const FrameLayout& layout, std::uint64_t nativeBytes,
                              const std::string& photometric, const std::string& name) {
    const DcmXfer xferInfo(xfer);
    DecodedFrame frame;
    frame.colourModel = photometric;
    Uint16 planar = 0;
    if (layout.samples > 1 && dataset.findAndGetUint16(DCM_PlanarConfiguration, planar).good())
        frame.byPlane = planar == 1;

    if (!xferInfo.isEncapsulated()) {
        const std::uint64_t available = pixelData.getLength();
        if (available < nativeBytes) {
            fail(name, "truncated pixel data: " + std::to_string(available) + " of " +
                           std::to_string(nativeBytes) + " bytes");
        }
        frame.buffer.resize((nativeBytes + 1) / 2);
        const OFCondition cond = pixelData.getPartialValue(frame.buffer.data(), 0, Uint32(nativeBytes));
        if (cond.bad())
            fail(name, std::string("cannot read the pixel data: ") + cond.text());
        return frame;
    }

    Sint32 frames = 1;
    if (dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad() || frames < 1)
        frames = 1;
    frame.buffer.resize((layout.bytes() + 1) / 2);
    if (isDecodableJpeg2000(xferInfo.getXferID())) {
        const std::vector<std::uint8_t> codestream = firstFrameBytes(pixelData, xfer, frames, name);
        FrameLayout decoded = layout;
        decoded.colourByPlane = frame.byPlane;
        decodeJpeg2000Frame(codestream.data(), codestream.size(), decoded,
                            reinterpret_cast<std::uint8_t*>(frame.buffer.data()), name);
        return frame;
    }
    Uint32 startFragment = 0;
    OFString colourModel;
    const OFCondition cond = pixelData.getUncompressedFrame(&dataset, 0, startFragment, frame.buffer.data(),
                                                            Uint32(frame.buffer.size() * 2), colourModel);
    if (cond.bad())
        fail(name,
             std::string("cannot decode the pixel data (") + xferInfo.getXferName() + "): " + cond.text());
    if (!colourModel.empty())
        frame.colourModel = colourModel.c_str();
    // The JPEG-LS decoder writes the planar configuration it produced back into the dataset.
    if (layout.samples > 1 && dataset.findAndGetUint16(DCM_PlanarConfiguration, planar).good())
        frame.byPlane = planar == 1;
    return frame;
}

}  // namespace boneage::imaging::detail
