#include "imaging/ColourToGrey.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <cstring>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

bool isNative422(const std::string& model) {
    return model == "YBR_FULL_422" || model == "YBR_PARTIAL_422";
}

struct SampleReader {
    const std::uint8_t* data;
    bool wide;
    std::uint32_t mask;
    double at(std::size_t index) const {
        std::uint32_t value = 0;
        if (wide) {
            std::uint16_t word = 0;
            std::memcpy(&word, data + 2 * index, 2);
            value = word;
        } else {
            value = data[index];
        }
        return double(value & mask);
    }
};

}  // namespace

std::uint64_t colourFrameBytes(int columns, int rows, int bitsAllocated, const std::string& model) {
    const std::uint64_t samples = isNative422(model) ? 2 : 3;
    return std::uint64_t(columns) * std::uint64_t(rows) * samples * std::uint64_t(bitsAllocated / 8);
}

std::vector<float> colourToGrey(const ColourFrame& frame, const std::string& name) {
    const std::size_t pixels = std::size_t(frame.columns) * std::size_t(frame.rows);
    const SampleReader samples{frame.data, frame.bitsAllocated == 16,
                               frame.bitsStored >= 32 ? 0xFFFFFFFFu : (1u << frame.bitsStored) - 1u};
    std::vector<float> grey(pixels);
    const std::string& model = frame.model;
    if (isNative422(model)) {
        // Y0 Y1 Cb Cr for each horizontal pair (PS3.3 C.7.6.3.1.2): the luma is stored, keep it.
        if (frame.columns % 2 != 0)
            fail(name, model + " film with an odd number of columns (" + std::to_string(frame.columns) + ")");
        for (std::size_t pair = 0; pair < pixels / 2; ++pair) {
            grey[2 * pair] = float(samples.at(4 * pair));
            grey[2 * pair + 1] = float(samples.at(4 * pair + 1));
        }
        return grey;
    }
    const auto sample = [&](std::size_t pixel, std::size_t component) {
        return samples.at(frame.byPlane ? component * pixels + pixel : pixel * 3 + component);
    };
    if (model == "RGB" || model == "YBR_RCT" || model == "YBR_ICT") {
        for (std::size_t i = 0; i < pixels; ++i)
            grey[i] = lumaOf(sample(i, 0), sample(i, 1), sample(i, 2));
    } else if (model == "YBR_FULL") {
        for (std::size_t i = 0; i < pixels; ++i)
            grey[i] = float(sample(i, 0));
    } else {
        fail(name, "unsupported photometric interpretation " + model);
    }
    return grey;
}

Palette readPalette(DcmItem& dataset, bool isSigned, const std::string& name) {
    const DcmTagKey descriptors[] = {DCM_RedPaletteColorLookupTableDescriptor,
                                     DCM_GreenPaletteColorLookupTableDescriptor,
                                     DCM_BluePaletteColorLookupTableDescriptor};
    const DcmTagKey tables[] = {DCM_RedPaletteColorLookupTableData, DCM_GreenPaletteColorLookupTableData,
                                DCM_BluePaletteColorLookupTableData};
    const char* const colours[] = {"red", "green", "blue"};
    std::vector<std::uint16_t> entries[3];
    Palette palette;
    std::size_t size = 0;
    for (int c = 0; c < 3; ++c) {
        Uint16 descriptor[3] = {0, 0, 0};
        for (unsigned long i = 0; i < 3; ++i) {
            if (dataset.findAndGetUint16(descriptors[c], descriptor[i], i).bad()) {
                Sint16 value = 0;
                if (dataset.findAndGetSint16(descriptors[c], value, i).bad()) {
                    if (dataset.tagExists(DCM_SegmentedRedPaletteColorLookupTableData))
                        fail(name, "segmented palette colour lookup tables are not supported");
                    fail(name, std::string("PALETTE COLOR film without a valid ") + colours[c] +
                                   " palette descriptor");
                }
                descriptor[i] = Uint16(value);
            }
        }
        const std::size_t count = descriptor[0] == 0 ? 65536 : descriptor[0];
        const int bits = descriptor[2];
        if (bits != 8 && bits != 16)
            fail(name, "palette entries of " + std::to_string(bits) + " bits (8 or 16 supported)");
        const double first = isSigned ? double(Sint16(descriptor[1])) : double(descriptor[1]);
        if (c == 0) {
            size = count;
            palette.bits = bits;
            palette.firstMapped = first;
        } else if (count != size || bits != palette.bits || first != palette.firstMapped) {
            fail(name, "the red, green and blue palettes have different descriptors");
        }
        const Uint16* words = nullptr;
        unsigned long wordCount = 0;
        if (dataset.findAndGetUint16Array(tables[c], words, &wordCount).bad() || !words) {
            if (dataset.tagExists(DCM_SegmentedRedPaletteColorLookupTableData))
                fail(name, "segmented palette colour lookup tables are not supported");
            fail(name, std::string("PALETTE COLOR film without ") + colours[c] + " palette data");
        }
        std::vector<std::uint16_t>& out = entries[c];
        out.resize(count);
        if (wordCount >= count) {
            bool highByte = false;  // 8-bit entries in 16-bit words: some writers use the high byte
            if (bits == 8) {
                for (std::size_t i = 0; i < count; ++i)
                    highByte = highByte || words[i] > 0xFF;
            }
            for (std::size_t i = 0; i < count; ++i)
                out[i] = highByte ? std::uint16_t(words[i] >> 8) : words[i];
        } else if (bits == 8 && wordCount == (count + 1) / 2) {  // two 8-bit entries packed per word
            for (std::size_t i = 0; i < count; ++i)
                out[i] = std::uint16_t(i % 2 ? words[i / 2] >> 8 : words[i / 2] & 0xFF);
        } else {
            fail(name, std::string("the ") + colours[c] + " palette holds " + std::to_string(wordCount) +
                           " values for " + std::to_string(count) + " entries");
        }
        if (bits == 8) {
            for (auto& v : out)
                v &= 0xFF;
        }
    }
    palette.luma.resize(size);
    for (std::size_t i = 0; i < size; ++i)
        palette.luma[i] = lumaOf(entries[0][i], entries[1][i], entries[2][i]);
    return palette;
}

}  // namespace boneage::imaging::detail
