#include "MalformedFilms.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace boneage::imaging::testing {

namespace {

using Bytes = std::vector<std::uint8_t>;

const char* const kExplicitLe = "1.2.840.10008.1.2.1";
const char* const kImplicitLe = "1.2.840.10008.1.2";
const char* const kCrSopClass = "1.2.840.10008.5.1.4.1.1.1";

/// Little-endian DICOM stream builder (explicit or implicit VR).
class DicomBytes {
public:
    Bytes bytes;

    DicomBytes& raw(const Bytes& b) {
        bytes.insert(bytes.end(), b.begin(), b.end());
        return *this;
    }
    DicomBytes& u16(std::uint16_t v) {
        bytes.push_back(std::uint8_t(v));
        bytes.push_back(std::uint8_t(v >> 8));
        return *this;
    }
    DicomBytes& u32(std::uint32_t v) { return u16(std::uint16_t(v)).u16(std::uint16_t(v >> 16)); }
    DicomBytes& tag(std::uint16_t g, std::uint16_t e) { return u16(g).u16(e); }
    DicomBytes& preamble() {
        bytes.insert(bytes.end(), 128, 0);
        return raw({'D', 'I', 'C', 'M'});
    }
    /// Explicit VR element; `length` overrides the value's length (to lie about it).
    DicomBytes& el(std::uint16_t g, std::uint16_t e, const char* vr, const Bytes& value,
                   std::int64_t length = -1) {
        const std::uint32_t len = length < 0 ? std::uint32_t(value.size()) : std::uint32_t(length);
        tag(g, e);
        bytes.push_back(std::uint8_t(vr[0]));
        bytes.push_back(std::uint8_t(vr[1]));
        const std::string v(vr, 2);
        if (v == "OB" || v == "OW" || v == "SQ" || v == "UN" || v == "UT") {
            u16(0).u32(len);
        } else {
            u16(std::uint16_t(len));
        }
        return raw(value);
    }
    /// Implicit VR element.
    DicomBytes& iel(std::uint16_t g, std::uint16_t e, const Bytes& value, std::int64_t length = -1) {
        tag(g, e).u32(length < 0 ? std::uint32_t(value.size()) : std::uint32_t(length));
        return raw(value);
    }
    DicomBytes& meta(const std::string& ts, const std::string& sopClass = kCrSopClass) {
        DicomBytes group;
        group.el(0x0002, 0x0001, "OB", {0, 1});
        group.el(0x0002, 0x0002, "UI", ui(sopClass));
        group.el(0x0002, 0x0003, "UI", ui("1.2.826.0.1.3680043.2.1125.1"));
        group.el(0x0002, 0x0010, "UI", ui(ts));
        el(0x0002, 0x0000, "UL", le32(std::uint32_t(group.bytes.size())));
        return raw(group.bytes);
    }

    static Bytes us(std::uint16_t v) { return {std::uint8_t(v), std::uint8_t(v >> 8)}; }
    static Bytes le32(std::uint32_t v) {
        return {std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16), std::uint8_t(v >> 24)};
    }
    static Bytes text(std::string s, char pad = ' ') {
        if (s.size() % 2)
            s += pad;
        return Bytes(s.begin(), s.end());
    }
    static Bytes ui(const std::string& s) { return text(s, '\0'); }
};

/// The knobs of one byte-built single-frame film.
struct Spec {
    std::string ts = kExplicitLe;
    std::string sopClass = kCrSopClass;
    int rows = 64, columns = 64;
    int samples = 1, bitsAllocated = 8, bitsStored = 8, highBit = 7;
    std::string photometric = "MONOCHROME2";
    bool withRows = true, withPhotometric = true, withPixelData = true;
    std::int64_t rowsLength = -1;   // lie about the Rows value length
    std::int64_t pixelLength = -1;  // declared pixel data length (default: the real one)
    std::int64_t pixelBytes = -1;   // bytes actually present (default: rows*columns*samples*bytes)
    std::string rescaleSlope;       // written when not empty
    std::string numberOfFrames;     // written when not empty
};

