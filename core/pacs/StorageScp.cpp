#include "pacs/StorageScp.h"

#include "common/Error.h"

#include <dcmtk/dcmnet/diutil.h>

#include <sys/socket.h>

namespace boneage::pacs::detail {

namespace {

std::string trimmed(const OFString& text) {
    std::string s = text.c_str();
    while (!s.empty() && s.back() == ' ')
        s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && s[start] == ' ')
        ++start;
    return s.substr(start);
}

}  // namespace

StorageScp::StorageScp(ListenerContext& context, int socket) : m_context(context), m_socket(socket) {}

OFBool StorageScp::checkCalledAETitleAccepted(const OFString& calledAETitle) {
    return trimmed(calledAETitle) == m_context.options.aeTitle;
}

void StorageScp::notifyRECEIVEProgress(const unsigned long byteCount) {
    if (!m_tooLarge && byteCount > m_context.options.maxObjectBytes) {
        m_tooLarge = true;
        ::shutdown(m_socket, SHUT_RDWR);  // the receive fails at once; the part is discarded
    }
}

OFCondition StorageScp::handleIncomingCommand(T_DIMSE_Message* message,
                                              const DcmPresentationContextInfo& info) {
    if (message->CommandField != DIMSE_C_STORE_RQ)
        return DcmThreadSCP::handleIncomingCommand(message, info);
    T_DIMSE_C_StoreRQ& request = message->msg.CStoreRQ;
    std::string part;
    try {
        part = m_context.folder.createPart();
    } catch (const Error&) {
        return DIMSE_OUTOFRESOURCES;  // ends the association: the sender retries later
    }
    OFCondition cond = receiveSTORERequest(request, info.presentationContextID, part.c_str());
    if (cond.bad() || m_tooLarge) {
        IncomingFolder::discard(part);
        return cond.bad() ? cond : DIMSE_OUTOFRESOURCES;
    }
    std::string path;
    try {
        path = m_context.folder.commit(part);
    } catch (const Error&) {
        return sendSTOREResponse(info.presentationContextID, request, STATUS_STORE_Refused_OutOfResources);
    }
    ReceivedObject object{path, request.AffectedSOPClassUID, request.AffectedSOPInstanceUID,
                          trimmed(getPeerAETitle())};
    ++m_context.stored;
    if (m_context.onStored) {
        try {
            m_context.onStored(object);
        } catch (...) {  // the callback must not throw; nothing may cross into DCMTK's C code
        }
    }
    return sendSTOREResponse(info.presentationContextID, request, STATUS_Success);
}

}  // namespace boneage::pacs::detail
