#include "imaging/DicomStructure.h"

#include <optional>

#include "common/Error.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace boneage::imaging::detail {

namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;
constexpr std::size_t kNoEnd = static_cast<std::size_t>(-1);

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

std::string tagText(std::uint16_t group, std::uint16_t element) {
    char text[16];
    std::snprintf(text, sizeof text, "(%04X,%04X)", group, element);
    return text;
}

struct Bytes {
    const std::uint8_t* data;
    std::size_t size;
    std::uint16_t u16(std::size_t pos, bool bigEndian) const {
        return bigEndian ? std::uint16_t(data[pos] << 8 | data[pos + 1])
                         : std::uint16_t(data[pos] | data[pos + 1] << 8);
    }
    std::uint32_t u32(std::size_t pos, bool bigEndian) const {
        return bigEndian ? std::uint32_t(u16(pos, true)) << 16 | u16(pos + 2, true)
                         : std::uint32_t(u16(pos + 2, false)) << 16 | u16(pos, false);
    }
};

bool isKnownVr(const std::uint8_t* vr) {
    static const char* const kVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT",
                                       "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
                                       "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char* known : kVrs) {
        if (vr[0] == std::uint8_t(known[0]) && vr[1] == std::uint8_t(known[1]))
            return true;
    }
    return false;
}

bool hasLongLength(const std::uint8_t* vr) {
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                        "UC", "UN", "UR", "UT", "SV", "UV"};
    for (const char* known : kLong) {
        if (vr[0] == std::uint8_t(known[0]) && vr[1] == std::uint8_t(known[1]))
            return true;
    }
    return false;
}

bool vrIs(const std::uint8_t* vr, const char* text) {
    return vr[0] == std::uint8_t(text[0]) && vr[1] == std::uint8_t(text[1]);
}

enum class FrameKind { Elements, Items, Fragments };

struct Frame {
    FrameKind kind;
    std::size_t end;  // kNoEnd: undefined length, closed by a delimiter
    bool explicitVr;
    bool bigEndian;
    std::size_t bound = 0;  // where this frame's content must stop: end, or the enclosing frame's bound
};