Bytes pixelsFor(std::int64_t count) {
    Bytes p(std::size_t(count < 0 ? 0 : count));
    for (std::size_t i = 0; i < p.size(); ++i)
        p[i] = std::uint8_t(i * 7 + i / 64);
    return p;
}

Bytes film(const Spec& s) {
    DicomBytes d;
    d.preamble().meta(s.ts, s.sopClass);
    d.el(0x0008, 0x0016, "UI", DicomBytes::ui(s.sopClass));
    d.el(0x0008, 0x0018, "UI", DicomBytes::ui("1.2.826.0.1.3680043.2.1125.1"));
    d.el(0x0008, 0x0060, "CS", DicomBytes::text("CR"));
    d.el(0x0010, 0x0020, "LO", DicomBytes::text("MALFORMED"));
    d.el(0x0028, 0x0002, "US", DicomBytes::us(std::uint16_t(s.samples)));
    if (s.withPhotometric)
        d.el(0x0028, 0x0004, "CS", DicomBytes::text(s.photometric));
    if (s.numberOfFrames.size())
        d.el(0x0028, 0x0008, "IS", DicomBytes::text(s.numberOfFrames));
    if (s.withRows) {
        Bytes rows = DicomBytes::us(std::uint16_t(s.rows));
        if (s.rowsLength == 3)
            rows.push_back(0);
        d.el(0x0028, 0x0010, "US", rows, s.rowsLength);
    }
    d.el(0x0028, 0x0011, "US", DicomBytes::us(std::uint16_t(s.columns)));
    d.el(0x0028, 0x0100, "US", DicomBytes::us(std::uint16_t(s.bitsAllocated)));
    d.el(0x0028, 0x0101, "US", DicomBytes::us(std::uint16_t(s.bitsStored)));
    d.el(0x0028, 0x0102, "US", DicomBytes::us(std::uint16_t(s.highBit)));
    d.el(0x0028, 0x0103, "US", DicomBytes::us(0));
    if (s.rescaleSlope.size()) {
        d.el(0x0028, 0x1052, "DS", DicomBytes::text("0"));
        d.el(0x0028, 0x1053, "DS", DicomBytes::text(s.rescaleSlope));
    }
    if (s.withPixelData) {
        const std::int64_t real = std::int64_t(s.rows) * s.columns * s.samples * (s.bitsAllocated / 8);
        const Bytes pixels = pixelsFor(s.pixelBytes < 0 ? real + (real % 2) : s.pixelBytes);
        d.el(0x7FE0, 0x0010, s.bitsAllocated > 8 ? "OW" : "OB", pixels, s.pixelLength);
    }
    return d.bytes;
}

/// An encapsulated (compressed) film whose single fragment is `fragment`.
Bytes encapsulated(const std::string& ts, const Bytes& fragment, int bits = 8) {
    Spec s;
    s.ts = ts;
    s.bitsAllocated = bits > 8 ? 16 : 8;
    s.bitsStored = bits;
    s.highBit = bits - 1;
    s.withPixelData = false;
    DicomBytes d;
    d.bytes = film(s);
    d.tag(0x7FE0, 0x0010).raw({'O', 'B'}).u16(0).u32(0xFFFFFFFF);
    d.tag(0xFFFE, 0xE000).u32(0);  // empty basic offset table
    Bytes frag = fragment;
    if (frag.size() % 2)
        frag.push_back(0);
    d.tag(0xFFFE, 0xE000).u32(std::uint32_t(frag.size())).raw(frag);
    d.tag(0xFFFE, 0xE0DD).u32(0);
    return d.bytes;
}

Bytes randomBytes(std::size_t n, std::uint32_t seed) {
    Bytes b(n);
    for (auto& v : b) {
        seed = seed * 1664525u + 1013904223u;
        v = std::uint8_t(seed >> 24);
    }
    return b;
}

