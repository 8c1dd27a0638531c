#include "store/DatabaseBackups.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>

#include "common/Error.h"
#include "common/PrivateFiles.h"
#include "store/SqliteFile.h"
#include "store/StoreLog.h"

namespace boneage::store {

namespace {

const QString kStampFormat = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");

QString stamp(const QDateTime& time) {
    return time.toUTC().toString(kStampFormat);
}

[[noreturn]] void fail(const QString& subject, const std::string& cause) {
    throw Error(ErrorCode::Storage, QDir::toNativeSeparators(subject).toStdString(), cause);
}

}  // namespace

DatabaseBackups::DatabaseBackups(QString databasePath, BackupPolicy policy)
    : m_databasePath(QFileInfo(databasePath).absoluteFilePath()), m_policy(policy) {}

QString DatabaseBackups::folder() const {
    return QFileInfo(m_databasePath).absolutePath() + QStringLiteral("/backups");
}

std::vector<BackupInfo> DatabaseBackups::list() const {
    const QFileInfo database(m_databasePath);
    const QRegularExpression form(
        QStringLiteral("^%1-(\\d{8}T\\d{6}Z)(?:-\\d+)?-(daily|at-close|before-migration-v(\\d+))\\.sqlite$")
            .arg(QRegularExpression::escape(database.completeBaseName())));
    std::vector<BackupInfo> found;
    const QDir dir(folder());
    for (const QString& name : dir.entryList(QDir::Files)) {
        const QRegularExpressionMatch match = form.match(name);
        if (!match.hasMatch()) {
            continue;
        }
        BackupInfo info;
        info.path = dir.filePath(name);
        info.createdUtc = QDateTime::fromString(match.captured(1), kStampFormat);
        info.createdUtc.setTimeSpec(Qt::UTC);
        if (match.captured(2) == QLatin1String("at-close")) {
            info.kind = BackupInfo::Kind::AtClose;
        } else if (match.captured(2) != QLatin1String("daily")) {
            info.kind = BackupInfo::Kind::BeforeMigration;
            info.schemaVersion = match.captured(3).toInt();
        }
        found.push_back(info);
    }
    // Newest first; copies made within one second (the names' resolution) by when they were written.
    std::sort(found.begin(), found.end(), [](const BackupInfo& a, const BackupInfo& b) {
        if (a.createdUtc != b.createdUtc)
            return a.createdUtc > b.createdUtc;
        const QDateTime writtenA = QFileInfo(a.path).lastModified(),
                        writtenB = QFileInfo(b.path).lastModified();
        return writtenA != writtenB ? writtenA > writtenB : a.path > b.path;
    });
    return found;
}

std::optional<BackupInfo> DatabaseBackups::latest() const {
    std::vector<BackupInfo> all = list();
    return all.empty() ? std::nullopt : std::optional<BackupInfo>(all.front());
}

std::optional<BackupInfo> DatabaseBackups::makeDaily(const QDateTime& now) {
    if (QFileInfo(m_databasePath).size() == 0) {
        return std::nullopt;
    }
    const QDate today = now.toLocalTime().date();
    for (const BackupInfo& info : list()) {
        if (info.kind == BackupInfo::Kind::Daily && info.createdUtc.toLocalTime().date() == today) {
            return std::nullopt;
        }
    }
    BackupInfo info = makeCopy(BackupInfo::Kind::Daily, 0, now);
    prune(BackupInfo::Kind::Daily, m_policy.dailyKept);
    return info;
}

std::optional<BackupInfo> DatabaseBackups::makeAtClose(const QDateTime& now) {
    const QFileInfo database(m_databasePath);
    if (database.size() == 0) {
        return std::nullopt;
    }
    if (const std::optional<BackupInfo> newest = latest()) {
        const QDateTime copied = QFileInfo(newest->path).lastModified();
        const QFileInfo wal(m_databasePath + QStringLiteral("-wal"));
        const bool changed = database.lastModified() > copied ||
                             (wal.exists() && wal.size() > 0 && wal.lastModified() > copied);
        if (!changed) {
            return std::nullopt;
        }
    }
    BackupInfo info = makeCopy(BackupInfo::Kind::AtClose, 0, now);
    prune(BackupInfo::Kind::AtClose, m_policy.atCloseKept);
    return info;
}

BackupInfo DatabaseBackups::makeBeforeMigration(int schemaVersion, const QDateTime& now) {
    BackupInfo info = makeCopy(BackupInfo::Kind::BeforeMigration, schemaVersion, now);
    prune(BackupInfo::Kind::BeforeMigration, m_policy.beforeMigrationKept);
    return info;
}

BackupInfo DatabaseBackups::makeCopy(BackupInfo::Kind kind, int schemaVersion, const QDateTime& now) {
    ensurePrivateDirectory(QFile::encodeName(folder()).toStdString());
    const QString base =
        QStringLiteral("%1/%2-%3").arg(folder(), QFileInfo(m_databasePath).completeBaseName(), stamp(now));
    const QString what = kind == BackupInfo::Kind::Daily ? QStringLiteral("daily")
                         : kind == BackupInfo::Kind::AtClose
                             ? QStringLiteral("at-close")
                             : QStringLiteral("before-migration-v%1").arg(schemaVersion);
    QString path = QStringLiteral("%1-%2.sqlite").arg(base, what);
    for (int n = 2; QFileInfo::exists(path); ++n) {
        path = QStringLiteral("%1-%2-%3.sqlite").arg(base).arg(n).arg(what);
    }
    detail::copyDatabase(QFile::encodeName(m_databasePath).toStdString(),
                         QFile::encodeName(path).toStdString());
    qCInfo(lcStore) << "backup written:" << QFileInfo(path).fileName();
    BackupInfo info;
    info.path = path;
    info.createdUtc = QDateTime::fromString(stamp(now), kStampFormat);
    info.createdUtc.setTimeSpec(Qt::UTC);
    info.kind = kind;
    info.schemaVersion = schemaVersion;
    return info;
}

void DatabaseBackups::prune(BackupInfo::Kind kind, int keep) const {
    int kept = 0;
    for (const BackupInfo& info : list()) {
        if (info.kind != kind || ++kept <= std::max(keep, 1)) {
            continue;
        }
        if (!QFile::remove(info.path)) {
            qCWarning(lcStore) << "cannot remove an old backup:" << QFileInfo(info.path).fileName();
        }
    }
}

QString DatabaseBackups::moveAside(const QString& tag, const QDateTime& now) const {
    if (!QFileInfo::exists(m_databasePath)) {
        return {};
    }
    const QString time = stamp(now.isValid() ? now : QDateTime::currentDateTimeUtc());
    QString target = QStringLiteral("%1.%2-%3").arg(m_databasePath, tag, time);
    for (int n = 2; QFileInfo::exists(target); ++n) {
        target = QStringLiteral("%1.%2-%3-%4").arg(m_databasePath, tag, time).arg(n);
    }
    // The companions first: a -wal left behind would be replayed into the next database at this path.
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const QString from = m_databasePath + QLatin1String(suffix);
        if (QFileInfo::exists(from) && !QFile::rename(from, target + QLatin1String(suffix))) {
            fail(from, "cannot move it aside");
        }
    }
    if (!QFile::rename(m_databasePath, target)) {
        fail(m_databasePath, "cannot move it aside");
    }
    qCWarning(lcStore) << "case database moved aside as" << QFileInfo(target).fileName();
    return target;
}

QString DatabaseBackups::restore(const BackupInfo& backup) const {
    const std::string backupPath = QFile::encodeName(backup.path).toStdString();
    if (const std::optional<std::string> damage = detail::findDamage(backupPath, true)) {
        fail(backup.path, "the backup is damaged too: " + *damage);
    }
    if (QFileInfo(backup.path).size() == 0) {
        fail(backup.path, "the backup is empty");
    }
    const QString movedTo = moveAside();
    detail::copyDatabase(backupPath, QFile::encodeName(m_databasePath).toStdString());
    qCWarning(lcStore) << "case database restored from" << QFileInfo(backup.path).fileName();
    return movedTo;
}

}  // namespace boneage::store
