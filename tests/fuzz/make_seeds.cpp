// Writes the seed corpus of fuzz_film_loader: small valid films in every transfer syntax, PNGs, and the
// malformed films of tests/imaging.
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