/// A film whose dataset holds `levels` nested sequences before the image attributes.
Bytes nested(int levels, bool definedLength, bool implicitVr) {
    Spec s;
    s.ts = implicitVr ? kImplicitLe : kExplicitLe;
    DicomBytes d;
    d.preamble().meta(s.ts);
    const std::uint16_t g = 0x0040, e = 0xA730;  // Content Sequence
    if (!definedLength) {
        for (int i = 0; i < levels; ++i) {
            if (implicitVr)
                d.tag(g, e).u32(0xFFFFFFFF);
            else
                d.tag(g, e).raw({'S', 'Q'}).u16(0).u32(0xFFFFFFFF);
            d.tag(0xFFFE, 0xE000).u32(0xFFFFFFFF);
        }
        for (int i = 0; i < levels; ++i)
            d.tag(0xFFFE, 0xE00D).u32(0).tag(0xFFFE, 0xE0DD).u32(0);
        return d.bytes;
    }
    // Defined lengths, built inside out.
    Bytes inner;
    for (int i = 0; i < levels; ++i) {
        DicomBytes item;
        item.tag(0xFFFE, 0xE000).u32(std::uint32_t(inner.size())).raw(inner);
        DicomBytes seq;
        if (implicitVr)
            seq.tag(g, e).u32(std::uint32_t(item.bytes.size()));
        else
            seq.tag(g, e).raw({'S', 'Q'}).u16(0).u32(std::uint32_t(item.bytes.size()));
        seq.raw(item.bytes);
        inner = std::move(seq.bytes);
    }
    return d.raw(inner).bytes;
}

/// Raw deflate of `prefix` followed by `zeros` zero bytes, streamed (no buffer of the inflated size).
Bytes deflateWithZeros(const Bytes& prefix, std::size_t zeros) {
    z_stream z{};
    deflateInit2(&z, 1, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
    Bytes out;
    const Bytes zeroChunk(std::size_t(1) << 20, 0);
    std::uint8_t buffer[1 << 16];
    auto pump = [&](const std::uint8_t* data, std::size_t size, int flush) {
        z.next_in = const_cast<Bytef*>(data);
        z.avail_in = uInt(size);
        do {
            z.next_out = buffer;
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
        } while (z.avail_out == 0);
    };
    pump(prefix.data(), prefix.size(), Z_NO_FLUSH);
    for (std::size_t done = 0; done < zeros; done += zeroChunk.size()) {
        pump(zeroChunk.data(), std::min(zeroChunk.size(), zeros - done), Z_NO_FLUSH);
    }
    pump(nullptr, 0, Z_FINISH);
    deflateEnd(&z);
    return out;
}

Bytes pngChunk(const char* type, const Bytes& data) {
    Bytes c;
    auto be32 = [&](std::uint32_t v) {
        for (int s = 24; s >= 0; s -= 8)
            c.push_back(std::uint8_t(v >> s));
    };
    be32(std::uint32_t(data.size()));
    c.insert(c.end(), type, type + 4);
    c.insert(c.end(), data.begin(), data.end());
    const std::uint32_t crc = std::uint32_t(
        crc32(crc32(0, reinterpret_cast<const Bytef*>(type), 4), data.data(), uInt(data.size())));
    be32(crc);
    return c;
}

Bytes pngHeader(std::uint32_t width, std::uint32_t height) {
    Bytes ihdr;
    for (std::uint32_t v : {width, height})
        for (int s = 24; s >= 0; s -= 8)
            ihdr.push_back(std::uint8_t(v >> s));
    ihdr.insert(ihdr.end(), {8, 0, 0, 0, 0});  // 8-bit grey
    Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const Bytes chunk = pngChunk("IHDR", ihdr);
    png.insert(png.end(), chunk.begin(), chunk.end());
    return png;
}

Bytes jpegWithFrame(std::uint16_t width, std::uint16_t height) {
    return {0xFF,
            0xD8,
            0xFF,
            0xC0,
            0x00,
            0x0B,
            0x08,
            std::uint8_t(height >> 8),
            std::uint8_t(height),
            std::uint8_t(width >> 8),
            std::uint8_t(width),
            0x01,
            0x01,
            0x11,
            0x00,
            0xFF,
            0xD9};
}

/// A JPEG 2000 codestream: main header (SIZ, COD, QCD) declaring `width` x `height` with `components` of
/// `precision` bits, then (withTile) one tile part of 16 zero bytes: OpenJPEG reads its header, so the
/// loader's own checks against the DICOM header decide.
Bytes jpeg2000Codestream(std::uint32_t width, std::uint32_t height, std::uint16_t components, int precision,
                         bool withTile = true) {
    Bytes b{0xFF, 0x4F, 0xFF, 0x51};
    auto be16 = [&](std::uint32_t v) {
        b.push_back(std::uint8_t(v >> 8));
        b.push_back(std::uint8_t(v));
    };
    auto be32 = [&](std::uint32_t v) {
        be16(v >> 16);
        be16(v & 0xFFFF);
    };
    be16(38u + 3u * components);
    be16(0);  // Rsiz
    for (const std::uint32_t v : {width, height, 0u, 0u, width, height, 0u, 0u})
        be32(v);
    be16(components);
    for (std::uint16_t c = 0; c < components; ++c)
        b.insert(b.end(), {std::uint8_t(precision - 1), 1, 1});
    b.insert(b.end(),
             {0xFF, 0x52, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x04, 0x04, 0x00, 0x01});  // COD
    b.insert(b.end(), {0xFF, 0x5C, 0x00, 0x04, 0x40, 0x40});  // QCD: no quantisation, one subband
    if (withTile) {
        b.insert(b.end(), {0xFF, 0x90, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01});  // SOT
        b.insert(b.end(), {0xFF, 0x93});                                                              // SOD
        b.insert(b.end(), 16, 0x00);
    }
    b.insert(b.end(), {0xFF, 0xD9});
    return b;
}

std::vector<MalformedFilm> buildMalformedFilms();

}  // namespace

