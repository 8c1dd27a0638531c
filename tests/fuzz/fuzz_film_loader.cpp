// libFuzzer target over the film loader and the header reader: every input must load (or read its header)
// or throw boneage::Error(BadInput); anything else (a crash, a sanitizer report, another exception type, a
// leak, a hang) is a bug. A header that reads must describe a plausible film.
#include "imaging/FilmHeader.h"
#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace boneage;
    try {
        const imaging::FilmHeader header = imaging::readFilmHeaderFromMemory(data, size, "fuzz-input");
        if (header.width < imaging::kMinFilmSide || header.height < imaging::kMinFilmSide ||
            header.width > imaging::kMaxFilmSide || header.height > imaging::kMaxFilmSide)
            std::abort();
    } catch (const Error& e) {
        if (e.code() != ErrorCode::BadInput)
            std::abort();
    }
    try {
        const imaging::Film film = imaging::loadFilmFromMemory(data, size, "fuzz-input");
        if (film.pixels.size() != std::size_t(film.width) * std::size_t(film.height))
            std::abort();
    } catch (const Error& e) {
        if (e.code() != ErrorCode::BadInput)
            std::abort();
    }
    return 0;
}
