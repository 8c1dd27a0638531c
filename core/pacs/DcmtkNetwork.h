#pragma once
// Internal to boneage_pacs: the one bridge between DCMTK's dcmnet and the rest (conditions to sentences,
// the SOP classes and transfer syntaxes negotiated, a transport layer whose connections can be shut down).

#include "pacs/Peer.h"

#include <dcmtk/dcmnet/dcmlayer.h>
#include <dcmtk/ofstd/ofcond.h>

#include <mutex>
#include <string>
#include <vector>

namespace boneage::pacs::detail {

/// Quietens DCMTK's loggers (failures reach the caller as Error sentences) once per process.
void ensureDcmtkNetworkReady();

/// A condition as the cause clause of a Network error: "connection refused", "association rejected by
/// the peer", "no answer within 5 s", ... followed by DCMTK's own text where it adds something.
std::string causeOf(const OFCondition& condition, const Timeouts& timeouts);

/// A DIMSE status as a clause: "status 0xA702 (refused: out of resources)".
std::string statusText(unsigned status);

/// Transfer syntaxes offered and accepted, uncompressed first.
std::vector<std::string> transferSyntaxes();

/// The storage SOP classes a C-GET asks the peer to send (it may send nothing else), and the listener
/// accepts: radiographs, secondary captures, structured reports, encapsulated PDF. At most 120.
std::vector<std::string> storageSopClasses();

/// A plain TCP transport whose current connection another thread can shut down: the way a cancel or a
/// stop ends a blocking read at once. The socket is duplicated, so shutting it down after DCMTK closed its
/// own descriptor can never touch another connection that reused the number.
class InterruptibleTransport : public DcmTransportLayer {
public:
    ~InterruptibleTransport() override;
    DcmTransportConnection* createConnection(DcmNativeSocketType openSocket, OFBool useSecureLayer) override;
    /// Shuts the connection down (both directions); harmless when there is none. Thread-safe.
    void interrupt();
    /// Hands the duplicate of the last connection's socket over (the caller closes it); -1 when none.
    int releaseSocket();

private:
    std::mutex m_mutex;
    int m_socket = -1;
    bool m_interrupted = false;
};

}  // namespace boneage::pacs::detail
