// Writes the seed corpus of fuzz_film_loader: small valid films in every transfer syntax (JPEG 2000 too),
// colour films, PNGs, and the malformed films of tests/imaging.
#include "CodecFilms.h"
#include "MalformedFilms.h"

#include "imaging/FilmWriter.h"

#include <cstdio>
#include <exception>
#include <filesystem>

using namespace boneage::imaging;

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
            o.metadata.studyInstanceUid = "1.2.826.0.1.3680043.10.1";
            o.metadata.seriesInstanceUid = "1.2.826.0.1.3680043.10.1.1";
            o.metadata.sopInstanceUid = "1.2.826.0.1.3680043.10.1.1." + std::to_string(k + 1);
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
        for (const auto& f : testing::malformedFilms()) {
            if (f.bytes.size() > 65536)
                continue;  // the fuzzer's max_len
            std::FILE* out = std::fopen((dir + "/malformed_" + f.fileName).c_str(), "wb");
            if (!out)
                return 1;
            std::fwrite(f.bytes.data(), 1, f.bytes.size(), out);
            std::fclose(out);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_film_loader_seeds: %s\n", e.what());
        return 1;
    }
}
