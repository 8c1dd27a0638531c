#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

#include "pacs/Peer.h"

class QSettings;

namespace boneage::ui {

/// One PACS (or other DICOM node) this workstation talks to, and which services it offers.
struct PacsNode {
    QString name;  ///< what the reader calls it ("Main archive"); unique among the nodes
    QString aeTitle;
    QString host;
    int port = 104;
    bool find = true;   ///< C-FIND (search)
    bool get = true;    ///< C-GET (retrieve on the search's own association)
    bool move = false;  ///< C-MOVE (retrieve to this workstation's listener, which the node must know)
    bool store = true;  ///< C-STORE (send results back)

    pacs::Peer peer() const;
    /// "Name (AET@HOST:PORT)".
    QString label() const;
};

/// The workstation's DICOM network settings: its own AE title, the storage listener (which receives pushed
/// films and C-MOVE retrieves), the timeouts, and the nodes. A plain value; load() and save() do the
/// QSettings I/O ("pacs/..." keys).
struct PacsSettings {
    QString ownAeTitle = QStringLiteral("BONEAGE");
    bool listenerEnabled = false;
    int listenerPort = 11112;
    int timeoutSeconds = 30;  ///< connect, association and message timeouts (pacs::uniformTimeouts)
    QString storageDir;       ///< received and retrieved films; empty: defaultStorageDir()
    QList<PacsNode> nodes;

    static PacsSettings load(QSettings& settings);
    void save(QSettings& settings) const;

    /// storageDir, or the user's data folder's "pacs" when it is empty.
    QString effectiveStorageDir() const;
    static QString defaultStorageDir();
    /// The first thing wrong with these settings, as a sentence (an AE title that is not one, a port out
    /// of range, two nodes with one name); empty when they are usable.
    QString problem() const;
    pacs::ClientOptions clientOptions() const;
};

bool operator==(const PacsNode& a, const PacsNode& b);
bool operator==(const PacsSettings& a, const PacsSettings& b);
inline bool operator!=(const PacsSettings& a, const PacsSettings& b) {
    return !(a == b);
}

}  // namespace boneage::ui

Q_DECLARE_METATYPE(boneage::ui::PacsSettings)