std::vector<std::uint8_t> validBaselineFilm() {
    return film(Spec{});
}

std::vector<MalformedFilm> malformedFilms() {
    static const std::vector<MalformedFilm> films = buildMalformedFilms();
    return films;
}

namespace {

std::vector<MalformedFilm> buildMalformedFilms() {
    std::vector<MalformedFilm> out;
    auto add = [&](std::string name, std::string cause, Bytes bytes) {
        out.push_back({std::move(name), std::move(cause), std::move(bytes)});
    };
    auto spec = [](auto&& change) {
        Spec s;
        change(s);
        return film(s);
    };
    const Bytes valid = validBaselineFilm();

    add("empty_file.dcm", "empty file", {});
    add("random_bytes.dcm", "not a DICOM, PNG or JPEG", [] {
        Bytes b = randomBytes(4096, 7);
        b[0] = 0x5A;
        return b;
    }());
    add("text_file_named.png", "not a DICOM, PNG or JPEG",
        DicomBytes::text("this is a text file, not a hand film\n"));
    add("preamble_only.dcm", "no dataset", Bytes(valid.begin(), valid.begin() + 132));
    // No file meta information, so the encoding is guessed: an implicit VR dataset is little endian (DICOM
    // has no implicit big endian), so the second element's length is 0xF9000000, not 249.
    add("no_meta_implicit_vr_length_beyond_end_of_file.dcm", "truncated data", [&valid] {
        Bytes b(valid.begin(), valid.begin() + 132);
        for (const std::uint8_t byte : {0x02, 0x3D, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // (3D02,0000) empty
                                        0x10, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0xF9})  // (0010,0010)
            b.push_back(byte);
        b.resize(b.size() + 0xF9, 0x20);  // exactly what a big-endian reading would expect
        return b;
    }());
    // A bare dataset (no preamble, no meta) that the scan reads as implicit VR little endian, as the reader
    // tells the parser. DCMTK's own guess is big endian ((0008,0000) is a known tag), which makes the second
    // length 0x85000000: the parser must not guess.
    add("bare_dataset_implicit_vr_parser_would_guess_big_endian.dcm", "missing pixel data", [] {
        Bytes b{0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // (0800,0000), empty
                0x00, 0x00, 0x00, 0x84, 0x85, 0x00, 0x00, 0x00};  // (0000,8400), 133 bytes
        b.resize(b.size() + 0x85, 0x00);
        return b;
    }());
    // A transfer syntax UID that starts with NUL bytes: DCMTK reads it as no syntax and the dataset as
    // implicit VR big endian, whose first length is 0x55491A00 (the scan read explicit VR little endian).
    add("meta_transfer_syntax_uid_with_nul_bytes.dcm",
        "transfer syntax UID in the file meta information is not a UID",
        spec([](Spec& s) { s.ts = std::string("\0\0a0\0\x01\x1cQ10008.1.2.4.90", 22); }));
    // Truncated at many offsets: in the preamble, the meta header, an element header, a value, the pixels.
    for (const std::size_t at :
         {std::size_t(1), std::size_t(100), std::size_t(131), std::size_t(137), std::size_t(150),
          std::size_t(210), std::size_t(300), std::size_t(345), valid.size() - 4000, valid.size() - 1}) {
        const std::string cause = at <= 131 ? "not a DICOM" : "truncated";
        add("truncated_at_" + std::to_string(at) + ".dcm", cause,
            Bytes(valid.begin(), valid.begin() + std::ptrdiff_t(at)));
    }
    add("rows_zero.dcm", "empty image", spec([](Spec& s) { s.rows = 0; }));
    add("columns_zero.dcm", "empty image", spec([](Spec& s) { s.columns = 0; }));
    add("rows_and_columns_huge.dcm", "too large", spec([](Spec& s) {
            s.rows = s.columns = 65535;
            s.pixelBytes = 4096;
        }));
    add("pixels_claimed_8192x8192_but_4096_bytes.dcm", "truncated pixel data", spec([](Spec& s) {
            s.rows = s.columns = 8192;
            s.pixelBytes = 4096;
        }));
    add("one_pixel_film.dcm", "too small to assess", spec([](Spec& s) { s.rows = s.columns = 1; }));
    add("film_16x16_too_small.dcm", "too small to assess", spec([](Spec& s) { s.rows = s.columns = 16; }));
    add("bits_stored_exceeds_bits_allocated.dcm", "BitsStored 12 is not within BitsAllocated 8",
        spec([](Spec& s) {
            s.bitsStored = 12;
            s.highBit = 11;
        }));
    add("bits_allocated_32.dcm", "unsupported BitsAllocated 32", spec([](Spec& s) {
            s.bitsAllocated = 32;
            s.bitsStored = 32;
            s.highBit = 31;
        }));
    add("bits_stored_zero.dcm", "BitsStored 0", spec([](Spec& s) { s.bitsStored = 0; }));
    add("high_bit_beyond_bits_allocated.dcm", "invalid HighBit", spec([](Spec& s) { s.highBit = 9; }));
    add("missing_pixel_data.dcm", "missing pixel data", spec([](Spec& s) { s.withPixelData = false; }));
    add("missing_rows.dcm", "missing Rows", spec([](Spec& s) { s.withRows = false; }));
    add("missing_photometric.dcm", "missing PhotometricInterpretation",
        spec([](Spec& s) { s.withPhotometric = false; }));
    add("rows_value_length_3.dcm", "invalid value length", spec([](Spec& s) { s.rowsLength = 3; }));
    add("pixel_data_shorter_than_rows_x_columns.dcm", "truncated pixel data",
        spec([](Spec& s) { s.pixelBytes = 1000; }));
    add("pixel_data_length_beyond_end_of_file.dcm", "truncated data",
        spec([](Spec& s) { s.pixelLength = 0x40000000; }));
    add("element_length_beyond_end_of_file.dcm", "truncated data", [] {
        DicomBytes d;
        d.preamble().meta(kExplicitLe).el(0x0008, 0x0016, "UI", DicomBytes::ui(kCrSopClass));
        d.el(0x0010, 0x0010, "UT", DicomBytes::text("Doe^J"), 0x7FFFFFF0);
        return d.bytes;
    }());
    add("undefined_length_on_a_short_element.dcm", "truncated data", [] {
        DicomBytes d;
        d.preamble().meta(kExplicitLe).el(0x0008, 0x0016, "UI", DicomBytes::ui(kCrSopClass));
        d.tag(0x0010, 0x0010).raw({'P', 'N'}).u16(0xFFFF).u32(0xFFFFFFFF);
        return d.bytes;
    }());
    add("invalid_vr_in_dataset.dcm", "invalid value representation", [&] {
        Bytes b = valid;
        for (std::size_t i = 132; i + 6 < b.size(); ++i) {
            if (b[i] == 0x08 && b[i + 1] == 0x00 && b[i + 2] == 0x16 && b[i + 3] == 0x00) {
                b[i + 4] = 'Q';
                b[i + 5] = '!';
                break;
            }
        }
        return b;
    }());
    add("nested_sequences_10000_undefined_length.dcm", "nested deeper", nested(10000, false, false));
    add("nested_sequences_10000_defined_length.dcm", "nested deeper", nested(10000, true, false));
    add("nested_sequences_10000_implicit_vr.dcm", "nested deeper", nested(10000, false, true));
    add("nested_sequences_5000_implicit_defined_length.dcm", "nested deeper", nested(5000, true, true));
    add("sequence_not_terminated.dcm", "not terminated", [] {
        DicomBytes d;
        d.preamble().meta(kExplicitLe);
        d.tag(0x0040, 0xA730).raw({'S', 'Q'}).u16(0).u32(0xFFFFFFFF).tag(0xFFFE, 0xE000).u32(0xFFFFFFFF);
        d.el(0x0040, 0xA160, "UT", DicomBytes::text("never closed"));
        return d.bytes;
    }());
    add("stray_item_delimiter_at_top_level.dcm", "unexpected item delimiter", [&] {
        DicomBytes d;
        d.bytes = valid;
        d.tag(0xFFFE, 0xE00D).u32(0);
        return d.bytes;
    }());
    add("basic_text_sr_not_an_image.dcm", "not an image", [] {
        const std::string sr = "1.2.840.10008.5.1.4.1.1.88.11";
        DicomBytes d;
        d.preamble().meta(kExplicitLe, sr);
        d.el(0x0008, 0x0016, "UI", DicomBytes::ui(sr));
        d.el(0x0008, 0x0018, "UI", DicomBytes::ui("1.2.826.0.1.3680043.2.1125.2"));
        d.el(0x0008, 0x0060, "CS", DicomBytes::text("SR"));
        d.el(0x0040, 0xA040, "CS", DicomBytes::text("CONTAINER"));
        DicomBytes item;
        item.el(0x0040, 0xA040, "CS", DicomBytes::text("TEXT"))
            .el(0x0040, 0xA160, "UT", DicomBytes::text("Bone age 10y"));
        DicomBytes seqItem;
        seqItem.tag(0xFFFE, 0xE000).u32(std::uint32_t(item.bytes.size())).raw(item.bytes);
        d.el(0x0040, 0xA730, "SQ", seqItem.bytes);
        return d.bytes;
    }());
    add("jpeg2000_garbage_codestream.dcm", "cannot decode the JPEG 2000 pixel data",
        encapsulated("1.2.840.10008.1.2.4.90", {0xFF, 0x4F, 0xFF, 0x51, 0, 0}));
    add("jpeg2000_fragment_without_codestream_marker.dcm", "does not start with a JPEG 2000 codestream",
        encapsulated("1.2.840.10008.1.2.4.91", randomBytes(600, 6)));
    add("jpeg2000_codestream_larger_than_header.dcm", "the codestream's image is 4096x4096 pixels",
        encapsulated("1.2.840.10008.1.2.4.90", jpeg2000Codestream(4096, 4096, 1, 8)));
    add("jpeg2000_three_components_in_grey_film.dcm", "3 components where SamplesPerPixel is 1",
        encapsulated("1.2.840.10008.1.2.4.90", jpeg2000Codestream(64, 64, 3, 8)));
    add("jpeg2000_16bit_samples_in_8bit_film.dcm", "16-bit samples do not fit BitsAllocated 8",
        encapsulated("1.2.840.10008.1.2.4.90", jpeg2000Codestream(64, 64, 1, 16)));
    add("jpeg2000_main_header_without_tile.dcm", "cannot decode the JPEG 2000 pixel data",
        encapsulated("1.2.840.10008.1.2.4.90", jpeg2000Codestream(64, 64, 1, 8, false)));
    add("jpeg2000_part2_transfer_syntax.dcm", "unsupported transfer syntax JPEG 2000 Part 2",
        encapsulated("1.2.840.10008.1.2.4.92", jpeg2000Codestream(64, 64, 1, 8)));
    add("unknown_transfer_syntax.dcm", "unsupported transfer syntax 1.2.3.4.5",
        spec([](Spec& s) { s.ts = "1.2.3.4.5"; }));
    add("jpeg_baseline_garbage_fragment.dcm", "cannot decode",
        encapsulated("1.2.840.10008.1.2.4.50", randomBytes(600, 3)));
    add("jpeg_ls_garbage_fragment.dcm", "cannot decode",
        encapsulated("1.2.840.10008.1.2.4.80", randomBytes(600, 4)));
    add("rle_garbage_fragment.dcm", "cannot decode",
        encapsulated("1.2.840.10008.1.2.5", randomBytes(600, 5)));
    add("rgb_film_with_one_sample_per_pixel.dcm",
        "SamplesPerPixel 1 does not fit photometric interpretation RGB",
        spec([](Spec& s) { s.photometric = "RGB"; }));
    add("palette_colour_film_without_palette.dcm",
        "PALETTE COLOR film without a valid red palette descriptor",
        spec([](Spec& s) { s.photometric = "PALETTE COLOR"; }));
    add("hsv_film.dcm", "unsupported photometric interpretation HSV", spec([](Spec& s) {
            s.samples = 3;
            s.photometric = "HSV";
        }));
    add("rgb_film_pixel_data_one_plane_short.dcm", "truncated pixel data", spec([](Spec& s) {
            s.samples = 3;
            s.photometric = "RGB";
            s.pixelBytes = 64 * 64 * 2;
        }));
    add("number_of_frames_zero.dcm", "invalid NumberOfFrames", spec([](Spec& s) { s.numberOfFrames = "0"; }));
    add("rescale_slope_zero.dcm", "invalid RescaleSlope", spec([](Spec& s) { s.rescaleSlope = "0"; }));
    add("deflate_bomb.dcm", "expands beyond", [] {
        DicomBytes d;
        d.preamble().meta("1.2.840.10008.1.2.1.99");
        const std::size_t zeros = std::size_t(200) << 20;
        DicomBytes inner;
        inner.el(0x0008, 0x0016, "UI", DicomBytes::ui(kCrSopClass));
        inner.tag(0x7FE0, 0x0010).raw({'O', 'B'}).u16(0).u32(std::uint32_t(zeros));
        return d.raw(deflateWithZeros(inner.bytes, zeros)).bytes;
    }());
    add("deflate_corrupt_stream.dcm", "corrupt deflated dataset", [] {
        DicomBytes d;
        d.preamble().meta("1.2.840.10008.1.2.1.99");
        return d.raw(randomBytes(512, 9)).bytes;
    }());
    add("png_header_without_image_data.png", "truncated PNG", pngHeader(64, 64));
    add("png_claims_100000x100000.png", "too large", pngHeader(100000, 100000));
    add("png_signature_only.png", "corrupt PNG header", Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    add("jpeg_1x1.jpg", "too small to assess", jpegWithFrame(1, 1));
    add("jpeg_frame_header_without_scan.jpg", "cannot decode", jpegWithFrame(64, 64));
    add("jpeg_truncated_marker.jpg", "corrupt JPEG",
        Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'});
    add("jpeg2000_codestream.jp2", "JPEG 2000", Bytes{0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x2F, 0, 0});
    return out;
}

}  // namespace

std::vector<std::string> writeMalformedFilms(const std::string& directory) {
    std::filesystem::create_directories(directory);
    std::vector<std::string> paths;
    for (const MalformedFilm& f : malformedFilms()) {
        const std::string path = (std::filesystem::path(directory) / f.fileName).string();
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(f.bytes.data()), std::streamsize(f.bytes.size()));
        if (!out)
            throw std::runtime_error("cannot write " + path);
        paths.push_back(path);
    }
    return paths;
}

}  // namespace boneage::imaging::testing
