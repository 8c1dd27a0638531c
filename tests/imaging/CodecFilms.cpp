#include "CodecFilms.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <openjpeg.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace boneage::imaging::testing {

namespace {

void check(const OFCondition& cond, const char* what) {
    if (cond.bad())
        throw std::runtime_error(std::string(what) + ": " + cond.text());
}

/// The identification and image pixel module every test film carries. Fixed UIDs: the fuzz seeds must be
/// the same on every run.
void fillDataset(DcmDataset& ds, const PixelModule& m) {
    check(ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage), "SOP class");
    check(ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.826.0.1.3680043.10.2.1"), "SOP instance");
    check(ds.putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.10.2"), "study");
    check(ds.putAndInsertString(DCM_SeriesInstanceUID, "1.2.826.0.1.3680043.10.2.2"), "series");
    check(ds.putAndInsertString(DCM_Modality, "OT"), "modality");
    check(ds.putAndInsertString(DCM_PatientID, "CODEC-TEST"), "patient id");
    check(ds.putAndInsertUint16(DCM_SamplesPerPixel, Uint16(m.samples)), "samples");
    check(ds.putAndInsertString(DCM_PhotometricInterpretation, m.photometric.c_str()), "photometric");
    if (m.samples > 1)
        check(ds.putAndInsertUint16(DCM_PlanarConfiguration, Uint16(m.planarConfiguration)), "planar");
    if (m.frames > 1)
        check(ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(m.frames).c_str()), "frames");
    check(ds.putAndInsertUint16(DCM_Rows, Uint16(m.rows)), "rows");
    check(ds.putAndInsertUint16(DCM_Columns, Uint16(m.columns)), "columns");
    check(ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(m.bitsAllocated)), "bits allocated");
    check(ds.putAndInsertUint16(DCM_BitsStored, Uint16(m.bitsStored)), "bits stored");
    check(ds.putAndInsertUint16(DCM_HighBit, Uint16(m.bitsStored - 1)), "high bit");
    check(ds.putAndInsertUint16(DCM_PixelRepresentation, Uint16(m.pixelRepresentation)), "representation");
}

void save(DcmFileFormat& file, const std::string& path, const std::string& transferSyntaxUid) {
    const E_TransferSyntax xfer = DcmXfer(transferSyntaxUid.c_str()).getXfer();
    if (xfer == EXS_Unknown)
        throw std::runtime_error("unknown transfer syntax " + transferSyntaxUid);
    check(file.saveFile(path.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_withoutPadding), "save");
}

struct OutputStream {
    std::vector<std::uint8_t> bytes;
    std::size_t pos = 0;
};

OPJ_SIZE_T writeBytes(void* buffer, OPJ_SIZE_T count, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    if (s->pos + count > s->bytes.size())
        s->bytes.resize(s->pos + count);
    std::memcpy(s->bytes.data() + s->pos, buffer, count);
    s->pos += count;
    return count;
}
OPJ_OFF_T skipOutput(OPJ_OFF_T count, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    s->pos = std::size_t(OPJ_OFF_T(s->pos) + count);
    if (s->pos > s->bytes.size())
        s->bytes.resize(s->pos);
    return count;
}
OPJ_BOOL seekOutput(OPJ_OFF_T offset, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    s->pos = std::size_t(offset);
    if (s->pos > s->bytes.size())
        s->bytes.resize(s->pos);
    return OPJ_TRUE;
}

}  // namespace

void writeNativeFilm(const std::string& path, const PixelModule& module,
                     const std::vector<std::uint16_t>& samples, const std::string& transferSyntaxUid,
                     const PaletteTables* palette) {
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    fillDataset(ds, module);
    if (module.bitsAllocated == 8) {
        std::vector<Uint8> bytes(samples.begin(), samples.end());
        check(ds.putAndInsertUint8Array(DCM_PixelData, bytes.data(), bytes.size()), "pixels");
    } else {
        check(ds.putAndInsertUint16Array(DCM_PixelData, samples.data(), samples.size()), "pixels");
    }
    if (palette) {
        const DcmTagKey descriptors[] = {DCM_RedPaletteColorLookupTableDescriptor,
                                         DCM_GreenPaletteColorLookupTableDescriptor,
                                         DCM_BluePaletteColorLookupTableDescriptor};
        const DcmTagKey tables[] = {DCM_RedPaletteColorLookupTableData, DCM_GreenPaletteColorLookupTableData,
                                    DCM_BluePaletteColorLookupTableData};
        const std::vector<std::uint16_t>* data[] = {&palette->red, &palette->green, &palette->blue};
        for (int c = 0; c < 3; ++c) {
            const Uint16 entries = Uint16(data[c]->size() == 65536 ? 0 : data[c]->size());
            const Uint16 descriptor[] = {entries, Uint16(palette->firstMapped), Uint16(palette->bits)};
            check(ds.putAndInsertUint16Array(descriptors[c], descriptor, 3), "palette descriptor");
            check(ds.putAndInsertUint16Array(tables[c], data[c]->data(), data[c]->size()), "palette data");
        }
    }
    save(file, path, transferSyntaxUid);
}

