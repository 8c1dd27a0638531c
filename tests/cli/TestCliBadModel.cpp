// A corrupt or mismatched model package makes `boneage predict` exit 4 with one clear sentence naming the
// file.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

#include "CliRunner.h"

namespace {

const QString kSource = QStringLiteral(BONEAGE_TEST_MODELS "/compact-random");

QJsonObject readManifest(const QString& dir) {
    QFile file(dir + "/manifest.json");
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void writeManifest(const QString& dir, const QJsonObject& manifest) {
    QFile file(dir + "/manifest.json");
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(manifest).toJson());
}

QString sha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QString copyPackage(const QString& to) {
    QDir().mkpath(to);
    for (const QFileInfo& f : QDir(kSource).entryInfoList(QDir::Files))
        QFile::copy(f.absoluteFilePath(), to + "/" + f.fileName());
    return to;
}

QString maleFile(const QJsonObject& manifest) {
    return manifest.value("files").toObject().value("male").toString();
}

}  // namespace

class TestCliBadModel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_film;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(kSource + "/manifest.json"), "the random_models fixture did not run");
        const CliRun run = runCli(
            {"phantom", "--count", "1", "--seed", "5", "--format", "png", "--out", m_dir.filePath("films")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        m_film = m_dir.filePath("films/images/") +
                 QDir(m_dir.filePath("films/images")).entryList(QDir::Files).first();
    }

    void intactPackage_predicts() {
        const CliRun run = runCli({"predict", m_film, "--sex", "M", "--model", kSource, "--device", "cpu"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    void corruptPackage_exitsFour_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expectedInMessage");
        QTest::newRow("wrongHash") << "wrongHash"
                                   << "sha256";
        QTest::newRow("truncatedModelFile_hashUpdated") << "truncatedModelFile_hashUpdated"
                                                        << ".pt";
        QTest::newRow("truncatedModelFile_hashStale") << "truncatedModelFile_hashStale"
                                                      << ".pt";
        QTest::newRow("missingManifestField") << "missingManifestField"
                                              << "name";
        QTest::newRow("missingManifest") << "missingManifest"
                                         << "manifest.json";
        QTest::newRow("manifestNotJson") << "manifestNotJson"
                                         << "manifest.json";
        QTest::newRow("missingModelFile") << "missingModelFile"
                                          << ".pt";
        QTest::newRow("wrongOutputUnits") << "wrongOutputUnits"
                                          << "output_units";
    }
    void corruptPackage_exitsFour() {
        QFETCH(QString, name);
        QFETCH(QString, expectedInMessage);
        const QString dir = name.startsWith("broken/") ? QStringLiteral(BONEAGE_TEST_MODELS "/") + name
                                                       : copyPackage(m_dir.filePath(name));
        QJsonObject manifest = readManifest(dir);
        const QString model = dir + "/" + maleFile(manifest);
        auto truncate = [&] {
            QFile f(model);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() / 2));
        };
        if (name == "wrongHash") {
            QJsonObject hashes = manifest.value("sha256").toObject();
            hashes.insert(maleFile(manifest), QString(64, QLatin1Char('0')));
            manifest.insert("sha256", hashes);
            writeManifest(dir, manifest);
        } else if (name == "truncatedModelFile_hashUpdated") {
            truncate();
            QJsonObject hashes = manifest.value("sha256").toObject();
            hashes.insert(maleFile(manifest), sha256(model));
            manifest.insert("sha256", hashes);
            writeManifest(dir, manifest);
        } else if (name == "truncatedModelFile_hashStale") {
            truncate();
        } else if (name == "missingManifestField") {
            manifest.remove("name");
            writeManifest(dir, manifest);
        } else if (name == "missingManifest") {
            QVERIFY(QFile::remove(dir + "/manifest.json"));
        } else if (name == "manifestNotJson") {
            QFile f(dir + "/manifest.json");
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{\"name\": \"broken\", ");
        } else if (name == "missingModelFile") {
            QVERIFY(QFile::remove(model));
        } else if (name == "wrongOutputUnits") {
            manifest.insert("output_units", "years");
            writeManifest(dir, manifest);
        }
        const CliRun run = runCli({"predict", m_film, "--sex", "M", "--model", dir, "--device", "cpu"});
        QVERIFY2(run.finished, "crashed or hung");
        QVERIFY2(run.exitCode == 4, qPrintable(QString("exit %1: %2").arg(run.exitCode).arg(run.err)));
        const QStringList lines = errorLines(run.err);
        QVERIFY2(lines.size() == 1, run.err.constData());
        QVERIFY2(lines.first().contains(expectedInMessage), qPrintable(lines.first()));
        QVERIFY(run.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliBadModel)
#include "TestCliBadModel.moc"
