# Every build option of BoneAge Workstation, in one place.
#
# BONEAGE_ENGINE_ONLY  Build only core/engine, core/clinical, core/phantom (+ common) and their tests/bench.
#                      Needs nothing but LibTorch and the standard library: this is the configuration for the
#                      GPU machine (-DCMAKE_PREFIX_PATH=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')).
# BONEAGE_GUI          Build the Qt Widgets workstation (ui/ and boneage-workstation).
# BONEAGE_SANITIZE     Instrument everything with AddressSanitizer + UndefinedBehaviorSanitizer.
# BONEAGE_FUZZ         Build libFuzzer targets (needs clang; implies the sanitizer build).
# BONEAGE_WARNINGS_AS_ERRORS  Turn -Wall -Wextra warnings into errors (CI).
# BONEAGE_MODULES      Developer convenience: a list of module names (clinical;engine;imaging;...) to build
#                      alone with their tests; empty builds everything.
set(BONEAGE_MODULES "" CACHE STRING "Build only these modules (empty: all)")
option(BONEAGE_ENGINE_ONLY "Build only the LibTorch engine, clinical and phantom modules" OFF)
option(BONEAGE_GUI "Build the Qt Widgets workstation" ON)
option(BONEAGE_SANITIZE "Build with ASan + UBSan" OFF)
option(BONEAGE_FUZZ "Build libFuzzer targets (clang only)" OFF)
option(BONEAGE_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)

set(BONEAGE_PYTHON "/usr/bin/python3" CACHE FILEPATH
    "Python with torch (Debian's python3-torch) used by tests to export reference models")

if(BONEAGE_ENGINE_ONLY)
    set(BONEAGE_GUI OFF)
endif()

set(BONEAGE_DEFAULT_MODEL_DIR "${PROJECT_SOURCE_DIR}/models/rsna-compact" CACHE PATH
    "The model package the CLI and the workstation use when none is configured")

# The random-weight test packages (about 440 MB, a few minutes to export) are shared by every build folder of a
# checkout; models/make_test_models.py re-exports them only when the Python sources change (a stamp file).
set(BONEAGE_TEST_MODELS_DIR "${PROJECT_SOURCE_DIR}/.cache/test-models" CACHE PATH
    "Where the test fixture writes its random-weight model packages")
