// loadFilm / loadFilmFromMemory: read the bytes, recognise the format by content, dispatch, and make sure
// nothing but boneage::Error leaves.
#include "imaging/FilmLoader.h"

#include "imaging/DicomReader.h"
#include "imaging/FilmFile.h"
#include "imaging/RasterReader.h"

#include "common/Error.h"

#include <opencv2/core.hpp>

#include <new>
#include <vector>

namespace boneage::imaging {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& cause) {
    throw Error(ErrorCode::BadInput, name, cause);
}

}  // namespace

Film loadFilmFromMemory(const std::uint8_t* data, std::size_t size, const std::string& name) {
    try {
        const std::string format = detail::filmFormatOf(data, size, name);
        return format == "dicom" ? detail::readDicom(data, size, name)
                                 : detail::readRaster(data, size, name, format);
    } catch (const Error&) {
        throw;
    } catch (const cv::Exception& e) {
        fail(name, std::string("cannot decode the image: ") + e.err);
    } catch (const std::bad_alloc&) {
        fail(name, "not enough memory to decode the image");
    } catch (const std::exception& e) {
        fail(name, std::string("cannot decode the image: ") + e.what());
    } catch (...) {
        fail(name, "cannot decode the image");
    }
}

Film loadFilm(const std::string& path) {
    detail::FilmFile file(path);
    file.readPrefix(file.size());
    const std::vector<std::uint8_t> bytes = file.take();
    return loadFilmFromMemory(bytes.data(), bytes.size(), path);
}

}  // namespace boneage::imaging
