# Debian's split OpenCV -dev packages (core, imgproc, imgcodecs) ship no CMake config; libopencv-dev would
# pull in every module. Define the three imported targets we use, with the names OpenCV's config uses.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
foreach(_m core imgproc imgcodecs)
    find_library(OPENCV_${_m}_LIBRARY opencv_${_m} REQUIRED)
    if(NOT TARGET opencv_${_m})
        add_library(opencv_${_m} SHARED IMPORTED)
        set_target_properties(opencv_${_m} PROPERTIES
            IMPORTED_LOCATION "${OPENCV_${_m}_LIBRARY}"
            INTERFACE_INCLUDE_DIRECTORIES "${OPENCV_INCLUDE_DIR}")
    endif()
endforeach()
