// film-header-bench: what a worklist import of a folder costs with the full decode (imaging::loadFilm)
// against the header only (imaging::readFilmHeader). A printed benchmark, not a test.
//   film-header-bench DIR [ROUNDS]
// Every regular file in DIR is read once first, so both ways run from the page cache; then each way runs
// ROUNDS times (default 3) over all files and the median round is printed, with the bytes read.
#include "imaging/FilmHeader.h"
#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace boneage;

namespace {

std::uint64_t bytesReadSoFar() {
    std::ifstream io("/proc/self/io");
    std::string key;
    std::uint64_t value = 0;
    while (io >> key >> value) {
        if (key == "rchar:")
            return value;
    }
    return 0;
}

struct Round {
    double ms = 0;
    std::uint64_t bytes = 0;
    std::size_t failed = 0;
};

Round timeRound(const std::vector<std::string>& files, const std::function<void(const std::string&)>& read) {
    Round round;
    const std::uint64_t before = bytesReadSoFar();
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& file : files) {
        try {
            read(file);
        } catch (const Error&) {
            ++round.failed;
        }
    }
    round.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    round.bytes = bytesReadSoFar() - before;
    return round;
}

Round median(std::vector<Round> rounds) {
    std::sort(rounds.begin(), rounds.end(), [](const Round& a, const Round& b) { return a.ms < b.ms; });
    return rounds[rounds.size() / 2];
}

void print(const char* what, const Round& r, std::size_t films) {
    std::printf("%-24s %9.1f ms  (%7.2f ms/film)  %8.1f MiB read  %zu failed\n", what, r.ms,
                r.ms / double(films), double(r.bytes) / (1024.0 * 1024.0), r.failed);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: film-header-bench DIR [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc == 3 ? std::max(1, std::atoi(argv[2])) : 3;
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1], ec)) {
        if (entry.is_regular_file())
            files.push_back(entry.path().string());
    }
    if (ec || files.empty()) {
        std::fprintf(stderr, "film-header-bench: no files in %s\n", argv[1]);
        return 2;
    }
    std::sort(files.begin(), files.end());
    std::uint64_t total = 0;
    for (const std::string& file : files) {  // warm the page cache
        std::ifstream in(file, std::ios::binary);
        std::vector<char> buffer(1 << 20);
        while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
            total += std::uint64_t(in.gcount());
    }
    std::vector<Round> full, header;
    for (int i = 0; i < rounds; ++i) {
        full.push_back(timeRound(files, [](const std::string& f) { (void)imaging::loadFilm(f); }));
        header.push_back(timeRound(files, [](const std::string& f) { (void)imaging::readFilmHeader(f); }));
    }
    std::printf("%zu files, %.1f MiB, median of %d rounds (page cache warm)\n", files.size(),
                double(total) / (1024.0 * 1024.0), rounds);
    print("full decode (loadFilm)", median(full), files.size());
    print("header (readFilmHeader)", median(header), files.size());
    return 0;
}
