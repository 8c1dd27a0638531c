#pragma once
// The workstation's storage SCP: receives pushed and C-MOVEd objects into a folder, under names it makes.

#include "pacs/Peer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boneage::pacs {

struct ListenerOptions {
    std::string aeTitle = "BONEAGE";  ///< the called AE title it answers to; any other is rejected
    std::uint16_t port = 11112;       ///< 0: a free port, see StorageListener::port()
    std::string storageDirectory;     ///< created owner-only when missing
    Timeouts timeouts;                ///< acse: for a new association's request; dimse: between messages
    int maxAssociations = 8;          ///< more at once are rejected (transient)
    std::uint64_t maxObjectBytes = std::uint64_t(1) << 30;  ///< a larger object aborts its association
};

/// One object received and safely on disk. The UIDs are as the sender's command gave them (they may be
/// hostile: never use them in a path); `path` is the listener's own name for the file.
struct ReceivedObject {
    std::string path;
    std::string sopClassUid, sopInstanceUid;
    std::string callingAeTitle;
};

/// Listens on its own thread; each association runs on a worker thread of its own. Every object is written
/// to a temporary owner-only file and renamed once complete and acknowledged-ready, so a transfer that fails
/// (abort, timeout, a peer that goes silent, an oversized object) leaves nothing. Malformed PDUs end only
/// their own association.
class StorageListener {
public:
    /// `onStored` is called once per object, on the association's worker thread, after the file is in
    /// place and before the C-STORE response: it must be quick (queue the work) and must not throw.
    StorageListener(ListenerOptions options, std::function<void(const ReceivedObject&)> onStored);
    /// Stops (see stop()).
    ~StorageListener();
    StorageListener(const StorageListener&) = delete;
    StorageListener& operator=(const StorageListener&) = delete;

    /// Binds the port and starts listening. Throws Error(Network, "AET@*:PORT", cause) when the port cannot
    /// be bound, Error(Storage) when the folder cannot be made.
    void start();
    /// Stops accepting, shuts the open associations down, and waits for the threads. Idempotent.
    void stop();
    bool running() const;
    /// The port listened on (the one chosen when the options said 0).
    std::uint16_t port() const;
    /// Objects stored and associations served since start (diagnostics and tests).
    std::uint64_t storedCount() const;
    std::uint64_t associationCount() const;
    /// Associations being served now.
    int activeAssociations() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace boneage::pacs