void scanDataset(const Bytes& b, std::size_t pos, bool explicitVr, bool bigEndian, const std::string& name,
                 ScanScope scope, DicomStructure& result) {
    std::vector<Frame> stack{{FrameKind::Elements, b.size, explicitVr, bigEndian, b.size}};
    int depth = 0;
    int pixelItems = -1;  // items seen in top-level encapsulated pixel data; -1 until it starts
    auto push = [&](Frame frame) {
        if (frame.kind != FrameKind::Elements && ++depth > kMaxSequenceDepth) {
            fail(name, "sequences nested deeper than " + std::to_string(kMaxSequenceDepth) + " levels");
        }
        // An undefined-length item or sequence cannot run past the defined-length one that holds it.
        frame.bound = frame.end == kNoEnd ? stack.back().bound : frame.end;
        stack.push_back(frame);
    };
    auto pop = [&] {
        if (stack.back().kind != FrameKind::Elements)
            --depth;
        stack.pop_back();
    };
    while (true) {
        const Frame& f = stack.back();
        const std::size_t limit = f.bound;
        if (pos > limit) {
            fail(name, "element at byte " + std::to_string(pos) + " overruns its enclosing item");
        }
        if (pos == limit) {
            if (f.end == kNoEnd || stack.size() == 1) {
                if (stack.size() == 1)
                    return;
                fail(name, "truncated data: sequence or item not terminated before the end of " +
                               std::string(limit == b.size ? "the file" : "its enclosing item"));
            }
            pop();
            continue;
        }
        if (limit - pos < 8) {
            fail(name, "truncated element at byte " + std::to_string(pos) + " (" +
                           std::to_string(limit - pos) + " bytes left)");
        }
        const std::uint16_t group = b.u16(pos, f.bigEndian), element = b.u16(pos + 2, f.bigEndian);
        const bool topLevelPixels = stack.size() == 1 && group == 0x7FE0 && element == 0x0010;
        if (topLevelPixels) {
            result.hasPixelData = true;
            result.pixelDataOffset = pos;
        }
        if (group == 0xFFFE) {
            const std::uint32_t length = b.u32(pos + 4, f.bigEndian);
            pos += 8;
            if (element == 0xE00D) {
                if (f.kind != FrameKind::Elements || f.end != kNoEnd || stack.size() == 1) {
                    fail(name, "unexpected item delimiter at byte " + std::to_string(pos - 8));
                }
                pop();
            } else if (element == 0xE0DD) {
                if (f.kind == FrameKind::Elements || f.end != kNoEnd) {
                    fail(name, "unexpected sequence delimiter at byte " + std::to_string(pos - 8));
                }
                pop();
            } else if (element == 0xE000) {
                if (f.kind == FrameKind::Elements)
                    fail(name, "item outside a sequence at byte " + std::to_string(pos - 8));
                const bool undefined = length == kUndefined;
                if (!undefined && length > limit - pos) {
                    fail(name, "truncated data: item of " + std::to_string(length) + " bytes with " +
                                   std::to_string(limit - pos) + " left");
                }
                if (f.kind == FrameKind::Fragments) {
                    if (undefined)
                        fail(name, "pixel data fragment of undefined length");
                    if (stack.size() == 2 && pixelItems >= 0 &&
                        pixelItems++ == 1) {  // after the offset table
                        result.firstFragmentOffset = pos;
                        result.firstFragmentLength = length;
                    }
                    pos += length;
                } else {
                    push({FrameKind::Elements, undefined ? kNoEnd : pos + length, f.explicitVr, f.bigEndian});
                }
            } else {
                fail(name, "invalid item tag " + tagText(group, element));
            }
            continue;
        }
        if (f.kind != FrameKind::Elements) {
            fail(name, "expected an item in a sequence, found " + tagText(group, element));
        }
        std::uint32_t length = 0;
        const std::uint8_t* vr = nullptr;
        std::size_t header = 8;
        if (f.explicitVr) {
            vr = b.data + pos + 4;
            if (!isKnownVr(vr))
                fail(name, "invalid value representation in element " + tagText(group, element));
            if (hasLongLength(vr)) {
                header = 12;
                if (limit - pos < header)
                    fail(name, "truncated element header " + tagText(group, element));
                length = b.u32(pos + 8, f.bigEndian);
            } else {
                length = b.u16(pos + 6, f.bigEndian);
            }
        } else {
            length = b.u32(pos + 4, f.bigEndian);
        }
        pos += header;
        if (topLevelPixels)
            result.pixelDataValueOffset = pos;
        if (topLevelPixels && scope == ScanScope::UntilPixelData)
            return;  // the header of the pixel data element is whole: what a stopped parse reads of it
        if (length == kUndefined) {
            if (group == 0x7FE0 && element == 0x0010 && !(vr && vrIs(vr, "SQ"))) {
                if (stack.size() == 1)
                    pixelItems = 0;
                push({FrameKind::Fragments, kNoEnd, f.explicitVr, f.bigEndian});
            } else if (!vr || vrIs(vr, "SQ") || vrIs(vr, "UN")) {
                // CP-246: a UN sequence's content is implicit VR little endian.
                const bool un = vr && vrIs(vr, "UN");
                push({FrameKind::Items, kNoEnd, un ? false : f.explicitVr, un ? false : f.bigEndian});
            } else {
                fail(name, "undefined length in element " + tagText(group, element));
            }
            continue;
        }
        if (length > limit - pos) {
            fail(name, "truncated data: element " + tagText(group, element) + " declares " +
                           std::to_string(length) + " bytes but only " + std::to_string(limit - pos) +
                           " are left");
        }
        // Defined-length sequences: explicit SQ, or a UN whose value starts with an item (CP-246). In
        // implicit VR only content that starts with an item tag can nest, whatever the dictionary says.
        const bool startsWithItem =
            length >= 8 && b.u16(pos, f.bigEndian) == 0xFFFE && b.u16(pos + 2, f.bigEndian) == 0xE000;
        const bool startsWithItemLe =
            length >= 8 && b.u16(pos, false) == 0xFFFE && b.u16(pos + 2, false) == 0xE000;
        if (vr && vrIs(vr, "SQ")) {
            push({FrameKind::Items, pos + length, f.explicitVr, f.bigEndian});
        } else if (vr && vrIs(vr, "UN") && startsWithItemLe) {
            push({FrameKind::Items, pos + length, false, false});
        } else if (!vr && startsWithItem) {
            push({FrameKind::Items, pos + length, false, f.bigEndian});
        } else {
            pos += length;
        }
    }
}

