// boneage-make-malformed OUTDIR: writes the malformed film corpus (see MalformedFilms.h) into OUTDIR.
#include "MalformedFilms.h"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
    if (argc != 2 || argv[1][0] == '-') {
        std::fprintf(stderr,
                     "usage: boneage-make-malformed OUTDIR\n"
                     "Writes malformed DICOM/PNG/JPEG films, each named after the bug it pins.\n");
        return 2;
    }
    try {
        const auto paths = boneage::imaging::testing::writeMalformedFilms(argv[1]);
        std::printf("%zu malformed films written to %s\n", paths.size(), argv[1]);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "boneage-make-malformed: %s\n", e.what());
        return 1;
    }
}
