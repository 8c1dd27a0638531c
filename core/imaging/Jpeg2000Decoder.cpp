// decodeJpeg2000Frame: OpenJPEG over a memory stream, strict mode, one thread, the header checked against
// the DICOM layout before opj_decode allocates anything for the pixels.
#include "imaging/Jpeg2000Decoder.h"

#include "common/Error.h"

#include <openjpeg.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

namespace boneage::imaging::detail {

namespace {

[[noreturn]] void refuse(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, "cannot decode the JPEG 2000 pixel data: " + cause);
}

struct MemoryStream {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos = 0;
};

OPJ_SIZE_T readBytes(void* buffer, OPJ_SIZE_T count, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (s->pos >= s->size)
        return OPJ_SIZE_T(-1);  // OpenJPEG's end of stream
    const std::size_t n = std::min<std::size_t>(count, s->size - s->pos);
    std::memcpy(buffer, s->data + s->pos, n);
    s->pos += n;
    return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (count < 0) {
        const std::size_t back = std::min<std::size_t>(std::size_t(-count), s->pos);
        s->pos -= back;
        return -OPJ_OFF_T(back);
    }
    const std::size_t n = std::min<std::size_t>(std::size_t(count), s->size - s->pos);
    s->pos += n;
    return OPJ_OFF_T(n);
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (offset < 0 || std::uint64_t(offset) > s->size)
        return OPJ_FALSE;
    s->pos = std::size_t(offset);
    return OPJ_TRUE;
}

/// OpenJPEG reports through callbacks; keep its first error for the sentence, drop warnings and info.
void keepFirstError(const char* message, void* user) {
    auto* first = static_cast<std::string*>(user);
    if (!first->empty() || !message)
        return;
    *first = message;
    while (!first->empty() && (first->back() == '\n' || first->back() == ' '))
        first->pop_back();
    if (!first->empty())
        (*first)[0] = char(std::tolower(static_cast<unsigned char>((*first)[0])));
}
void ignoreMessage(const char*, void*) {}

struct CodecDeleter {
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

/// The codestream must describe exactly the frame the DICOM header announces.
void checkAgainstLayout(const opj_image_t& image, const FrameLayout& layout, const std::string& name,
                        bool decoded) {
    if (int(image.numcomps) != layout.samples) {
        refuse(name, "it has " + std::to_string(image.numcomps) + " components where SamplesPerPixel is " +
                         std::to_string(layout.samples));
    }
    for (OPJ_UINT32 c = 0; c < image.numcomps; ++c) {
        const opj_image_comp_t& comp = image.comps[c];
        if (comp.dx != 1 || comp.dy != 1)
            refuse(name, "subsampled components are not supported");
        if (comp.prec < 1 || comp.prec > OPJ_UINT32(layout.bitsAllocated)) {
            refuse(name, "its " + std::to_string(comp.prec) + "-bit samples do not fit BitsAllocated " +
                             std::to_string(layout.bitsAllocated));
        }
        if (decoded &&
            (!comp.data || comp.w != OPJ_UINT32(layout.columns) || comp.h != OPJ_UINT32(layout.rows)))
            refuse(name, "the decoded components do not have the size of the image");
    }
    const std::uint64_t width = image.x1 > image.x0 ? image.x1 - image.x0 : 0;
    const std::uint64_t height = image.y1 > image.y0 ? image.y1 - image.y0 : 0;
    if (width != std::uint64_t(layout.columns) || height != std::uint64_t(layout.rows)) {
        refuse(name, "the codestream's image is " + std::to_string(width) + "x" + std::to_string(height) +
                         " pixels, the header says " + std::to_string(layout.columns) + "x" +
                         std::to_string(layout.rows));
    }
}

}  // namespace

void decodeJpeg2000Frame(const std::uint8_t* data, std::size_t size, const FrameLayout& layout,
                         std::uint8_t* out, const std::string& name) {
    static const std::uint8_t kJp2Signature[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
    static const std::uint8_t kCodestreamStart[] = {0xFF, 0x4F, 0xFF, 0x51};
    OPJ_CODEC_FORMAT format = OPJ_CODEC_J2K;
    if (size >= sizeof kJp2Signature && std::memcmp(data, kJp2Signature, sizeof kJp2Signature) == 0)
        format = OPJ_CODEC_JP2;
    else if (size < sizeof kCodestreamStart ||
             std::memcmp(data, kCodestreamStart, sizeof kCodestreamStart) != 0)
        refuse(name, "the first frame does not start with a JPEG 2000 codestream");

    std::string error;
    const std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(format));
    if (!codec)
        refuse(name, "OpenJPEG cannot create a decoder");
    opj_set_error_handler(codec.get(), keepFirstError, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters) || !opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE) ||
        !opj_codec_set_threads(codec.get(), 1)) {
        refuse(name, "OpenJPEG cannot set up its decoder");
    }

    MemoryStream memory{data, size};
    const std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
    if (!stream)
        refuse(name, "OpenJPEG cannot create a stream");
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readBytes);
    opj_stream_set_skip_function(stream.get(), skipBytes);
    opj_stream_set_seek_function(stream.get(), seekTo);

    opj_image_t* rawImage = nullptr;
    const bool headerRead = opj_read_header(stream.get(), codec.get(), &rawImage);
    const std::unique_ptr<opj_image_t, ImageDeleter> image(rawImage);
    if (!headerRead || !image)
        refuse(name, error.empty() ? "its main header is unreadable" : error);
    checkAgainstLayout(*image, layout, name, false);
    if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
        refuse(name, error.empty() ? "the codestream is corrupt or truncated" : error);
    // JP2 palettes and channel definitions are applied during decoding: look again.
    checkAgainstLayout(*image, layout, name, true);

    const std::size_t pixels = std::size_t(layout.columns) * std::size_t(layout.rows);
    const std::size_t samples = std::size_t(layout.samples);
    const std::uint32_t mask = layout.bitsAllocated == 8 ? 0xFFu : 0xFFFFu;
    for (std::size_t c = 0; c < samples; ++c) {
        const OPJ_INT32* values = image->comps[c].data;
        for (std::size_t i = 0; i < pixels; ++i) {
            const std::size_t index = layout.colourByPlane ? c * pixels + i : i * samples + c;
            const std::uint32_t bits = std::uint32_t(values[i]) & mask;
            if (layout.bitsAllocated == 8) {
                out[index] = std::uint8_t(bits);
            } else {
                const std::uint16_t word = std::uint16_t(bits);
                std::memcpy(out + 2 * index, &word, 2);
            }
        }
    }
}

}  // namespace boneage::imaging::detail
