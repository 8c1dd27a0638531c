// libFuzzer target over the film loader: every input must load or throw boneage::Error(BadInput); anything
// else (a crash, a sanitizer report, another exception type, a leak) is a bug.
#include "imaging/FilmLoader.h"

#include "common/Error.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const boneage::imaging::Film film = boneage::imaging::loadFilmFromMemory(data, size, "fuzz-input");
        if (film.pixels.size() != std::size_t(film.width) * std::size_t(film.height))
            std::abort();
    } catch (const boneage::Error& e) {
        if (e.code() != boneage::ErrorCode::BadInput)
            std::abort();
    }
    return 0;
}
