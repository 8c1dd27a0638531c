#include "imaging/DcmtkSupport.h"

#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace boneage::imaging::detail {

void ensureDcmtkReady() {
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK's registrations keep static state and are not thread-safe themselves; call_once makes them
        // so. The codecs stay registered for the life of the process (no cleanup: other threads may decode).
        DJDecoderRegistration::registerCodecs();
        // The writer creates fresh instances, so a lossy encoding must keep the UIDs the caller chose.
        DJEncoderRegistration::registerCodecs(ECC_lossyYCbCr, EUC_never);
        DJLSDecoderRegistration::registerCodecs();
        DJLSEncoderRegistration::registerCodecs(0, 0, 0, 0, OFTrue, 0, OFTrue, EJLSUC_never);
        DcmRLEDecoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
        for (const char* name : {"dcmtk.dcmdata", "dcmtk.dcmjpeg", "dcmtk.dcmjpls", "dcmtk.dcmimgle"}) {
            OFLog::getLogger(name).setLogLevel(OFLogger::FATAL_LOG_LEVEL);
        }
    });
}

}  // namespace boneage::imaging::detail
