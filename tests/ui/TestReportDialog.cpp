// The report dialog as a reader uses it, offscreen with the real widgets: a decided case in a real SQLite
// case database, a PKCS#12 identity made at test time, the passphrase typed into the password field; the
// signed files verify, the audit row carries their SHA-256 and the worklist shows the case reported.
#include <QComboBox>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "TestPki.h"
#include "UiTestSupport.h"
#include "assessment/CaseReading.h"
#include "common/Error.h"
#include "imaging/FilmLoader.h"
#include "report/Verifier.h"
#include "store/CaseStore.h"
#include "ui/CaseRepository.h"
#include "ui/ReportDialog.h"
#include "ui/WorklistModel.h"

using namespace boneage;

class TestReportDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    TestPki m_pki;
    QString m_filmPath;
    std::unique_ptr<ui::CaseRepository> m_repo;
    std::unique_ptr<ui::WorklistModel> m_worklist;
    int m_serial = 0;

    /// A case of the test film, predicted at 112 months; decided by Jane Doe unless `decided` is false.
    /// Returns {case id, prediction id}.
    std::pair<qint64, qint64> makeCase(bool decided, std::optional<double> override = 130.0) {
        const QString path = m_dir.filePath(QStringLiteral("film%1.dcm").arg(++m_serial));
        QFile::copy(m_filmPath, path);
        store::CaseRecord record =
            assessment::caseRecordOf(imaging::loadFilm(path.toStdString()).meta, path.toStdString());
        record.sopInstanceUid = QStringLiteral("2.25.77%1").arg(m_serial);
        const qint64 id = m_repo->importCase(record);
        const qint64 predictionId = m_repo->recordPrediction(uitest::tablePrediction(id, 112));
        if (decided)
            decide(id, predictionId, override);
        return {id, predictionId};
    }

    void decide(qint64 caseId, qint64 predictionId, std::optional<double> override) {
        store::ReadRecord r;
        r.caseId = caseId;
        r.predictionId = predictionId;
        r.reader = QStringLiteral("Jane Doe");
        r.kind = override ? store::ReadRecord::Kind::Override : store::ReadRecord::Kind::Confirm;
        r.valueMonths = override.value_or(112);
        r.reason = override ? QStringLiteral("Carpal ossification ahead of the phalanges") : QString();
        m_repo->recordDecision(r);
    }

    /// Fills the form as a reader would: the file and folder fields, the passphrase typed.
    static void fillForm(ui::ReportDialog& dialog, const QString& p12, const QByteArray& passphrase,
                         const QString& folder) {
        dialog.findChild<QLineEdit*>(QStringLiteral("identityFile"))->setText(p12);
        dialog.findChild<QLineEdit*>(QStringLiteral("exportFolder"))->setText(folder);
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("passphrase")),
                         QString::fromUtf8(passphrase));
    }

    assessment::CaseStatus statusInWorklist(qint64 caseId) const {
        const int row = m_worklist->rowOf(caseId);
        return row < 0 ? assessment::CaseStatus::New : m_worklist->readingAt(row)->status;
    }

    static QString sha256Of(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromLatin1(
            QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    }

    engine::Heatmap centreHeatmap(const imaging::Film& film) {
        engine::Heatmap map{film.width, film.height,
                            std::vector<float>(std::size_t(film.width) * std::size_t(film.height))};
        for (std::size_t i = map.values.size() / 3; i < 2 * map.values.size() / 3; ++i)
            map.values[i] = 1.0f;
        return map;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_pki = makeTestPki(m_dir.path());
        QVERIFY(!m_pki.dir.isEmpty());
        m_filmPath = m_dir.filePath(QStringLiteral("film.dcm"));
        uitest::writeTestDicom(m_filmPath);
        m_repo = std::make_unique<ui::CaseRepository>(
            store::StoreConfig::sqlite(m_dir.filePath(QStringLiteral("cases.sqlite"))),
            QStringLiteral("Jane Doe"));
        m_worklist = std::make_unique<ui::WorklistModel>(*m_repo);
    }

    void signingFromTheDialogRecordsTheHashAndShowsReported() {
        const auto [caseId, predictionId] = makeCase(true);
        QCOMPARE(statusInWorklist(caseId), assessment::CaseStatus::Overridden);
        const imaging::Film film = imaging::loadFilm(m_filmPath.toStdString());
        const engine::Heatmap heatmap = centreHeatmap(film);
        ui::ReportDialog dialog(*m_repo, caseId, film, &heatmap, predictionId);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        // The preview is the first page, portrait, as the PDF lays it out.
        QVERIFY(!dialog.preview().isNull());
        QVERIFY(dialog.preview().height() > dialog.preview().width());
        auto* passphrase = dialog.findChild<QLineEdit*>(QStringLiteral("passphrase"));
        QCOMPARE(passphrase->echoMode(), QLineEdit::Password);
        auto* sign = dialog.findChild<QPushButton*>(QStringLiteral("signButton"));
        QVERIFY(!sign->isEnabled());  // nothing to sign with yet

        const QString out = m_dir.filePath(QStringLiteral("export-first"));
        fillForm(dialog, m_pki.readerP12, m_pki.passphrase, out);
        QVERIFY(sign->isEnabled());
        QSignalSpy signedSpy(&dialog, &ui::ReportDialog::reportSigned);
        QTest::mouseClick(sign, Qt::LeftButton);
        QVERIFY(passphrase->text().isEmpty());  // read once, then gone from the field
        QVERIFY(signedSpy.wait(120000));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        qInfo("signing: %.0f ms from the click to the files on disk, %.0f ms of it on the GUI thread",
              dialog.signingMs(), dialog.guiThreadMs());

        const report::TrustAnchors trust = report::TrustAnchors::fromPemFiles({m_pki.caPem});
        const report::ReportFiles& files = *dialog.signedFiles();
        for (const QString& path : {files.pdfPath, files.srPath, files.pdfDicomPath}) {
            QVERIFY2(path.startsWith(out), qPrintable(path));
            const report::Verification v =
                report::verifySignedReportFile(path, trust, QDateTime::currentDateTimeUtc());
            QVERIFY2(v.isValid(), qPrintable(v.sentence(path)));
        }

        // The audit row of the signature carries the hashes of the files on disk.
        const qint64 reportId = signedSpy.first().at(1).toLongLong();
        const store::AuditEntry last = m_repo->store().auditEntries(caseId).back();
        QCOMPARE(last.action, QStringLiteral("report"));
        const QJsonObject details = QJsonDocument::fromJson(last.detailsJson.toUtf8()).object();
        QCOMPARE(details.value(QStringLiteral("report_id")).toInteger(), reportId);
        QCOMPARE(details.value(QStringLiteral("pdf_sha256")).toString(), sha256Of(files.pdfPath));
        QCOMPARE(details.value(QStringLiteral("sr_sha256")).toString(), sha256Of(files.srPath));
        QCOMPARE(details.value(QStringLiteral("signer")).toString(), QStringLiteral("Jane Doe"));
        QVERIFY(m_repo->store().verifyAudit().ok);

        const int row = m_worklist->rowOf(caseId);
        QCOMPARE(statusInWorklist(caseId), assessment::CaseStatus::Reported);
        QCOMPARE(m_worklist->data(m_worklist->index(row, ui::WorklistModel::Status)).toString(),
                 QStringLiteral("reported"));
        QVERIFY(!sign->isEnabled());  // one report per dialog

        // Read again and signed again: a revision that supersedes the first report, which stays valid.
        decide(caseId, predictionId, std::nullopt);
        QCOMPARE(statusInWorklist(caseId), assessment::CaseStatus::Confirmed);
        ui::ReportDialog again(*m_repo, caseId, film, nullptr, std::nullopt);
        fillForm(again, m_pki.readerP12, m_pki.passphrase, m_dir.filePath(QStringLiteral("export-second")));
        QSignalSpy againSpy(&again, &ui::ReportDialog::reportSigned);
        QTest::mouseClick(again.findChild<QPushButton*>(QStringLiteral("signButton")), Qt::LeftButton);
        QVERIFY(againSpy.wait(120000));
        QCOMPARE(again.signedFiles()->revision, 2);
        const std::vector<store::ReportRecord> reports = m_repo->store().reportsForCase(caseId);
        QCOMPARE(reports.size(), size_t(2));
        QCOMPARE(reports.front().supersededById, std::optional<qint64>(reports.back().id));
        QCOMPARE(statusInWorklist(caseId), assessment::CaseStatus::Reported);
        QVERIFY(
            report::verifySignedReportFile(files.srPath, trust, QDateTime::currentDateTimeUtc()).isValid());
    }

    void aWrongPassphraseSignsNothing() {
        const auto [caseId, predictionId] = makeCase(true);
        const imaging::Film film = imaging::loadFilm(m_filmPath.toStdString());
        ui::ReportDialog dialog(*m_repo, caseId, film, nullptr, predictionId);
        const QString out = m_dir.filePath(QStringLiteral("export-wrong"));
        fillForm(dialog, m_pki.readerP12, "not the passphrase", out);
        QSignalSpy failed(&dialog, &ui::ReportDialog::signingFailed);
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("signButton")), Qt::LeftButton);
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY2(dialog.problem().contains(QLatin1String("wrong passphrase")), qPrintable(dialog.problem()));
        QVERIFY(!dialog.problem().contains(QLatin1String("not the passphrase")));
        QVERIFY(!QFileInfo::exists(out + "/report.pdf"));
        QVERIFY(m_repo->store().reportsForCase(caseId).empty());
        QCOMPARE(statusInWorklist(caseId), assessment::CaseStatus::Overridden);
    }

    void anUndecidedCaseHasNoReportDialog() {
        const auto [caseId, predictionId] = makeCase(false);
        const imaging::Film film = imaging::loadFilm(m_filmPath.toStdString());
        try {
            ui::ReportDialog dialog(*m_repo, caseId, film, nullptr, predictionId);
            QFAIL("a dialog opened for a case without a decision");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("no reader decision")), e.what());
        }
    }
};

QTEST_MAIN(TestReportDialog)
#include "TestReportDialog.moc"