bool isJpegProcess(const std::string& ts) {
    for (const char* uid : {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53",
                            "1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"}) {
        if (ts == uid)
            return true;
    }
    return false;
}

/// JPEG markers from SOI to the first frame header (SOFn): each a marker (after optional 0xFF fill bytes)
/// with a segment length that fits the fragment, or a standalone RSTm/TEM.
void checkJpegHeader(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const auto refuse = [&name](const std::string& cause) {
        fail(name, "cannot decode the JPEG pixel data: " + cause);
    };
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8)
        refuse("it does not start with a start-of-image marker");
    std::size_t pos = 2;
    while (true) {
        while (pos + 1 < size && data[pos] == 0xFF && data[pos + 1] == 0xFF)
            ++pos;  // fill bytes
        if (pos + 2 > size)
            break;
        if (data[pos] != 0xFF)
            refuse("byte " + std::to_string(pos) + " of the first fragment is not a marker");
        const std::uint8_t marker = data[pos + 1];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            pos += 2;
            continue;
        }
        if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA || marker == 0x00)
            break;  // image start, end or scan before a frame header
        if (pos + 4 > size)
            break;
        const std::size_t length = std::size_t(data[pos + 2]) << 8 | data[pos + 3];
        if (length < 2 || length > size - pos - 2)
            refuse("the marker segment at byte " + std::to_string(pos) +
                   " of the first fragment has an invalid length");
        const bool frameHeader =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frameHeader)
            return;
        pos += 2 + length;
    }
    refuse("its first fragment has no frame header");
}

std::vector<std::uint8_t> inflateDataset(const std::uint8_t* data, std::size_t size,
                                         const std::string& name) {
    for (const int windowBits : {-MAX_WBITS, MAX_WBITS}) {  // raw deflate (the standard), then zlib-wrapped
        z_stream z{};
        if (inflateInit2(&z, windowBits) != Z_OK)
            fail(name, "cannot initialise the deflate decoder");
        std::vector<std::uint8_t> out;
        z.next_in = const_cast<Bytef*>(data);
        z.avail_in = static_cast<uInt>(size);  // callers keep files below 4 GiB
        int rc = Z_OK;
        while (rc == Z_OK) {
            const std::size_t chunk = std::size_t(1) << 20;
            if (out.size() > kMaxInflatedBytes) {
                inflateEnd(&z);
                fail(name,
                     "deflated dataset expands beyond " + std::to_string(kMaxInflatedBytes >> 20) + " MiB");
            }
            const std::size_t used = out.size();
            out.resize(used + chunk);
            z.next_out = out.data() + used;
            z.avail_out = static_cast<uInt>(chunk);
            rc = inflate(&z, Z_NO_FLUSH);
            out.resize(used + (chunk - z.avail_out));
            if (rc == Z_BUF_ERROR && z.avail_in == 0)
                break;  // input ended without a stream end
        }
        inflateEnd(&z);
        if (rc == Z_STREAM_END)
            return out;
    }
    fail(name, "corrupt deflated dataset");
}

}  // namespace

