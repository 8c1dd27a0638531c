#include "report/DicomSupport.h"

#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmsign/dcsignat.h>
#include <dcmtk/dcmsr/cmr/init.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

#include "common/Error.h"
#include "report/DicomObjects.h"

namespace boneage::report::detail {

void ensureDicomReady() {
    static std::once_flag once;
    std::call_once(once, [] {
        DcmSignature::initializeLibrary();
        // The context groups keep lazily built static tables; building them up front makes them thread-safe.
        CMR_ContentMappingResource::initializeAllContextGroups();
        // Problems are reported through boneage::Error and verification statuses, not DCMTK's own logging.
        for (const char* name : {"dcmtk.dcmdata", "dcmtk.dcmsr", "dcmtk.dcmsr.cmr", "dcmtk.dcmsign"})
            OFLog::getLogger(name).setLogLevel(OFLogger::FATAL_LOG_LEVEL);
    });
}

void check(const OFCondition& condition, const char* what) {
    if (condition.bad())
        throw Error(ErrorCode::Internal, "DICOM", std::string("cannot ") + what + ": " + condition.text());
}

std::unique_ptr<DcmFileFormat> readDicomBytes(const QByteArray& bytes, const std::string& subject) {
    ensureDicomReady();
    auto file = std::make_unique<DcmFileFormat>();
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.constData(), offile_off_t(bytes.size()));
    stream.setEos();
    file->transferInit();
    const OFCondition read = file->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    file->transferEnd();
    if (read.bad())
        throw Error(ErrorCode::BadInput, subject, std::string("not a readable DICOM file: ") + read.text());
    if (!stream.eos() || stream.avail() != 0)
        throw Error(ErrorCode::BadInput, subject, "bytes follow the end of the DICOM dataset");
    return file;
}

QByteArray dicomBytes(DcmFileFormat& file) {
    const E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    check(file.validateMetaInfo(xfer, EWM_createNewMeta), "write the file meta header");
    file.removeInvalidGroups();
    const Uint32 length = file.calcElementLength(xfer, EET_ExplicitLength);
    QByteArray bytes(qsizetype(length) + 4096, '\0');  // + preamble, DICM and meta header
    DcmOutputBufferStream stream(bytes.data(), offile_off_t(bytes.size()));
    file.transferInit();
    const OFCondition written =
        file.write(stream, xfer, EET_ExplicitLength, nullptr, EGL_withoutGL, EPD_withoutPadding);
    file.transferEnd();
    check(written, "serialise the DICOM file");
    if (written == EC_StreamNotifyClient)
        throw Error(ErrorCode::Internal, "DICOM", "the serialised file outgrew its buffer");
    void* buffer = nullptr;
    offile_off_t used = 0;
    stream.flushBuffer(buffer, used);
    bytes.truncate(qsizetype(used));
    return bytes;
}

}  // namespace boneage::report::detail

namespace boneage::report::detail {

QByteArray datasetBytes(DcmDataset& dataset, E_TransferSyntax xfer, E_EncodingType encoding) {
    const Uint32 length = dataset.calcElementLength(xfer, encoding);
    QByteArray bytes(qsizetype(length) + 4096, '\0');
    DcmOutputBufferStream stream(bytes.data(), offile_off_t(bytes.size()));
    dataset.transferInit();
    const OFCondition written =
        dataset.write(stream, xfer, encoding, nullptr, EGL_withoutGL, EPD_withoutPadding);
    dataset.transferEnd();
    if (written.bad() || written == EC_StreamNotifyClient)
        return {};
    void* buffer = nullptr;
    offile_off_t used = 0;
    stream.flushBuffer(buffer, used);
    bytes.truncate(qsizetype(used));
    return bytes;
}

}  // namespace boneage::report::detail
