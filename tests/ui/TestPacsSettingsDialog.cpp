// The PACS settings with the real dialog, offscreen: what is entered (own AE title, listener, timeout, nodes
// and the services each offers) comes back from the dialog, survives a QSettings round trip unchanged, and
// OK refuses unusable settings with a sentence saying what is wrong.
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/PacsSettings.h"
#include "ui/PacsSettingsDialog.h"

using namespace boneage;

class TestPacsSettingsDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static ui::PacsSettings sample() {
        ui::PacsSettings s;
        s.ownAeTitle = QStringLiteral("READROOM2");
        s.listenerEnabled = true;
        s.listenerPort = 11113;
        s.timeoutSeconds = 12;
        s.storageDir = QStringLiteral("/data/pacs");
        ui::PacsNode archive;
        archive.name = QStringLiteral("Archive");
        archive.aeTitle = QStringLiteral("ORTHANC");
        archive.host = QStringLiteral("pacs.example");
        archive.port = 4242;
        archive.get = false;
        archive.move = true;
        ui::PacsNode router;
        router.name = QStringLiteral("Router");
        router.aeTitle = QStringLiteral("ROUTER");
        router.host = QStringLiteral("10.0.0.7");
        router.port = 104;
        router.find = false;
        s.nodes = {archive, router};
        return s;
    }

    static void clickOk(ui::PacsSettingsDialog& dialog) {
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    }

private Q_SLOTS:
    void settings_ShouldSurviveTheDialogAndQSettings() {
        ui::PacsSettingsDialog dialog(sample());
        QCOMPARE(dialog.settings(), sample());
        QSettings file(m_dir.filePath("a.ini"), QSettings::IniFormat);
        dialog.settings().save(file);
        file.sync();
        QSettings again(m_dir.filePath("a.ini"), QSettings::IniFormat);
        QCOMPARE(ui::PacsSettings::load(again), sample());
    }

    void edits_ShouldComeBackFromTheDialog() {
        ui::PacsSettingsDialog dialog(sample());
        dialog.findChild<QLineEdit*>("pacsOwnAeEdit")->setText("WS9");
        dialog.findChild<QCheckBox*>("pacsListenerCheck")->setChecked(false);
        dialog.findChild<QSpinBox*>("pacsListenerPortSpin")->setValue(2000);
        auto* nodes = dialog.findChild<QTableWidget*>("pacsNodesTable");
        nodes->item(0, ui::PacsSettingsDialog::Port)->setText("4343");
        nodes->item(1, ui::PacsSettingsDialog::Find)->setCheckState(Qt::Checked);
        dialog.findChild<QPushButton*>("pacsAddNodeButton")->click();
        const ui::PacsSettings s = dialog.settings();
        QCOMPARE(s.ownAeTitle, QStringLiteral("WS9"));
        QVERIFY(!s.listenerEnabled);
        QCOMPARE(s.listenerPort, 2000);
        QCOMPARE(s.nodes.size(), 3);
        QCOMPARE(s.nodes[0].port, 4343);
        QVERIFY(s.nodes[1].find);
        QCOMPARE(s.nodes[2].name, QStringLiteral("PACS 3"));
        QVERIFY(s.problem().isEmpty());
    }

    void unusableSettings_ShouldBeRefusedWithASentence_data() {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("said");
        QTest::newRow("aeTitleTooLong_ShouldBeRefused")
            << 0 << int(ui::PacsSettingsDialog::AeTitle) << QStringLiteral("SEVENTEEN-CHARS-X")
            << QStringLiteral("is not an AE title");
        QTest::newRow("portNotANumber_ShouldBeRefused")
            << 0 << int(ui::PacsSettingsDialog::Port) << QStringLiteral("http")
            << QStringLiteral("is not a port number");
        QTest::newRow("twoNodesOneName_ShouldBeRefused")
            << 1 << int(ui::PacsSettingsDialog::Name) << QStringLiteral("Archive")
            << QStringLiteral("Two nodes are called 'Archive'");
        QTest::newRow("noHost_ShouldBeRefused")
            << 1 << int(ui::PacsSettingsDialog::Host) << QStringLiteral("") << QStringLiteral("has no host");
    }
    void unusableSettings_ShouldBeRefusedWithASentence() {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, value);
        QFETCH(QString, said);
        ui::PacsSettingsDialog dialog(sample());
        dialog.findChild<QTableWidget*>("pacsNodesTable")->item(row, column)->setText(value);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        clickOk(dialog);
        QCOMPARE(accepted.size(), 0);
        const QString problem = dialog.findChild<QLabel*>("pacsSettingsProblem")->text();
        QVERIFY2(problem.contains(said), qPrintable(problem));
    }

    void usableSettings_ShouldBeAccepted() {
        ui::PacsSettingsDialog dialog(sample());
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        clickOk(dialog);
        QCOMPARE(accepted.size(), 1);
    }
};

QTEST_MAIN(TestPacsSettingsDialog)
#include "TestPacsSettingsDialog.moc"
