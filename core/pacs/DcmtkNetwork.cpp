#include "pacs/DcmtkNetwork.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/cond.h>
#include <dcmtk/dcmnet/dcmtrans.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/oflog/oflog.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace boneage::pacs::detail {

void ensureDcmtkNetworkReady() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (const char* name : {"dcmtk.dcmnet", "dcmtk.dcmdata", "dcmtk.dcmnet.dul", "dcmtk.dcmnet.dimse"})
            OFLog::getLogger(name).setLogLevel(OFLogger::FATAL_LOG_LEVEL);
    });
}

namespace {

bool contains(const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
}

/// DCMTK's condition texts may hold several lines (a condition and the one beneath it): one clause.
std::string oneLine(std::string text) {
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
        text.replace(at, 1, "; ");
    while (!text.empty() && (text.back() == '.' || text.back() == ' '))
        text.pop_back();
    return text;
}

}  // namespace

std::string causeOf(const OFCondition& condition, const Timeouts& timeouts) {
    const std::string text = oneLine(condition.text() ? condition.text() : "");
    if (condition.module() == OFM_dcmnet && condition.code() == DULC_TCPINITERROR) {
        if (contains(text, "refused"))
            return "connection refused (nothing listens on that port)";
        if (contains(text, "timed out") || contains(text, "Timeout") || contains(text, "timeout"))
            return "no connection within " + std::to_string(timeouts.connectSeconds) + " s";
        if (contains(text, "host") || contains(text, "Name"))
            return "unknown host";
        return "cannot connect: " + text;
    }
    if (condition == DUL_ASSOCIATIONREJECTED)
        return "association rejected by the peer (check the AE titles and that it knows this workstation)";
    if (condition == DUL_PEERABORTEDASSOCIATION)
        return "the peer aborted the association";
    if (condition == DUL_NETWORKCLOSED)
        return "the peer closed the connection";
    if (condition == DUL_READTIMEOUT || condition == DIMSE_NODATAAVAILABLE)
        return "no answer within " + std::to_string(timeouts.dimseSeconds) + " s";
    if (condition == NET_EC_NoAcceptablePresentationContexts)
        return "the peer accepted none of the proposed services";
    if (condition == DUL_ILLEGALPDU || condition == DUL_UNEXPECTEDPDU || condition == DIMSE_PARSEFAILED ||
        condition == DIMSE_BADMESSAGE)
        return "malformed answer from the peer: " + text;
    // DUL's state machine back in Sta1 (no association) under a DIMSE failure: the peer aborted or dropped
    // the association while this side was still sending or receiving (e.g. a C-STORE response within a
    // C-GET).
    if ((condition == DIMSE_SENDFAILED || condition == DIMSE_RECEIVEFAILED ||
         condition == DIMSE_READPDVFAILED) &&
        contains(text, "state 1 event"))
        return "the association was aborted or its connection closed in the middle of a transfer";
    if (condition == DIMSE_READPDVFAILED || condition == DIMSE_RECEIVEFAILED)
        return "the connection broke while receiving: " + text;
    if (condition == DIMSE_SENDFAILED)
        return "the connection broke while sending: " + text;
    return text.empty() ? std::string("network failure") : "network failure: " + text;
}

std::string statusText(unsigned status) {
    char code[8];
    std::snprintf(code, sizeof code, "0x%04X", status & 0xFFFFu);
    std::string meaning;
    if ((status & 0xF000u) == 0xA000u)
        meaning = status == 0xA701 || status == 0xA702 ? "refused: out of resources" : "failed";
    else if ((status & 0xF000u) == 0xC000u)
        meaning = "failed: unable to process";
    else if (status == 0xFE00u)
        meaning = "cancelled";
    else if ((status & 0xF000u) == 0xB000u)
        meaning = "warning";
    else if (status == 0x0122u)
        meaning = "SOP class not supported";
    else if (status == 0x0124u)
        meaning = "not authorised";
    else if (status == 0x0211u)
        meaning = "unrecognised operation";
    else
        meaning = "error";
    return std::string("status ") + code + " (" + meaning + ")";
}

std::vector<std::string> transferSyntaxes() {
    return {UID_LittleEndianExplicitTransferSyntax,
            UID_LittleEndianImplicitTransferSyntax,
            UID_BigEndianExplicitTransferSyntax,
            UID_DeflatedExplicitVRLittleEndianTransferSyntax,
            UID_JPEGProcess14SV1TransferSyntax,
            UID_JPEGProcess14TransferSyntax,
            UID_JPEGLSLosslessTransferSyntax,
            UID_JPEG2000LosslessOnlyTransferSyntax,
            UID_RLELosslessTransferSyntax,
            UID_JPEGProcess1TransferSyntax,
            UID_JPEGProcess2_4TransferSyntax,
            UID_JPEGLSLossyTransferSyntax,
            UID_JPEG2000TransferSyntax};
}

std::vector<std::string> storageSopClasses() {
    return {UID_ComputedRadiographyImageStorage,
            UID_DigitalXRayImageStorageForPresentation,
            UID_DigitalXRayImageStorageForProcessing,
            UID_SecondaryCaptureImageStorage,
            UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
            UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
            UID_MultiframeTrueColorSecondaryCaptureImageStorage,
            UID_DigitalMammographyXRayImageStorageForPresentation,
            UID_XRayAngiographicImageStorage,
            UID_CTImageStorage,
            UID_MRImageStorage,
            UID_UltrasoundImageStorage,
            UID_VLPhotographicImageStorage,
            UID_BasicTextSRStorage,
            UID_EnhancedSRStorage,
            UID_ComprehensiveSRStorage,
            UID_EncapsulatedPDFStorage,
            UID_GrayscaleSoftcopyPresentationStateStorage,
            UID_KeyObjectSelectionDocumentStorage};
}

InterruptibleTransport::~InterruptibleTransport() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_socket >= 0)
        ::close(m_socket);
}

DcmTransportConnection* InterruptibleTransport::createConnection(DcmNativeSocketType openSocket,
                                                                 OFBool /*useSecureLayer*/) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_socket >= 0)
        ::close(m_socket);
    m_socket = ::dup(openSocket);
    if (m_interrupted && m_socket >= 0)
        ::shutdown(m_socket, SHUT_RDWR);
    return new DcmTCPConnection(openSocket);
}

void InterruptibleTransport::interrupt() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_interrupted = true;
    if (m_socket >= 0)
        ::shutdown(m_socket, SHUT_RDWR);
}

}  // namespace boneage::pacs::detail

namespace boneage::pacs::detail {

int InterruptibleTransport::releaseSocket() {
    std::lock_guard<std::mutex> lock(m_mutex);
    const int socket = m_socket;
    m_socket = -1;
    return socket;
}

}  // namespace boneage::pacs::detail
