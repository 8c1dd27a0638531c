#pragma once
// A small query/retrieve SCP for the fault tests, on DCMTK's association and DIMSE layers. It serves one
// association after another on a free loopback port: a C-FIND is answered with the one study it holds; a
// C-GET with one C-STORE sub-operation per file over that association (the requestor in the storage SCP
// role), ending as the test says: a final success response, an A-ABORT in the middle of the last object,
// the connection dropped there, or silence (it never answers the C-GET). Its C-STORE requests may name any
// SOP instance UID (hostile ones included), whatever the file holds.

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace boneage::pacs::testing {

class FakeGetPeer {
public:
    static constexpr const char* kAeTitle = "FAKE-GET";

    enum class Ending {
        Complete,        ///< every object sent whole, then a final C-GET success response
        AbortMidObject,  ///< an A-ABORT PDU 64 KiB into the last object (use large ones)
        DropMidObject,   ///< the TCP connection shut down 64 KiB into the last object
        Silent,          ///< the C-GET is never answered (until the requestor goes)
    };

    /// One C-STORE sub-operation: the DICOM file sent, and the SOP instance UID its request names (empty:
    /// the file's own).
    struct SubOperation {
        std::string file;
        std::string commandSopInstanceUid;
    };

    /// What a C-FIND finds (study level).
    struct Study {
        std::string patientName = "FAKE^PATIENT", patientId = "FAKE", studyDate = "20240301";
        std::string studyInstanceUid = "2.25.4242";
    };

    /// Listens at once; serves associations on its own thread until destroyed.
    FakeGetPeer(std::vector<SubOperation> subOperations, Ending ending);
    FakeGetPeer(std::vector<SubOperation> subOperations, Ending ending, Study study);
    /// Stops serving (an association in progress ends) and waits for its thread.
    ~FakeGetPeer();
    FakeGetPeer(const FakeGetPeer&) = delete;
    FakeGetPeer& operator=(const FakeGetPeer&) = delete;

    std::uint16_t port() const;
    /// "FAKE-GET@127.0.0.1:<port>".
    QString peer() const;
    /// Waits (at most 60 s) until a C-GET association has ended; returns the sub-operations it sent whole,
    /// or -1 when none ended in time.
    int waitForGet();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Replaces the SOP instance UID (data set and meta header) and the patient name of a DICOM file with
/// arbitrary bytes (NULs and slashes included), as a hostile sender would. False when it cannot.
bool rewriteIdentity(const std::string& path, const QByteArray& sopInstanceUid,
                     const QByteArray& patientName);

}  // namespace boneage::pacs::testing
