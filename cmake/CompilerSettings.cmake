# Per-target compile settings, applied through an INTERFACE target instead of global flags.
add_library(boneage_compile_options INTERFACE)
target_compile_features(boneage_compile_options INTERFACE cxx_std_17)
target_compile_options(boneage_compile_options INTERFACE -Wall -Wextra
    $<$<BOOL:${BONEAGE_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_definitions(boneage_compile_options INTERFACE QT_NO_KEYWORDS)

if(BONEAGE_SANITIZE OR BONEAGE_FUZZ)
    # -O1 keeps the instrumented tests (phantom renders, DICOM decodes) fast enough for CI.
    set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -O1)
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        # torch and Qt are not built with vptr-checkable RTTI for every type; keep the check off.
        list(APPEND _san -fno-sanitize=vptr)
    endif()
    target_compile_options(boneage_compile_options INTERFACE ${_san})
    target_link_options(boneage_compile_options INTERFACE ${_san})
endif()
