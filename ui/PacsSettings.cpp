#include "ui/PacsSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

namespace boneage::ui {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("PacsSettings", text);
}

}  // namespace

pacs::Peer PacsNode::peer() const {
    return pacs::Peer{aeTitle.toStdString(), host.toStdString(), std::uint16_t(port)};
}

QString PacsNode::label() const {
    return QStringLiteral("%1 (%2@%3:%4)").arg(name, aeTitle, host).arg(port);
}

PacsSettings PacsSettings::load(QSettings& s) {
    PacsSettings p;
    p.ownAeTitle = s.value(QStringLiteral("pacs/ownAeTitle"), p.ownAeTitle).toString();
    p.listenerEnabled = s.value(QStringLiteral("pacs/listenerEnabled"), p.listenerEnabled).toBool();
    p.listenerPort = s.value(QStringLiteral("pacs/listenerPort"), p.listenerPort).toInt();
    p.timeoutSeconds = s.value(QStringLiteral("pacs/timeoutSeconds"), p.timeoutSeconds).toInt();
    p.storageDir = s.value(QStringLiteral("pacs/storageDir")).toString();
    const int count = s.beginReadArray(QStringLiteral("pacs/nodes"));
    for (int i = 0; i < count; ++i) {
        s.setArrayIndex(i);
        PacsNode n;
        n.name = s.value(QStringLiteral("name")).toString();
        n.aeTitle = s.value(QStringLiteral("aeTitle")).toString();
        n.host = s.value(QStringLiteral("host")).toString();
        n.port = s.value(QStringLiteral("port"), 104).toInt();
        n.find = s.value(QStringLiteral("find"), true).toBool();
        n.get = s.value(QStringLiteral("get"), true).toBool();
        n.move = s.value(QStringLiteral("move"), false).toBool();
        n.store = s.value(QStringLiteral("store"), true).toBool();
        p.nodes << n;
    }
    s.endArray();
    return p;
}

void PacsSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("pacs/ownAeTitle"), ownAeTitle);
    s.setValue(QStringLiteral("pacs/listenerEnabled"), listenerEnabled);
    s.setValue(QStringLiteral("pacs/listenerPort"), listenerPort);
    s.setValue(QStringLiteral("pacs/timeoutSeconds"), timeoutSeconds);
    s.setValue(QStringLiteral("pacs/storageDir"), storageDir);
    s.remove(QStringLiteral("pacs/nodes"));
    s.beginWriteArray(QStringLiteral("pacs/nodes"), int(nodes.size()));
    for (int i = 0; i < nodes.size(); ++i) {
        s.setArrayIndex(i);
        const PacsNode& n = nodes[i];
        s.setValue(QStringLiteral("name"), n.name);
        s.setValue(QStringLiteral("aeTitle"), n.aeTitle);
        s.setValue(QStringLiteral("host"), n.host);
        s.setValue(QStringLiteral("port"), n.port);
        s.setValue(QStringLiteral("find"), n.find);
        s.setValue(QStringLiteral("get"), n.get);
        s.setValue(QStringLiteral("move"), n.move);
        s.setValue(QStringLiteral("store"), n.store);
    }
    s.endArray();
}

QString PacsSettings::defaultStorageDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("pacs"));
}

QString PacsSettings::effectiveStorageDir() const {
    return storageDir.isEmpty() ? defaultStorageDir() : storageDir;
}

QString PacsSettings::problem() const {
    if (!pacs::isValidAeTitle(ownAeTitle.toStdString()))
        return tr("This workstation's AE title '%1' is not an AE title (1 to 16 printable characters, no "
                  "backslash).")
            .arg(ownAeTitle);
    if (listenerPort < 1 || listenerPort > 65535)
        return tr("The listener port %1 is not a port number (1 to 65535).").arg(listenerPort);
    if (timeoutSeconds < 1 || timeoutSeconds > 3600)
        return tr("The timeout of %1 s is not from 1 to 3600 seconds.").arg(timeoutSeconds);
    QSet<QString> names;
    for (const PacsNode& n : nodes) {
        if (n.name.trimmed().isEmpty())
            return tr("A node has no name.");
        if (names.contains(n.name))
            return tr("Two nodes are called '%1'.").arg(n.name);
        names.insert(n.name);
        if (!pacs::isValidAeTitle(n.aeTitle.toStdString()))
            return tr("The AE title '%1' of node '%2' is not an AE title.").arg(n.aeTitle, n.name);
        if (n.host.trimmed().isEmpty())
            return tr("Node '%1' has no host.").arg(n.name);
        if (n.port < 1 || n.port > 65535)
            return tr("The port %1 of node '%2' is not a port number.").arg(n.port).arg(n.name);
    }
    return {};
}

pacs::ClientOptions PacsSettings::clientOptions() const {
    pacs::ClientOptions o;
    o.callingAeTitle = ownAeTitle.toStdString();
    o.timeouts = pacs::uniformTimeouts(timeoutSeconds);
    return o;
}

bool operator==(const PacsNode& a, const PacsNode& b) {
    return a.name == b.name && a.aeTitle == b.aeTitle && a.host == b.host && a.port == b.port &&
           a.find == b.find && a.get == b.get && a.move == b.move && a.store == b.store;
}

bool operator==(const PacsSettings& a, const PacsSettings& b) {
    return a.ownAeTitle == b.ownAeTitle && a.listenerEnabled == b.listenerEnabled &&
           a.listenerPort == b.listenerPort && a.timeoutSeconds == b.timeoutSeconds &&
           a.storageDir == b.storageDir && a.nodes == b.nodes;
}

}  // namespace boneage::ui
