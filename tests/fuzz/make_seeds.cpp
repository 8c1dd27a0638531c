// Writes the seed corpus of fuzz_film_loader: small valid films in every transfer syntax (JPEG 2000 too),
// colour films, PNGs and JPEGs (some EXIF-turned), and the malformed films of tests/imaging.
#include "CodecFilms.h"
#include "MalformedFilms.h"

#include "imaging/FilmWriter.h"
#include "imaging/Uid.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

using namespace boneage::imaging;

namespace {

void writeFile(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out || std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size())
        throw std::runtime_error("cannot write " + path);
    std::fclose(out);
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        c ^= data[i];
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_film_loader_seeds OUTDIR\n");
        return 2;
    }
    try {
        const std::string dir = argv[1];
        // Both start empty, so every fuzz run begins from the same corpus (and repeats with the same seed).
        std::filesystem::remove_all(dir);
        std::filesystem::remove_all(dir + "-work");
        std::filesystem::create_directories(dir);
        std::filesystem::create_directories(dir + "-work");
        const int w = 40, h = 36;
        std::vector<std::uint16_t> pixels(std::size_t(w) * h);
        for (std::size_t i = 0; i < pixels.size(); ++i)
            pixels[i] = std::uint16_t((i * 37) % 256);
        const TransferSyntax syntaxes[] = {
            TransferSyntax::ExplicitLittleEndian, TransferSyntax::ImplicitLittleEndian,
            TransferSyntax::ExplicitBigEndian,    TransferSyntax::DeflatedLittleEndian,
            TransferSyntax::JpegBaseline,         TransferSyntax::JpegLossless,
            TransferSyntax::JpegLsLossless,       TransferSyntax::JpegLsNearLossless,
            TransferSyntax::RleLossless};
        int k = 0;
        for (const TransferSyntax ts : syntaxes) {
            DicomWriteOptions o;
            o.transferSyntax = ts;
            o.bitsStored = 8;
            o.monochrome1 = k % 2 == 1;
            o.window = Window{128, 200};
            // Fixed UIDs: with fresh ones the seeds, and so the inputs the fuzzer tries, differ run to run.
            o.metadata.studyInstanceUid = uidFromName("fuzz seed study");
            o.metadata.seriesInstanceUid = uidFromName("fuzz seed series");
            o.metadata.sopInstanceUid = uidFromName("fuzz seed " + std::to_string(k + 1));
            writeDicom(dir + "/seed_" + std::to_string(k++) + ".dcm", w, h, pixels, o);
        }
        writePng(dir + "/seed.png", w, h, pixels, 8);
        // JPEG 2000 (grey lossless and lossy, colour with the component transform) and colour films.
        std::vector<std::uint16_t> rgb(pixels.size() * 3);
        for (std::size_t i = 0; i < rgb.size(); ++i)
            rgb[i] = std::uint16_t((i * 53) % 256);
        testing::PixelModule grey;
        grey.columns = w;
        grey.rows = h;
        testing::PixelModule colour = grey;
        colour.samples = 3;
        colour.photometric = "YBR_RCT";
        testing::writeEncapsulatedFilm(dir + "/seed_j2k_lossless.dcm", grey, "1.2.840.10008.1.2.4.90",
                                       {testing::encodeJpeg2000(w, h, 1, 8, pixels, true, false)});
        testing::writeEncapsulatedFilm(dir + "/seed_j2k_lossy.dcm", grey, "1.2.840.10008.1.2.4.91",
                                       {testing::encodeJpeg2000(w, h, 1, 8, pixels, false, false, 8)});
        testing::writeEncapsulatedFilm(dir + "/seed_j2k_colour.dcm", colour, "1.2.840.10008.1.2.4.90",
                                       {testing::encodeJpeg2000(w, h, 3, 8, rgb, true, true)});
        colour.photometric = "RGB";
        testing::writeNativeFilm(dir + "/seed_rgb.dcm", colour, rgb);
        colour.photometric = "YBR_FULL_422";
        testing::writeNativeFilm(
            dir + "/seed_ybr_full_422.dcm", colour,
            std::vector<std::uint16_t>(rgb.begin(), rgb.begin() + std::ptrdiff_t(w * h * 2)));
        testing::PaletteTables palette;
        palette.bits = 8;
        for (int i = 0; i < 256; ++i) {
            palette.red.push_back(std::uint16_t(i));
            palette.green.push_back(std::uint16_t(255 - i));
            palette.blue.push_back(std::uint16_t((i * 7) % 256));
        }
        grey.photometric = "PALETTE COLOR";
        testing::writeNativeFilm(dir + "/seed_palette.dcm", grey, pixels, "1.2.840.10008.1.2.1", &palette);
        // Rasters turned by an EXIF orientation (the header reader parses it): a JPEG with an APP1 "Exif"
        // segment and a PNG with an eXIf chunk, both saying "rotate 90 degrees".
        const std::vector<std::uint8_t> tiff{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0,
                                             3,   0,   0, 0,  1, 0, 6, 0, 0, 0, 0,    0,    0};
        std::vector<std::uint8_t> bytes(pixels.begin(), pixels.end());
        std::vector<std::uint8_t> jpeg;
        cv::imencode(".jpg", cv::Mat(h, w, CV_8UC1, bytes.data()), jpeg);
        std::vector<std::uint8_t> app1{0xFF, 0xE1, 0, std::uint8_t(tiff.size() + 8), 'E', 'x', 'i',
                                       'f',  0,    0};
        app1.insert(app1.end(), tiff.begin(), tiff.end());
        jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
        writeFile(dir + "/seed_exif.jpg", jpeg);
        std::vector<std::uint8_t> png;
        cv::imencode(".png", cv::Mat(h, w, CV_8UC1, bytes.data()), png);
        std::vector<std::uint8_t> chunk{0, 0, 0, std::uint8_t(tiff.size()), 'e', 'X', 'I', 'f'};
        chunk.insert(chunk.end(), tiff.begin(), tiff.end());
        const std::uint32_t crc = crc32(chunk.data() + 4, chunk.size() - 4);
        for (int shift : {24, 16, 8, 0})
            chunk.push_back(std::uint8_t(crc >> shift));
        png.insert(png.begin() + 33, chunk.begin(), chunk.end());  // after the signature and IHDR
        writeFile(dir + "/seed_exif.png", png);
        for (const auto& f : testing::malformedFilms()) {
            if (f.bytes.size() > 65536)
                continue;  // the fuzzer's max_len
            writeFile(dir + "/malformed_" + f.fileName, f.bytes);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_film_loader_seeds: %s\n", e.what());
        return 1;
    }
}
