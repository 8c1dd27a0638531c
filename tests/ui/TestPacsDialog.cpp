// The query/retrieve dialog and the PACS controller with the real widgets, offscreen, against a real Orthanc
// and the fault peers of tests/pacs: a search by name with wildcards, by ID and by date range; a retrieve by
// C-GET and by C-MOVE into the worklist, read by the model (uitest::TableAssessor) in the background; a film
// Orthanc pushes to the listener. Then the faults: Orthanc stopped, a wrong called AE title, a closed port, a
// peer that accepts and never answers, an association aborted in the middle of a C-GET, and C-GET objects
// whose UIDs and names are built to escape the storage folder. Each fault ends with a sentence in the dialog
// within the timeout + 5 s, leaves no file and no case, and the GUI thread keeps turning: a 10 ms timer on it
// never misses more than a second (the largest gap is printed).
#include <QComboBox>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "FakeGetPeer.h"
#include "PacsTestSupport.h"
#include "TempOrthanc.h"
#include "TestPki.h"
#include "UiTestSupport.h"
#include "assessment/CaseReading.h"
#include "imaging/FilmLoader.h"
#include "pacs/DicomClient.h"
#include "report/Verifier.h"
#include "store/CaseStore.h"
#include "ui/AppSettings.h"
#include "ui/BackgroundReader.h"
#include "ui/CaseRepository.h"
#include "ui/PacsController.h"
#include "ui/PacsDialog.h"
#include "ui/ReportDialog.h"

using namespace boneage;
namespace pt = boneage::pacs::testing;

namespace {

constexpr int kTimeout = 3;  // seconds: the PACS settings' timeout in every test

/// Ticks every 10 ms on the GUI thread and keeps the largest gap between two ticks: how long the GUI
/// thread was kept from its events.
class Heartbeat {
public:
    Heartbeat() {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout,
                         [this] { m_largestGapMs = std::max(m_largestGapMs, m_sinceTick.restart()); });
        m_sinceTick.start();
        m_timer.start();
    }
    qint64 largestGapMs() const { return std::max(m_largestGapMs, m_sinceTick.elapsed()); }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_largestGapMs = 0;
};

QStringList filesUnder(const QString& dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

ui::PacsNode nodeFor(const QString& name, const QString& aeTitle, quint16 port, bool get = true,
                     bool move = false) {
    ui::PacsNode n;
    n.name = name;
    n.aeTitle = aeTitle;
    n.host = QStringLiteral("127.0.0.1");
    n.port = port;
    n.get = get;
    n.move = move;
    return n;
}

}  // namespace

class TestPacsDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<pt::TempOrthanc> m_orthanc;
    QWidget m_window;
    std::unique_ptr<ui::CaseRepository> m_repo;
    ui::PacsController* m_controller = nullptr;
    ui::AppSettings m_settings;
    int m_round = 0;

    QString storage() const { return m_dir.filePath(QStringLiteral("pacs-%1").arg(m_round)); }

    /// The dialog showing `node` only, the listener on a free port as BONEAGE.
    ui::PacsDialog& dialogFor(const ui::PacsNode& node) {
        m_settings.pacs.nodes = {node};
        m_controller->applySettings(m_settings);
        ui::PacsDialog& dialog = m_controller->showDialog();
        auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("pacsNodeCombo"));
        combo->setCurrentIndex(combo->findData(node.name));
        return dialog;
    }

    static void setField(ui::PacsDialog& dialog, const char* name, const QString& text) {
        dialog.findChild<QLineEdit*>(QLatin1String(name))->setText(text);
    }

    static void clearFields(ui::PacsDialog& dialog) {
        for (const char* name : {"pacsPatientNameEdit", "pacsPatientIdEdit", "pacsAccessionEdit",
                                 "pacsDateFromEdit", "pacsDateToEdit"})
            setField(dialog, name, QString());
    }

    static QPushButton* button(ui::PacsDialog& dialog, const char* name) {
        return dialog.findChild<QPushButton*>(QLatin1String(name));
    }

    /// Clicks Search and waits for the answer; the rows' patient IDs.
    QStringList search(ui::PacsDialog& dialog) {
        QSignalSpy done(m_controller, &ui::PacsController::searchFinished);
        QSignalSpy failed(m_controller, &ui::PacsController::searchFailed);
        button(dialog, "pacsSearchButton")->click();
        if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, 20000) ||
            !failed.isEmpty())
            return {QStringLiteral("<failed: %1>").arg(dialog.messageText())};
        QStringList ids;
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("pacsResultsTable"));
        for (int row = 0; row < table->rowCount(); ++row)
            ids << table->item(row, ui::PacsDialog::PatientId)->text();
        ids.sort();
        return ids;
    }

    /// Selects the row of `patientId` and clicks Retrieve.
    static bool retrieveRow(ui::PacsDialog& dialog, const QString& patientId) {
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("pacsResultsTable"));
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, ui::PacsDialog::PatientId)->text() == patientId) {
                table->selectRow(row);
                button(dialog, "pacsRetrieveButton")->click();
                return true;
            }
        }
        return false;
    }

    /// A C-GET peer offering one FAKE^PATIENT film of study `studyUid` (written into `folder`) that takes
    /// the retrieve and then never answers.
    std::unique_ptr<pt::FakeGetPeer> silentPeer(const QString& folder, const std::string& studyUid) const {
        const QString films = m_dir.filePath(folder);
        QDir().mkpath(films);
        const auto film = pt::writeTestFilm(films, "s.dcm", "FAKE^PATIENT", "FAKE", "20240301", studyUid, 1);
        return std::make_unique<pt::FakeGetPeer>(std::vector<pt::FakeGetPeer::SubOperation>{{film.path, ""}},
                                                 pt::FakeGetPeer::Ending::Silent);
    }

    /// Cases of the database whose patient ID is `id`.
    std::vector<store::CaseSummary> casesOf(const QString& id) const {
        std::vector<store::CaseSummary> found;
        for (const store::CaseSummary& c : m_repo->cases())
            if (c.caseRecord.patientId == id)
                found.push_back(c);
        return found;
    }

    bool hasPrediction(qint64 caseId) const { return !m_repo->store().predictionsForCase(caseId).empty(); }

    /// Runs a fault: `act` starts it from the dialog; it must end with a failure sentence containing `cause`
    /// within the timeout + 5 s, with no file under the storage folder and no new case, and the GUI thread
    /// never held for a second.
    void expectFault(ui::PacsDialog& dialog, bool retrieve, const std::function<void()>& act,
                     const QString& cause) {
        const std::size_t casesBefore = m_repo->cases().size();
        QSignalSpy searchFailed(m_controller, &ui::PacsController::searchFailed);
        QSignalSpy studyFailed(m_controller, &ui::PacsController::studyFailed);
        Heartbeat heartbeat;
        QElapsedTimer clock;
        clock.start();
        act();
        QSignalSpy& failed = retrieve ? studyFailed : searchFailed;
        QVERIFY2(QTest::qWaitFor([&] { return !failed.isEmpty(); }, (kTimeout + 5) * 1000),
                 qPrintable(dialog.messageText()));
        const qint64 elapsed = clock.elapsed();
        const QString sentence = failed.first().at(retrieve ? 1 : 0).toString();
        qInfo("%s: failed after %lld ms (timeout %d s), largest GUI gap %lld ms: %s",
              QTest::currentTestFunction(), elapsed, kTimeout, heartbeat.largestGapMs(),
              qPrintable(sentence));
        QVERIFY2(sentence.contains(cause, Qt::CaseInsensitive), qPrintable(sentence));
        QVERIFY2(dialog.messageText().contains(sentence), qPrintable(dialog.messageText()));
        QVERIFY(!m_controller->isBusy());
        QVERIFY2(heartbeat.largestGapMs() < 1000, qPrintable(QString::number(heartbeat.largestGapMs())));
        QCOMPARE(filesUnder(m_controller->retrieveFolder()), QStringList{});
        QCOMPARE(m_repo->cases().size(), casesBefore);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_orthanc = std::make_unique<pt::TempOrthanc>();
        QTRY_VERIFY_WITH_TIMEOUT(m_orthanc->ready(), 60000);
        const QString films = m_dir.filePath(QStringLiteral("films"));
        QDir().mkpath(films);
        std::vector<std::string> paths;
        paths.push_back(
            pt::writeTestFilm(films, "a.dcm", "HANSEN^Ada", "ADA", "20240110", "2.25.701", 1).path);
        paths.push_back(
            pt::writeTestFilm(films, "b.dcm", "HANSEN^Ben", "BEN", "20240220", "2.25.702", 2).path);
        paths.push_back(
            pt::writeTestFilm(films, "c.dcm", "OLSEN^Cleo", "CLEO", "20240305", "2.25.703", 3).path);
        pacs::ClientOptions options;
        options.callingAeTitle = "BONEAGE";
        pacs::DicomClient(pacs::parsePeer(m_orthanc->peer().toStdString()), options).store(paths);
    }

    void init() {
        ++m_round;
        m_repo = std::make_unique<ui::CaseRepository>(
            store::StoreConfig::sqlite(m_dir.filePath(QStringLiteral("cases-%1.db").arg(m_round))),
            QStringLiteral("dr-test"));
        m_controller =
            new ui::PacsController(*m_repo, uitest::tableAssessor({{"ADA", 80.0}}, 90.0), &m_window);
        m_settings = ui::AppSettings{};
        m_settings.modelDir = QStringLiteral("unused");
        m_settings.device = QStringLiteral("cpu");
        m_settings.pacs.ownAeTitle = QStringLiteral("BONEAGE");
        m_settings.pacs.listenerEnabled = true;
        m_settings.pacs.listenerPort = pt::freePort();
        m_settings.pacs.timeoutSeconds = kTimeout;
        m_settings.pacs.storageDir = storage();
        // Orthanc answers searches and retrieves of the AE titles it knows, and moves and pushes to them.
        QVERIFY(m_orthanc->addModality("workstation", "BONEAGE", quint16(m_settings.pacs.listenerPort)));
    }

    void cleanup() {
        delete m_controller;  // stops the listener, cancels and waits for the network jobs
        m_controller = nullptr;
        m_repo.reset();
    }

    void cleanupTestCase() { m_orthanc.reset(); }

    void search_ShouldFindByNameWildcardIdAndDateRange() {
        ui::PacsDialog& dialog =
            dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        setField(dialog, "pacsPatientNameEdit", "HANSEN*");
        QCOMPARE(search(dialog), (QStringList{"ADA", "BEN"}));
        QCOMPARE(dialog.messageText(), QStringLiteral("2 studies found."));
        clearFields(dialog);
        setField(dialog, "pacsPatientIdEdit", "CLEO");
        QCOMPARE(search(dialog), QStringList{"CLEO"});
        clearFields(dialog);
        setField(dialog, "pacsDateFromEdit", "2024-02-01");
        setField(dialog, "pacsDateToEdit", "2024-03-31");
        QCOMPARE(search(dialog), (QStringList{"BEN", "CLEO"}));
        setField(dialog, "pacsDateToEdit", "2024-01-31");  // ends before it begins: said, not sent
        button(dialog, "pacsSearchButton")->click();
        QVERIFY(dialog.messageText().contains("ends before it begins"));
    }

    void retrieveByCGet_ShouldPutTheStudyInTheWorklistRead() {
        ui::PacsDialog& dialog =
            dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        setField(dialog, "pacsPatientIdEdit", "ADA");
        QCOMPARE(search(dialog), QStringList{"ADA"});
        QSignalSpy retrieved(m_controller, &ui::PacsController::studyRetrieved);
        QSignalSpy read(&m_controller->backgroundReader(), &ui::BackgroundReader::caseRead);
        QVERIFY(retrieveRow(dialog, "ADA"));
        QVERIFY(retrieved.wait(20000));
        QCOMPARE(retrieved.first().at(2).toInt(), 1);  // one case
        QCOMPARE(dialog.statusAt(0), QStringLiteral("Done: 1 case(s) in the worklist"));
        const auto cases = casesOf("ADA");
        QCOMPARE(cases.size(), std::size_t(1));
        QVERIFY(cases.front().caseRecord.sourcePath.startsWith(m_controller->retrieveFolder()));
        QTRY_VERIFY_WITH_TIMEOUT(hasPrediction(cases.front().caseRecord.id), 20000);
        QCOMPARE(m_repo->store().predictionsForCase(cases.front().caseRecord.id).front().boneAgeMonths, 80.0);
    }

    void retrieveByCMove_ShouldArriveThroughTheListenerRead() {
        ui::PacsDialog& dialog =
            dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort(), false, true));
        QCOMPARE(m_controller->listenerState(), ui::PacsController::ListenerState::Listening);
        setField(dialog, "pacsPatientIdEdit", "BEN");
        QCOMPARE(search(dialog), QStringList{"BEN"});
        QSignalSpy retrieved(m_controller, &ui::PacsController::studyRetrieved);
        QVERIFY(retrieveRow(dialog, "BEN"));
        QVERIFY(retrieved.wait(20000));
        QCOMPARE(retrieved.first().at(2).toInt(), -1);  // the films come through the listener
        QTRY_COMPARE_WITH_TIMEOUT(casesOf("BEN").size(), std::size_t(1), 20000);
        const auto c = casesOf("BEN").front();
        QVERIFY(c.caseRecord.sourcePath.startsWith(m_controller->receiveFolder()));
        QTRY_VERIFY_WITH_TIMEOUT(hasPrediction(c.caseRecord.id), 20000);
    }

    void filmPushedByOrthanc_ShouldBeReadIntoTheWorklist() {
        dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        QCOMPARE(m_controller->listenerState(), ui::PacsController::ListenerState::Listening);
        const QJsonArray studies = QJsonDocument::fromJson(m_orthanc->get("/studies")).array();
        QVERIFY(!studies.isEmpty());
        QString cleo;
        for (const QJsonValue& s : studies) {
            const QJsonObject study =
                QJsonDocument::fromJson(m_orthanc->get("/studies/" + s.toString())).object();
            if (study["PatientMainDicomTags"].toObject()["PatientID"].toString() == "CLEO")
                cleo = s.toString();
        }
        QVERIFY(!cleo.isEmpty());
        int status = 0;
        m_orthanc->post("/modalities/workstation/store", cleo.toUtf8(), &status);
        QCOMPARE(status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(casesOf("CLEO").size(), std::size_t(1), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(hasPrediction(casesOf("CLEO").front().caseRecord.id), 20000);
        QCOMPARE(m_controller->statusWidget()->text(),
                 QStringLiteral("Listening as BONEAGE on port %1").arg(m_controller->listenerPort()));
    }

    void sendGradcam_ShouldBeFoundInOrthancInTheFilmsStudy() {
        dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        auto film = std::make_shared<const imaging::Film>(
            imaging::loadFilm(m_dir.filePath(QStringLiteral("films/a.dcm")).toStdString()));
        uitest::TableAssessor assessor({}, 90.0);
        auto result = std::make_shared<const assessment::AssessmentResult>(assessor.assess(*film, {}, true));
        QSignalSpy sent(m_controller, &ui::PacsController::sent);
        QVERIFY(m_controller->sendGradcam("Archive", film, result, "table 1.0") != 0);
        QVERIFY(sent.wait(20000));
        QCOMPARE(sent.first().at(1).toInt(), 1);
        QCOMPARE(filesUnder(storage()), QStringList{});  // the capture was made to be sent, not kept
        pacs::ClientOptions options;
        options.callingAeTitle = "BONEAGE";
        const auto series = pacs::DicomClient(pacs::parsePeer(m_orthanc->peer().toStdString()), options)
                                .findSeries("2.25.701");
        QStringList modalities;
        for (const pacs::SeriesRecord& s : series)
            modalities << QString::fromStdString(s.modality);
        modalities.sort();
        QCOMPARE(modalities, (QStringList{"CR", "OT"}));  // the film's series and the capture's
    }

    void sendToAClosedPort_ShouldFailAndKeepNoCapture() {
        ui::PacsNode closed = nodeFor("Closed", "NOBODY", pt::freePort());
        dialogFor(closed);
        auto film = std::make_shared<const imaging::Film>(
            imaging::loadFilm(m_dir.filePath(QStringLiteral("films/b.dcm")).toStdString()));
        uitest::TableAssessor assessor({}, 90.0);
        auto result = std::make_shared<const assessment::AssessmentResult>(assessor.assess(*film, {}, true));
        QSignalSpy failed(m_controller, &ui::PacsController::sendFailed);
        QVERIFY(m_controller->sendGradcam("Closed", film, result, "table 1.0") != 0);
        QVERIFY(failed.wait((kTimeout + 5) * 1000));
        QVERIFY2(failed.first().at(1).toString().contains("connection refused"),
                 qPrintable(failed.first().at(1).toString()));
        QCOMPARE(filesUnder(storage()), QStringList{});
    }

    void sendReportFiles_ShouldBeFoundInOrthanc() {
        dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        // A report export's files are DICOM objects in the film's study; any DICOM object takes the same way.
        const QString dir = m_dir.filePath(QStringLiteral("report"));
        QDir().mkpath(dir);
        const auto object = pt::writeTestFilm(dir, "sr.dcm", "HANSEN^Ada", "ADA", "20240110", "2.25.701", 9);
        QSignalSpy sent(m_controller, &ui::PacsController::sent);
        QVERIFY(m_controller->sendFiles("Archive", {QString::fromStdString(object.path)}) != 0);
        QVERIFY(sent.wait(20000));
        QCOMPARE(m_orthanc->get("/instances?expand").count(object.meta.sopInstanceUid.c_str()), 1);
        QSignalSpy failed(m_controller, &ui::PacsController::sendFailed);
        QCOMPARE(m_controller->sendFiles("Nowhere", {QString::fromStdString(object.path)}), quint64(0));
        QCOMPARE(failed.size(), 1);
    }

    void signedReportSentFromTheReportDialog_ShouldBeFoundInOrthancUnchanged() {
        dialogFor(nodeFor("Archive", pt::TempOrthanc::kAeTitle, m_orthanc->dicomPort()));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("pki"))));
        const TestPki pki = makeTestPki(m_dir.filePath(QStringLiteral("pki")));
        QVERIFY(!pki.dir.isEmpty());
        // Cleo's film, read by the model and confirmed by the certificate's holder, in her own database.
        ui::CaseRepository reading(store::StoreConfig::sqlite(m_dir.filePath(QStringLiteral("reported.db"))),
                                   QStringLiteral("Jane Doe"));
        const QString path = m_dir.filePath(QStringLiteral("films/c.dcm"));
        const imaging::Film film = imaging::loadFilm(path.toStdString());
        const qint64 caseId = reading.importCase(assessment::caseRecordOf(film.meta, path.toStdString()));
        store::ReadRecord r;
        r.caseId = caseId;
        r.predictionId = reading.recordPrediction(uitest::tablePrediction(caseId, 104));
        r.reader = QStringLiteral("Jane Doe");
        r.kind = store::ReadRecord::Kind::Confirm;
        r.valueMonths = 104;
        reading.recordDecision(r);

        ui::ReportDialog report(reading, caseId, film);
        report.offerSending(true);
        auto* send = report.findChild<QPushButton*>(QStringLiteral("sendToPacsButton"));
        QVERIFY(!send->isHidden());
        QVERIFY(!send->isEnabled());  // nothing signed yet
        report.findChild<QLineEdit*>(QStringLiteral("identityFile"))->setText(pki.readerP12);
        report.findChild<QLineEdit*>(QStringLiteral("exportFolder"))->setText(m_dir.filePath("signed"));
        report.findChild<QLineEdit*>(QStringLiteral("passphrase"))
            ->setText(QString::fromUtf8(pki.passphrase));
        QSignalSpy signedSpy(&report, &ui::ReportDialog::reportSigned);
        report.findChild<QPushButton*>(QStringLiteral("signButton"))->click();
        QVERIFY(signedSpy.wait(120000));
        QVERIFY(send->isEnabled());

        // As MainWindow wires it: the dialog asks, the controller sends and tells the dialog how it ended.
        QSignalSpy asked(&report, &ui::ReportDialog::sendRequested);
        connect(&report, &ui::ReportDialog::sendRequested, &report, [&](const QStringList& files) {
            m_controller->sendFiles("Archive", files, &report,
                                    [&](const QString& sentence) { report.showSendOutcome(sentence); });
        });
        send->click();
        QCOMPARE(asked.size(), 1);
        QVERIFY(!send->isEnabled());  // while it is on its way
        const auto status = [&] { return report.findChild<QLabel*>(QStringLiteral("reportStatus"))->text(); };
        QTRY_COMPARE_WITH_TIMEOUT(status(), QStringLiteral("2 object(s) sent to Archive."), 20000);
        QVERIFY(send->isEnabled());

        // Both objects are in Cleo's study, byte for byte as signed, and the SR's signature still verifies.
        const report::ReportFiles& files = *report.signedFiles();
        QCOMPARE(asked.first().at(0).toStringList(), (QStringList{files.srPath, files.pdfDicomPath}));
        const QJsonArray instances = QJsonDocument::fromJson(m_orthanc->get("/instances?expand")).array();
        QMap<QString, QString> orthancIdOf;  // SOP instance UID -> Orthanc's id
        for (const QJsonValue& v : instances)
            orthancIdOf.insert(v["MainDicomTags"]["SOPInstanceUID"].toString(), v["ID"].toString());
        const report::TrustAnchors trust = report::TrustAnchors::fromPemFiles({pki.caPem});
        const QList<QPair<QString, QString>> sentObjects{{files.srSopUid, files.srSha256},
                                                         {files.pdfSopUid, files.pdfDicomSha256}};
        for (const auto& [uid, sha256] : sentObjects) {
            QVERIFY2(orthancIdOf.contains(uid), qPrintable(uid));
            const QByteArray stored = m_orthanc->get("/instances/" + orthancIdOf.value(uid) + "/file");
            QCOMPARE(
                QString::fromLatin1(QCryptographicHash::hash(stored, QCryptographicHash::Sha256).toHex()),
                sha256);
            const QString back = m_dir.filePath(QStringLiteral("back-%1.dcm").arg(uid));
            QFile out(back);
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(stored) == stored.size());
            out.close();
            const report::Verification v =
                report::verifySignedReportFile(back, trust, QDateTime::currentDateTimeUtc());
            QVERIFY2(v.isValid(), qPrintable(v.sentence(back)));
        }
        pacs::ClientOptions options;
        options.callingAeTitle = "BONEAGE";
        QStringList modalities;
        for (const pacs::SeriesRecord& s :
             pacs::DicomClient(pacs::parsePeer(m_orthanc->peer().toStdString()), options)
                 .findSeries(film.meta.studyInstanceUid))
            modalities << QString::fromStdString(s.modality);
        modalities.sort();
        QCOMPARE(modalities, (QStringList{"CR", "DOC", "SR"}));  // the film's series, the PDF's and the SR's
    }

    void listenerOnABusyPort_ShouldSaySo() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::Any, 0));
        m_settings.pacs.listenerPort = taken.serverPort();
        m_controller->applySettings(m_settings);
        QCOMPARE(m_controller->listenerState(), ui::PacsController::ListenerState::Failed);
        QVERIFY2(m_controller->statusWidget()->text().startsWith("Listener stopped: "),
                 qPrintable(m_controller->statusWidget()->text()));
    }

    void orthancStopped_ShouldFailWithASentence() {
        pt::TempOrthanc stopped;
        QTRY_VERIFY_WITH_TIMEOUT(stopped.ready(), 60000);
        ui::PacsDialog& dialog = dialogFor(nodeFor("Gone", pt::TempOrthanc::kAeTitle, stopped.dicomPort()));
        stopped.stop();
        expectFault(
            dialog, false, [&] { button(dialog, "pacsSearchButton")->click(); }, "connection refused");
    }

    void wrongCalledAeTitle_ShouldFailWithASentence() {
        ui::PacsDialog& dialog = dialogFor(nodeFor("Wrong", "NOT-ORTHANC", m_orthanc->dicomPort()));
        expectFault(
            dialog, false, [&] { button(dialog, "pacsSearchButton")->click(); }, "association rejected");
    }

    void closedPort_ShouldFailWithASentence() {
        ui::PacsDialog& dialog = dialogFor(nodeFor("Closed", "NOBODY", pt::freePort()));
        expectFault(
            dialog, false, [&] { button(dialog, "pacsSearchButton")->click(); }, "connection refused");
    }

    void silentPeer_ShouldTimeOutWithASentence() {
        QTcpServer silent;  // accepts (the kernel completes the handshake) and never says a word
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ui::PacsDialog& dialog = dialogFor(nodeFor("Silent", "SILENT", silent.serverPort()));
        expectFault(
            dialog, false, [&] { button(dialog, "pacsSearchButton")->click(); },
            QStringLiteral("no answer within %1 s").arg(kTimeout));
    }

    void silentRetrieve_ShouldTimeOutWithASentence() {
        const auto peer = silentPeer(QStringLiteral("silent-films"), "2.25.4242");
        ui::PacsDialog& dialog = dialogFor(nodeFor("Fake", pt::FakeGetPeer::kAeTitle, peer->port()));
        QCOMPARE(search(dialog), QStringList{"FAKE"});
        expectFault(
            dialog, true, [&] { QVERIFY(retrieveRow(dialog, "FAKE")); },
            QStringLiteral("no answer within %1 s").arg(kTimeout));
        QCOMPARE(dialog.statusAt(0), QStringLiteral("Failed"));
    }

    void cancelDuringASilentRetrieve_ShouldEndAtOnceAndKeepNothing() {
        const auto peer = silentPeer(QStringLiteral("cancel-films"), "2.25.4243");
        ui::PacsDialog& dialog = dialogFor(nodeFor("Fake", pt::FakeGetPeer::kAeTitle, peer->port()));
        QCOMPARE(search(dialog), QStringList{"FAKE"});
        const std::size_t casesBefore = m_repo->cases().size();
        QSignalSpy failed(m_controller, &ui::PacsController::studyFailed);
        QVERIFY(retrieveRow(dialog, "FAKE"));
        QPushButton* cancel = button(dialog, "pacsCancelButton");
        QTRY_VERIFY(cancel->isEnabled());
        QTest::qWait(300);  // the peer has taken the C-GET and says nothing
        QVERIFY(failed.isEmpty());
        QElapsedTimer clock;
        clock.start();
        cancel->click();
        QVERIFY(QTest::qWaitFor([&] { return !failed.isEmpty(); }, kTimeout * 1000));
        const qint64 elapsed = clock.elapsed();
        qInfo("cancel: the retrieve ended %lld ms after the click (timeout %d s)", elapsed, kTimeout);
        QVERIFY2(elapsed < 1500, qPrintable(QString::number(elapsed)));  // well before the timeout
        QCOMPARE(failed.first().at(2).toBool(), true);
        QCOMPARE(dialog.statusAt(0), QStringLiteral("Cancelled"));
        QVERIFY2(dialog.messageText().contains("cancelled"), qPrintable(dialog.messageText()));
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!m_controller->isBusy());
        QCOMPARE(filesUnder(m_controller->retrieveFolder()), QStringList{});
        QCOMPARE(m_repo->cases().size(), casesBefore);
    }

    void associationAbortedMidTransfer_ShouldKeepNothing_data() {
        QTest::addColumn<int>("ending");
        QTest::addColumn<QString>("cause");
        QTest::newRow("abortPdu_ShouldKeepNothing")
            << int(pt::FakeGetPeer::Ending::AbortMidObject) << QStringLiteral("aborted");
        QTest::newRow("droppedConnection_ShouldKeepNothing")
            << int(pt::FakeGetPeer::Ending::DropMidObject) << QString();
    }
    void associationAbortedMidTransfer_ShouldKeepNothing() {
        QFETCH(int, ending);
        QFETCH(QString, cause);
        const QString films = m_dir.filePath(QStringLiteral("cut-films-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(films);
        std::vector<pt::FakeGetPeer::SubOperation> subOperations;
        for (int i = 1; i <= 3; ++i)  // two whole films first: they must not stay either
            subOperations.push_back(
                {pt::writeLargeFilm(films, "f" + std::to_string(i) + ".dcm", "2.25.4242", i), ""});
        pt::FakeGetPeer peer(subOperations, pt::FakeGetPeer::Ending(ending));
        ui::PacsDialog& dialog = dialogFor(nodeFor("Fake", pt::FakeGetPeer::kAeTitle, peer.port()));
        QCOMPARE(search(dialog), QStringList{"FAKE"});
        expectFault(
            dialog, true, [&] { QVERIFY(retrieveRow(dialog, "FAKE")); }, cause);
        QCOMPARE(peer.waitForGet(), 2);
    }

    void hostileUidsOverCGet_ShouldStayInsideTheStorageFolder_data() {
        QTest::addColumn<QByteArray>("uid");
        QTest::addColumn<QByteArray>("patientName");
        QTest::newRow("dotDotSlash_ShouldStayInside")
            << QByteArray("../../../../escaped-gui") << QByteArray("../../../escaped-name");
        QTest::newRow("absolutePath_ShouldStayInside")
            << QByteArray("/tmp/boneage-escaped-gui") << QByteArray("/tmp/boneage-escaped-name");
        QTest::newRow("embeddedNul_ShouldStayInside")
            << QByteArray("1.2.3\0/../../escaped-gui", 24) << QByteArray("Doe\0/../../escaped-name", 23);
    }
    void hostileUidsOverCGet_ShouldStayInsideTheStorageFolder() {
        QFETCH(QByteArray, uid);
        QFETCH(QByteArray, patientName);
        const QString films = m_dir.filePath(QStringLiteral("hostile-%1").arg(QTest::currentDataTag()));
        QDir().mkpath(films);
        const auto film =
            pt::writeTestFilm(films, "h.dcm", "FAKE^PATIENT", "FAKE", "20240301", "2.25.4242", 1);
        QVERIFY(pt::rewriteIdentity(film.path, uid, patientName));
        pt::FakeGetPeer peer({{film.path, uid.toStdString()}}, pt::FakeGetPeer::Ending::Complete);
        ui::PacsDialog& dialog = dialogFor(nodeFor("Fake", pt::FakeGetPeer::kAeTitle, peer.port()));
        QCOMPARE(search(dialog), QStringList{"FAKE"});
        QSignalSpy retrieved(m_controller, &ui::PacsController::studyRetrieved);
        QSignalSpy problems(m_controller, &ui::PacsController::message);
        QVERIFY(retrieveRow(dialog, "FAKE"));
        QVERIFY(retrieved.wait(20000));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.value(0).value(0).toString()));
        QCOMPARE(retrieved.first().at(1).toInt(), 1);  // one film
        const QStringList files = filesUnder(storage());
        QCOMPARE(files.size(), 1);
        const QFileInfo stored(files.front());
        QCOMPARE(stored.absolutePath(), QDir(m_controller->retrieveFolder()).absolutePath());
        QVERIFY2(stored.fileName().startsWith("film-") && stored.fileName().endsWith(".dcm"),
                 qPrintable(stored.fileName()));
        // It is read like any film (its case points at the workstation's file, never at its UID or name).
        QCOMPARE(retrieved.first().at(2).toInt(), 1);
        QCOMPARE(retrieved.first().at(3).toInt(), 0);
        const auto cases = casesOf("FAKE");
        QCOMPARE(cases.size(), std::size_t(1));
        QCOMPARE(QFileInfo(cases.front().caseRecord.sourcePath).absoluteFilePath(),
                 stored.absoluteFilePath());
        QTRY_VERIFY_WITH_TIMEOUT(hasPrediction(cases.front().caseRecord.id), 20000);
        for (const QString& escaped :
             {QStringLiteral("/tmp/boneage-escaped-gui"), QStringLiteral("/tmp/boneage-escaped-name"),
              m_dir.filePath("escaped-gui"), m_dir.filePath("escaped-name"), storage() + "/escaped-gui"})
            QVERIFY2(!QFileInfo::exists(escaped), qPrintable(escaped));
    }
};

QTEST_MAIN(TestPacsDialog)
#include "TestPacsDialog.moc"