void writeEncapsulatedFilm(const std::string& path, const PixelModule& module,
                           const std::string& transferSyntaxUid,
                           const std::vector<std::vector<std::uint8_t>>& fragments, bool withOffsetTable,
                           const std::vector<std::size_t>& frameStarts) {
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    fillDataset(ds, module);
    auto sequence = std::make_unique<DcmPixelSequence>(DcmTag(DCM_PixelData, EVR_OB));
    auto table = std::make_unique<DcmPixelItem>(DcmTag(DCM_Item, EVR_OB));
    if (withOffsetTable) {
        std::vector<Uint8> offsets;
        for (const std::size_t start : frameStarts) {
            std::uint32_t offset = 0;
            for (std::size_t i = 0; i < start; ++i)
                offset += 8 + std::uint32_t(fragments[i].size() + fragments[i].size() % 2);
            for (int b = 0; b < 4; ++b)
                offsets.push_back(Uint8(offset >> (8 * b)));
        }
        check(table->putUint8Array(offsets.data(), Uint32(offsets.size())), "offset table");
    }
    check(sequence->insert(table.release()), "offset table item");
    for (const auto& fragment : fragments) {
        auto item = std::make_unique<DcmPixelItem>(DcmTag(DCM_Item, EVR_OB));
        std::vector<Uint8> even(fragment.begin(), fragment.end());
        if (even.size() % 2)
            even.push_back(0);
        check(item->putUint8Array(even.data(), Uint32(even.size())), "fragment");
        check(sequence->insert(item.release()), "fragment item");
    }
    auto pixelData = std::make_unique<DcmPixelData>(DCM_PixelData);
    const E_TransferSyntax xfer = DcmXfer(transferSyntaxUid.c_str()).getXfer();
    pixelData->putOriginalRepresentation(xfer, nullptr, sequence.release());
    check(ds.insert(pixelData.release(), true), "pixel data");
    save(file, path, transferSyntaxUid);
}

std::vector<std::uint8_t> encodeJpeg2000(int width, int height, int components, int precision,
                                         const std::vector<std::uint16_t>& planes, bool lossless, bool mct,
                                         float ratio) {
    std::vector<opj_image_cmptparm_t> parameters(static_cast<std::size_t>(components));
    for (auto& p : parameters) {
        std::memset(&p, 0, sizeof p);
        p.dx = p.dy = 1;
        p.w = OPJ_UINT32(width);
        p.h = OPJ_UINT32(height);
        p.prec = OPJ_UINT32(precision);
        p.sgnd = 0;
    }
    const std::unique_ptr<opj_image_t, void (*)(opj_image_t*)> image(
        opj_image_create(OPJ_UINT32(components), parameters.data(),
                         components == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY),
        opj_image_destroy);
    if (!image)
        throw std::runtime_error("opj_image_create failed");
    image->x0 = image->y0 = 0;
    image->x1 = OPJ_UINT32(width);
    image->y1 = OPJ_UINT32(height);
    const std::size_t pixels = std::size_t(width) * std::size_t(height);
    for (int c = 0; c < components; ++c) {
        for (std::size_t i = 0; i < pixels; ++i)
            image->comps[c].data[i] = OPJ_INT32(planes[std::size_t(c) * pixels + i]);
    }
    opj_cparameters_t cp;
    opj_set_default_encoder_parameters(&cp);
    cp.tcp_numlayers = 1;
    cp.cp_disto_alloc = 1;
    cp.tcp_rates[0] = lossless ? 0 : ratio;
    cp.irreversible = lossless ? 0 : 1;
    cp.tcp_mct = char(mct ? 1 : 0);
    cp.numresolution = 4;
    const std::unique_ptr<opj_codec_t, void (*)(opj_codec_t*)> codec(opj_create_compress(OPJ_CODEC_J2K),
                                                                     opj_destroy_codec);
    if (!codec || !opj_setup_encoder(codec.get(), &cp, image.get()))
        throw std::runtime_error("opj_setup_encoder failed");
    OutputStream out;
    const std::unique_ptr<opj_stream_t, void (*)(opj_stream_t*)> stream(opj_stream_create(1 << 16, OPJ_FALSE),
                                                                        opj_stream_destroy);
    opj_stream_set_user_data(stream.get(), &out, nullptr);
    opj_stream_set_write_function(stream.get(), writeBytes);
    opj_stream_set_skip_function(stream.get(), skipOutput);
    opj_stream_set_seek_function(stream.get(), seekOutput);
    if (!opj_start_compress(codec.get(), image.get(), stream.get()) ||
        !opj_encode(codec.get(), stream.get()) || !opj_end_compress(codec.get(), stream.get())) {
        throw std::runtime_error("OpenJPEG could not encode the test image");
    }
    return out.bytes;
}

}  // namespace boneage::imaging::testing