DicomStructure scanDicomStructure(const std::uint8_t* data, std::size_t size, const std::string& name,
                                  ScanScope scope) {
    DicomStructure result;
    const Bytes b{data, size};
    std::size_t pos = 0;
    if (size >= 132 && std::memcmp(data + 128, "DICM", 4) == 0)
        pos = 132;
    // File meta information: group 0002, always explicit VR little endian.
    std::optional<std::uint32_t> groupLength;
    std::size_t metaStart = 0;
    while (size - pos >= 8 && b.u16(pos, false) == 0x0002) {
        const std::uint8_t* vr = data + pos + 4;
        if (!isKnownVr(vr))
            fail(name, "invalid value representation in the file meta information");
        std::size_t header = 8;
        std::uint32_t length = b.u16(pos + 6, false);
        if (hasLongLength(vr)) {
            if (size - pos < 12)
                fail(name, "truncated file meta information");
            header = 12;
            length = b.u32(pos + 8, false);
        }
        if (length > size - pos - header)
            fail(name, "truncated file meta information");
        if (b.u16(pos + 2, false) == 0x0000 && length == 4) {
            groupLength = b.u32(pos + header, false);
            metaStart = pos + header + length;
        }
        if (b.u16(pos + 2, false) == 0x0010) {
            result.transferSyntaxUid.assign(reinterpret_cast<const char*>(data + pos + header), length);
            while (!result.transferSyntaxUid.empty() &&
                   (result.transferSyntaxUid.back() == '\0' || result.transferSyntaxUid.back() == ' ')) {
                result.transferSyntaxUid.pop_back();
            }
            // A UID is digits and dots. DCMTK reads the value as a C string, so "\0\0a0..." would name
            // no syntax at all, which it takes for its internal implicit VR big endian (a fuzzer found the
            // 1.4 GB element length that reading gives).
            for (const char c : result.transferSyntaxUid) {
                if (!(c == '.' || (c >= '0' && c <= '9')))
                    fail(name, "the transfer syntax UID in the file meta information is not a UID");
            }
        }
        pos += header + length;
    }
    // DCMTK bounds the meta header by its group length; where that disagrees with the elements, the parser
    // would start the dataset somewhere this scan did not check.
    if (groupLength && pos - metaStart != *groupLength)
        fail(name, "the file meta information group length (" + std::to_string(*groupLength) +
                       ") does not match its elements (" + std::to_string(pos - metaStart) + " bytes)");
    if (pos == size)
        fail(name, "no dataset after the file meta information");
    if (size - pos < 8)
        fail(name, "truncated dataset");

    const std::string& ts = result.transferSyntaxUid;
    bool explicitVr = true, bigEndian = false;
    if (ts.empty()) {  // bare dataset or no transfer syntax: guess like DCMTK does
        explicitVr = isKnownVr(data + pos + 4);
        // DICOM has no implicit VR big endian, and the reader tells DCMTK implicit little endian.
        bigEndian = explicitVr && b.u16(pos, true) < b.u16(pos, false);
    } else {
        explicitVr = ts != "1.2.840.10008.1.2";
        bigEndian = ts == "1.2.840.10008.1.2.2";
    }
    result.explicitVr = explicitVr;
    result.bigEndian = bigEndian;
    result.datasetOffset = pos;
    if (ts == "1.2.840.10008.1.2.1.99") {
        const std::vector<std::uint8_t> inflated = inflateDataset(data + pos, size - pos, name);
        scanDataset(Bytes{inflated.data(), inflated.size()}, 0, true, false, name, scope, result);
    } else {
        scanDataset(b, pos, explicitVr, bigEndian, name, scope, result);
        if (scope == ScanScope::WholeDataset && isJpegProcess(ts) && result.firstFragmentLength > 0)
            checkJpegHeader(data + result.firstFragmentOffset, result.firstFragmentLength, name);
    }
    return result;
}

}  // namespace boneage::imaging::detail
