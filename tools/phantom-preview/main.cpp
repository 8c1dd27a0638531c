// phantom-preview: renders one synthetic hand film and writes a downscaled 8-bit PNG (standard library
// only: uncompressed deflate blocks), for screenshots and eyeballing the generator.
//
//   phantom-preview --out FILE.png [--seed S] [--random] [--sex M|F] [--age MONTHS] [--bone-age MONTHS]
//                   [--height ROWS] [--overlay] [--monochrome1] [--bits 12|16] [--rotation DEG] [--no-noise]
//                   [--film COLUMNSxROWS] [--spacing MM]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "common/Error.h"
#include "phantom/Display.h"
#include "phantom/PhantomFilm.h"

namespace {

using boneage::phantom::GrayImage8;

std::uint32_t crc32(const std::uint8_t* data, std::size_t n, std::uint32_t crc = 0) {
    static std::uint32_t table[256];
    static bool ready = false;
    if (!ready) {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = true;
    }
    crc = ~crc;
    for (std::size_t i = 0; i < n; ++i)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8)
        out.push_back(std::uint8_t(v >> s));
}

void chunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& data) {
    put32(png, std::uint32_t(data.size()));
    const std::size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    put32(png, crc32(png.data() + start, png.size() - start));
}

/// 8-bit grey (channels 1) or RGB (channels 3) PNG with stored (uncompressed) deflate blocks.
bool writePng(const std::string& path, int width, int height, int channels,
              const std::vector<std::uint8_t>& px) {
    std::vector<std::uint8_t> raw;
    const std::size_t rowBytes = std::size_t(width) * std::size_t(channels);
    for (int y = 0; y < height; ++y) {
        raw.push_back(0);  // filter: none
        raw.insert(raw.end(), px.begin() + std::ptrdiff_t(y * rowBytes),
                   px.begin() + std::ptrdiff_t((y + 1) * rowBytes));
    }
    std::vector<std::uint8_t> z = {0x78, 0x01};
    for (std::size_t pos = 0; pos < raw.size();) {
        const std::size_t len = std::min<std::size_t>(65535, raw.size() - pos);
        z.push_back(pos + len == raw.size() ? 1 : 0);
        z.push_back(std::uint8_t(len)), z.push_back(std::uint8_t(len >> 8));
        z.push_back(std::uint8_t(~len)), z.push_back(std::uint8_t(~len >> 8));
        z.insert(z.end(), raw.begin() + std::ptrdiff_t(pos), raw.begin() + std::ptrdiff_t(pos + len));
        pos += len;
    }
    std::uint32_t a = 1, b = 0;
    for (std::uint8_t v : raw)
        a = (a + v) % 65521, b = (b + a) % 65521;
    put32(z, (b << 16) | a);

    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<std::uint8_t> ihdr;
    put32(ihdr, std::uint32_t(width)), put32(ihdr, std::uint32_t(height));
    ihdr.insert(ihdr.end(), {8, std::uint8_t(channels == 3 ? 2 : 0), 0, 0, 0});
    chunk(png, "IHDR", ihdr);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", {});
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
    return bool(file);
}

