#include "pacs/ScuSession.h"

#include "common/Error.h"

#include <dcmtk/dcmnet/diutil.h>

namespace boneage::pacs::detail {

namespace {

bool isPending(Uint16 status) {
    return status == STATUS_Pending || status == 0xFF01;
}

}  // namespace

ScuSession::ScuSession(const Peer& peer, const ClientOptions& options, CancelToken* cancel)
    : m_peer(peer), m_options(options), m_cancel(cancel) {
    ensureDcmtkNetworkReady();
    setAETitle(options.callingAeTitle.c_str());
    setPeerAETitle(peer.aeTitle.c_str());
    setPeerHostName(peer.host.c_str());
    setPeerPort(peer.port);
    setConnectionTimeout(options.timeouts.connectSeconds);
    setACSETimeout(Uint32(options.timeouts.acseSeconds));
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    setDIMSETimeout(Uint32(options.timeouts.dimseSeconds));
    setMaxReceivePDULength(ASC_DEFAULTMAXPDU);
    setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
    if (m_cancel)
        m_cancel->setInterrupt([this] { m_transport.interrupt(); });
}

ScuSession::~ScuSession() {
    if (m_cancel)
        m_cancel->setInterrupt({});
    close(true);
}

void ScuSession::fail(const std::string& cause) {
    throw Error(ErrorCode::Network, describePeer(m_peer), cancelled() ? std::string("cancelled") : cause);
}

void ScuSession::check(const OFCondition& condition) {
    if (cancelled())
        fail("cancelled");
    if (condition.bad())
        fail(causeOf(condition, m_options.timeouts));
}

void ScuSession::open(const std::vector<PresentationContext>& contexts) {
    if (cancelled())
        fail("cancelled");
    for (const PresentationContext& c : contexts) {
        OFList<OFString> syntaxes;
        for (const std::string& ts : c.transferSyntaxes)
            syntaxes.push_back(ts.c_str());
        check(addPresentationContext(c.abstractSyntax.c_str(), syntaxes, c.role));
    }
    check(initNetwork());
    check(useSecureConnection(&m_transport));  // plain TCP, but through a transport a cancel can shut down
    const OFCondition cond = negotiateAssociation();
    if (cond == NET_EC_NoAcceptablePresentationContexts)
        fail("the peer accepted none of the services asked for");
    check(cond);
}

void ScuSession::close(bool abort) noexcept {
    if (!isConnected())
        return;
    if (abort || cancelled())
        abortAssociation();
    else if (releaseAssociation().bad())
        abortAssociation();
}

T_ASC_PresentationContextID ScuSession::contextFor(const std::string& abstractSyntax) {
    const T_ASC_PresentationContextID id = findAnyPresentationContextID(abstractSyntax.c_str(), "");
    if (id == 0) {
        const char* name = dcmFindNameOfUID(abstractSyntax.c_str());
        fail(std::string("the peer does not offer ") + (name ? name : abstractSyntax.c_str()));
    }
    return id;
}

OFCondition ScuSession::handleFINDResponse(T_ASC_PresentationContextID presID, QRResponse* response,
                                           OFBool& waitForNextResponse) {
    waitForNextResponse = OFFalse;
    if (!response)
        return DIMSE_NULLKEY;
    if (cancelled()) {
        sendCANCELRequest(presID);
        return EC_Normal;
    }
    if (isPending(response->m_status)) {
        if (response->m_dataset)
            findResults.push_back(*response->m_dataset);
        waitForNextResponse = OFTrue;
    } else {
        finalStatus = response->m_status;
    }
    return EC_Normal;
}

void ScuSession::retrieveResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                  OFBool& more) {
    more = OFFalse;
    if (!response)
        return;
    RetrieveProgress progress;
    progress.completed = response->m_numberOfCompletedSubops;
    progress.remaining = response->m_numberOfRemainingSubops;
    progress.failed = response->m_numberOfFailedSubops;
    progress.warning = response->m_numberOfWarningSubops;
    lastProgress = progress;
    if (onProgress)
        onProgress(progress);
    if (cancelled()) {
        sendCANCELRequest(presID);
        return;
    }
    if (isPending(response->m_status))
        more = OFTrue;
    else
        finalStatus = response->m_status;
}

OFCondition ScuSession::handleMOVEResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                           OFBool& waitForNextResponse) {
    retrieveResponse(presID, response, waitForNextResponse);
    return EC_Normal;
}

OFCondition ScuSession::handleCGETResponse(T_ASC_PresentationContextID presID, RetrieveResponse* response,
                                           OFBool& continueCGETSession) {
    retrieveResponse(presID, response, continueCGETSession);
    return EC_Normal;
}

OFCondition ScuSession::handleSTORERequestFile(T_ASC_PresentationContextID* presID,
                                               const OFString& /*filename*/, T_DIMSE_C_StoreRQ* request) {
    // DcmSCU passes a path built from the request's SOP instance UID (its CVE-2022-2119/2120): ignored.
    if (!incoming || cancelled())
        return makeDcmnetCondition(DIMSEC_OUTOFRESOURCES, OF_error, "no storage for received objects");
    std::string part;
    try {
        part = incoming->createPart();
    } catch (const Error& e) {
        if (!storageError)
            storageError = e;
        return makeDcmnetCondition(DIMSEC_OUTOFRESOURCES, OF_error, "cannot store the received object");
    }
    const OFCondition cond = DcmSCU::handleSTORERequestFile(presID, part.c_str(), request);
    if (cond.bad()) {
        IncomingFolder::discard(part);
        return cond;
    }
    try {
        storedFiles.push_back(incoming->commit(part));
    } catch (const Error& e) {
        if (!storageError)
            storageError = e;
        return makeDcmnetCondition(DIMSEC_OUTOFRESOURCES, OF_error, "cannot store the received object");
    }
    return cond;
}

}  // namespace boneage::pacs::detail
