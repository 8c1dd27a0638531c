// renderReportPdf / renderReportPage: the page a person reads.
#include <QGuiApplication>
#include <QPalette>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

#include "ReportTestSupport.h"
#include "common/Error.h"
#include "report/ReportPdf.h"

using namespace boneage;
using namespace boneage::report;

Q_DECLARE_METATYPE(boneage::report::PaperSize)

class TestReportPdf : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersOnePageOfThePaper_data() {
        QTest::addColumn<PaperSize>("paper");
        QTest::addColumn<QString>("mediaBox");
        QTest::newRow("a4_is_595_by_842_points") << PaperSize::A4 << QStringLiteral("595 842");
        QTest::newRow("letter_is_612_by_792_points") << PaperSize::Letter << QStringLiteral("612 792");
    }
    void rendersOnePageOfThePaper() {
        QFETCH(PaperSize, paper);
        QFETCH(QString, mediaBox);
        const QByteArray pdf = renderReportPdf(reporttest::sampleContent(), paper);
        QVERIFY(pdf.startsWith("%PDF-"));
        QCOMPARE(pdf.count("/Type /Page\n"), 1);
        const QRegularExpression box(QStringLiteral("/MediaBox \\[0 0 (\\d+)\\.?\\d* (\\d+)\\.?\\d*\\]"));
        const auto match = box.match(QString::fromLatin1(pdf));
        QVERIFY(match.hasMatch());
        QCOMPARE(match.captured(1) + QLatin1Char(' ') + match.captured(2), mediaBox);
        QCOMPARE(renderReportPage(reporttest::sampleContent(), paper, 50).isNull(), false);
    }

    void thePageShowsWhatAReaderNeeds() {
        // pdftotext (poppler) reads the page as a person would. The PDF stays in the test output folder to be
        // looked at.
        const QString path = QStringLiteral(BONEAGE_TEST_OUTPUT_DIR "/report-sample-a4.pdf");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(renderReportPdf(reporttest::sampleContent(), PaperSize::A4));
        file.close();
        const auto run = reporttest::runTool(QStringLiteral("pdftotext"),
                                             {QStringLiteral("-layout"), path, QStringLiteral("-")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        // NFKC folds the ligatures (U+FB01 "fi") the layout uses back into letters.
        const QString text = run.out.normalized(QString::NormalizationForm_KC).simplified();
        for (const QString& expected :
             {QStringLiteral("Bone age report"), QStringLiteral("Phantom, Alex"), QStringLiteral("PH-000123"),
              QStringLiteral("Female"), QStringLiteral("2014-03-09"), QStringLiteral("2024-05-02"),
              QStringLiteral("ACC-42"), QStringLiteral("10 y 2 m (121.8 months)"),
              QStringLiteral("11 y 0 m (132.0 months)"), QStringLiteral("9 y 4 m (112.4 months)"),
              QStringLiteral("Carpal ossification"), QStringLiteral("rsna-compact 1.2.0"),
              QStringLiteral("10.7 months"), QStringLiteral("+0.95"), QStringLiteral("Normal"),
              QStringLiteral("Reviewed and approved by Jane Doe"), QStringLiteral("2024-05-03 12:05:09 UTC"),
              QStringLiteral("2024-05-03 14:05:09 UTC+02:00"), QStringLiteral("Research use only")}) {
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + text));
        }
    }

    void aRevisionSaysWhenItsPredecessorWasSignedInUtc() {
        ReportContent c = reporttest::sampleContent();
        c.revision = 2;
        PredecessorReport before;
        before.revision = 1;
        before.signingTime = QDateTime(QDate(2024, 5, 2), QTime(16, 40), QTimeZone(7200));  // 14:40 UTC
        c.supersedes = before;
        const QString path = QStringLiteral(BONEAGE_TEST_OUTPUT_DIR "/report-revision-a4.pdf");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(renderReportPdf(c, PaperSize::A4));
        file.close();
        const auto run = reporttest::runTool(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out));
        const QString text = run.out.normalized(QString::NormalizationForm_KC).simplified();
        const QString expected =
            QStringLiteral("Revision 2, superseding revision 1 signed 2024-05-02 14:40 UTC");
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" not in: ") + text));
    }

    void thePageKeepsItsColoursUnderADarkApplicationPalette() {
        // The workstation runs a dark theme: light text on dark widgets. The page is paper whatever it is.
        const QImage plain = renderReportPage(reporttest::sampleContent(), PaperSize::A4, 40);
        const QPalette before = QGuiApplication::palette();
        QPalette dark = before;
        for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
            dark.setColor(role, QColor(0xe8, 0xe8, 0xe8));
        for (const QPalette::ColorRole role : {QPalette::Base, QPalette::Window, QPalette::Button})
            dark.setColor(role, QColor(0x20, 0x20, 0x24));
        QGuiApplication::setPalette(dark);
        const QImage themed = renderReportPage(reporttest::sampleContent(), PaperSize::A4, 40);
        QGuiApplication::setPalette(before);
        QCOMPARE(themed.size(), plain.size());
        QVERIFY2(themed == plain, "the page changed with the application's palette");
    }

    void aPreviewIsThePageAtTheGivenResolution() {
        const QImage page = renderReportPage(reporttest::sampleContent(), PaperSize::A4, 72);
        QCOMPARE(page.size(), QSize(595, 842));
        // Something is drawn, and the margins stay white.
        QVERIFY(page.pixelColor(5, 5) == QColor(Qt::white));
        int dark = 0;
        for (int y = 0; y < page.height(); y += 2)
            for (int x = 0; x < page.width(); x += 2)
                dark += qGray(page.pixel(x, y)) < 128;
        QVERIFY(dark > 1000);
    }

    void invalidContentIsRefused_data() {
        QTest::addColumn<int>("defect");
        QTest::newRow("no_reader_name_is_refused") << 0;
        QTest::newRow("override_without_reason_is_refused") << 1;
        QTest::newRow("negative_bone_age_is_refused") << 2;
        QTest::newRow("thumbnail_of_the_wrong_size_is_refused") << 3;
        QTest::newRow("no_signing_time_is_refused") << 4;
        QTest::newRow("revision_without_predecessor_is_refused") << 5;
        QTest::newRow("nan_chronological_age_is_refused") << 6;
    }
    void invalidContentIsRefused() {
        QFETCH(int, defect);
        ReportContent c = reporttest::sampleContent();
        switch (defect) {
            case 0:
                c.readerName = QStringLiteral("  ");
                break;
            case 1:
                c.overrideReason.clear();
                break;
            case 2:
                c.readerBoneAgeMonths = -1;
                break;
            case 3:
                c.filmThumbnail.pixels.pop_back();
                break;
            case 4:
                c.signingTime = QDateTime();
                break;
            case 5:
                c.revision = 2;
                break;
            case 6:
                c.chronologicalAgeMonths = std::nan("");
                break;
        }
        try {
            renderReportPdf(c, PaperSize::A4);
            QFAIL("rendered invalid content");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Usage);
        }
    }

    void paperNamesParse() {
        QCOMPARE(parsePaperSize(u"A4"), std::optional<PaperSize>(PaperSize::A4));
        QCOMPARE(parsePaperSize(u"letter"), std::optional<PaperSize>(PaperSize::Letter));
        QCOMPARE(parsePaperSize(u"legal"), std::optional<PaperSize>());
    }
};

QTEST_MAIN(TestReportPdf)
#include "TestReportPdf.moc"