int usage(const char* message) {
    std::fprintf(stderr, "phantom-preview: %s\n", message);
    std::fprintf(stderr,
                 "usage: phantom-preview --out FILE.png [--seed S] [--random] [--sex M|F] [--age MONTHS]\n"
                 "       [--bone-age MONTHS] [--height ROWS] [--overlay] [--monochrome1] [--bits N]\n"
                 "       [--rotation DEG] [--no-noise] [--film COLUMNSxROWS] [--spacing MM]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace boneage::phantom;
    PhantomSpec spec;
    std::string out;
    int rows = 512;
    bool random = false, overlay = false, noNoise = false;
    std::vector<std::pair<std::string, std::string>> overrides;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (arg == "--out")
            out = value();
        else if (arg == "--height")
            rows = std::atoi(value().c_str());
        else if (arg == "--random")
            random = true;
        else if (arg == "--overlay")
            overlay = true;
        else if (arg == "--no-noise")
            noNoise = true;
        else if (arg == "--monochrome1")
            overrides.push_back({arg, "1"});
        else if (arg == "--seed" || arg == "--sex" || arg == "--age" || arg == "--bone-age" ||
                 arg == "--bits" || arg == "--rotation" || arg == "--film" || arg == "--spacing")
            overrides.push_back({arg, value()});
        else if (arg == "--help")
            return usage("renders one phantom film to a PNG");
        else
            return usage(("unknown option " + arg).c_str());
    }
    if (out.empty())
        return usage("--out is required");
    std::uint64_t seed = 0;
    for (auto& [k, v] : overrides)
        if (k == "--seed")
            seed = std::strtoull(v.c_str(), nullptr, 10);
    if (random)
        spec = randomSpec(seed);
    spec.seed = seed;
    for (auto& [k, v] : overrides) {
        if (k == "--sex") {
            const auto sex = boneage::parseSex(v);
            if (!sex)
                return usage("--sex must be M or F");
            spec.sex = *sex;
        } else if (k == "--age")
            spec.chronologicalAgeMonths = std::atof(v.c_str());
        else if (k == "--bone-age")
            spec.boneAgeMonths = std::atof(v.c_str());
        else if (k == "--bits")
            spec.bitsStored = std::atoi(v.c_str());
        else if (k == "--rotation")
            spec.rotationDeg = std::atof(v.c_str());
        else if (k == "--monochrome1")
            spec.monochrome1 = true;
        else if (k == "--spacing")
            spec.pixelSpacingMm = std::atof(v.c_str());
        else if (k == "--film" && std::sscanf(v.c_str(), "%dx%d", &spec.width, &spec.height) != 2)
            return usage("--film must be COLUMNSxROWS");
    }
    if (noNoise)
        spec.noise = 0;

    try {
        const auto start = std::chrono::steady_clock::now();
        const PhantomFilm film = renderPhantom(spec);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        const GrayImage8 img = displayImage(film, rows);
        std::vector<std::uint8_t> px = img.pixels;
        int channels = 1;
        if (overlay) {
            const GrayImage8 mask = maskImage(film, rows);
            channels = 3;
            px.assign(img.pixels.size() * 3, 0);
            for (std::size_t i = 0; i < img.pixels.size(); ++i) {
                const int g = img.pixels[i];
                const bool m = mask.pixels[i] != 0;
                px[3 * i] = std::uint8_t(m ? std::min(255, g / 2 + 128) : g);
                px[3 * i + 1] = std::uint8_t(m ? g / 2 : g);
                px[3 * i + 2] = std::uint8_t(m ? g / 2 : g);
            }
        }
        if (!writePng(out, img.width, img.height, channels, px)) {
            std::fprintf(stderr, "phantom-preview: %s: cannot write the file\n", out.c_str());
            return 3;
        }
        const Anatomy& a = film.anatomy;
        std::printf(
            "%s: %s, chronological %.1f months, bone age %.1f months, %dx%d @ %.3f mm, %d-bit %s, "
            "%.0f ms; carpals %d, phalangeal epiphyses %d separate / %d fused, radius %s\n",
            out.c_str(), boneage::sexCode(spec.sex), spec.chronologicalAgeMonths, spec.boneAgeMonths,
            film.width, film.height, film.pixelSpacingMm, film.bitsStored,
            film.monochrome1 ? "MONOCHROME1" : "MONOCHROME2", ms, a.visibleCarpals,
            a.separatePhalangealEpiphyses, a.fusedPhalangealEpiphyses,
            a.distalRadiusFused ? "fused" : (a.distalRadiusEpiphysisVisible ? "open" : "absent"));
    } catch (const boneage::Error& e) {
        std::fprintf(stderr, "phantom-preview: %s\n", e.what());
        return 2;
    }
    return 0;
}
