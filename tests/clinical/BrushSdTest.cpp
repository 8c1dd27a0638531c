#include <QtTest>

#include <cmath>
#include <limits>

#include "clinical/BrushSd.h"
#include "common/Error.h"

using boneage::Sex;

namespace {

Sex sexOf(const QString& code) {
    return code == QLatin1String("M") ? Sex::Male : Sex::Female;
}

}  // namespace

class BrushSdTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lookup_data();
    void lookup();
    void compiledTable_matchesReferenceCsv();
    void compiledTable_isSortedAndComplete();
    void invalidAge_data();
    void invalidAge();
};

void BrushSdTest::lookup_data() {
    QTest::addColumn<QString>("sex");
    QTest::addColumn<double>("age");
    QTest::addColumn<double>("expectedSd");
    QTest::addColumn<QString>("expectedWarning");  // empty: not clamped
    const QString none;
    // At rows, including both ends of each table (not clamped).
    QTest::newRow("boysAtFirstRow3_isTableValue") << "M" << 3.0 << 0.69 << none;
    QTest::newRow("boysAtRow120_isTableValue") << "M" << 120.0 << 9.79 << none;
    QTest::newRow("boysAtLastRow204_isTableValueUnclamped") << "M" << 204.0 << 13.05 << none;
    QTest::newRow("girlsAtFirstRow3_isTableValue") << "F" << 3.0 << 0.72 << none;
    QTest::newRow("girlsAtRow60_isTableValue") << "F" << 60.0 << 11.65 << none;
    QTest::newRow("girlsAtLastRow192_isTableValueUnclamped") << "F" << 192.0 << 7.31 << none;
    // Between rows: linear interpolation.
    QTest::newRow("boysAt15_isMidwayBetween12And18") << "M" << 15.0 << (1.97 + 3.52) / 2 << none;
    QTest::newRow("boysAt66_isMidwayBetween60And72") << "M" << 66.0 << (8.79 + 9.17) / 2 << none;
    QTest::newRow("boysAt200_isTwoThirdsFrom192To204")
        << "M" << 200.0 << 12.86 + (13.05 - 12.86) * 8 / 12 << none;
    QTest::newRow("boysAt3point5_isOneSixthFrom3To6") << "M" << 3.5 << 0.69 + (1.13 - 0.69) / 6 << none;
    QTest::newRow("girlsAt4point5_isMidwayBetween3And6") << "F" << 4.5 << (0.72 + 1.16) / 2 << none;
    QTest::newRow("girlsAt100_isOneThirdFrom96To108")
        << "F" << 100.0 << 10.23 + (10.74 - 10.23) * 4 / 12 << none;
    QTest::newRow("girlsAt186_isMidwayBetween180And192") << "F" << 186.0 << (9.23 + 7.31) / 2 << none;
    // Clamped at both ends, both sexes, with a warning.
    QTest::newRow("boysAt250_isClampedTo204WithWarning")
        << "M" << 250.0 << 13.05
        << QStringLiteral(
               "age 250.0 months is beyond the Brush table for boys (3-204 months); SD of 204 months used");
    QTest::newRow("boysAt1point5_isClampedTo3WithWarning")
        << "M" << 1.5 << 0.69
        << QStringLiteral(
               "age 1.5 months is below the Brush table for boys (3-204 months); SD of 3 months used");
    QTest::newRow("boysAt0_isClampedTo3WithWarning")
        << "M" << 0.0 << 0.69
        << QStringLiteral(
               "age 0.0 months is below the Brush table for boys (3-204 months); SD of 3 months used");
    QTest::newRow("girlsAt200_isClampedTo192WithWarning")
        << "F" << 200.0 << 7.31
        << QStringLiteral(
               "age 200.0 months is beyond the Brush table for girls (3-192 months); SD of 192 months used");
    QTest::newRow("girlsAt2_isClampedTo3WithWarning")
        << "F" << 2.0 << 0.72
        << QStringLiteral(
               "age 2.0 months is below the Brush table for girls (3-192 months); SD of 3 months used");
    QTest::newRow("girlsAt198_isClampedEvenWhereBoysAreNot")
        << "F" << 198.0 << 7.31
        << QStringLiteral(
               "age 198.0 months is beyond the Brush table for girls (3-192 months); SD of 192 months used");
}

void BrushSdTest::lookup() {
    QFETCH(QString, sex);
    QFETCH(double, age);
    QFETCH(double, expectedSd);
    QFETCH(QString, expectedWarning);
    const auto result = boneage::clinical::brushSd(sexOf(sex), age);
    QVERIFY2(
        std::abs(result.sdMonths - expectedSd) < 1e-12,
        qPrintable(QStringLiteral("got %1, expected %2").arg(result.sdMonths, 0, 'g', 17).arg(expectedSd)));
    QCOMPARE(result.clamped, !expectedWarning.isEmpty());
    QCOMPARE(result.warning.has_value(), !expectedWarning.isEmpty());
    if (result.warning) {
        QVERIFY(result.warning->code == boneage::WarningCode::BrushTableClamped);
        QCOMPARE(QString::fromStdString(boneage::warningText(*result.warning)), expectedWarning);
    }
}

void BrushSdTest::compiledTable_matchesReferenceCsv() {
    // The program never reads the CSV; the test does, to prove the compiled-in table is the reference one.
    QFile file(QStringLiteral(BONEAGE_SOURCE_DIR "/resources/reference/brush_sd_months.csv"));
    QVERIFY2(file.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(file.fileName()));
    QMap<QString, QList<QPair<double, double>>> rows;
    bool header = true;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (header) {
            header = false;
            continue;
        }
        const QStringList fields = line.split(QLatin1Char(','));
        QCOMPARE(fields.size(), 3);
        rows[fields[0]].append({fields[1].toDouble(), fields[2].toDouble()});
    }
    for (const QString& sex : {QStringLiteral("M"), QStringLiteral("F")}) {
        const auto& table = boneage::clinical::brushTable(sexOf(sex));
        const auto& expected = rows[sex];
        QCOMPARE(qsizetype(table.size()), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(table[size_t(i)].ageMonths, expected[i].first);
            QCOMPARE(table[size_t(i)].sdMonths, expected[i].second);
            const auto atRow = boneage::clinical::brushSd(sexOf(sex), expected[i].first);
            QCOMPARE(atRow.sdMonths, expected[i].second);
            QVERIFY(!atRow.clamped);
        }
    }
}

void BrushSdTest::compiledTable_isSortedAndComplete() {
    const auto& boys = boneage::clinical::brushTable(Sex::Male);
    const auto& girls = boneage::clinical::brushTable(Sex::Female);
    QCOMPARE(boys.size(), size_t(24));
    QCOMPARE(girls.size(), size_t(23));
    QCOMPARE(boys.front().ageMonths, 3.0);
    QCOMPARE(boys.back().ageMonths, 204.0);
    QCOMPARE(girls.front().ageMonths, 3.0);
    QCOMPARE(girls.back().ageMonths, 192.0);
    for (const auto* table : {&boys, &girls}) {
        for (size_t i = 1; i < table->size(); ++i) {
            QVERIFY((*table)[i - 1].ageMonths < (*table)[i].ageMonths);
            QVERIFY((*table)[i].sdMonths > 0);
        }
    }
}

void BrushSdTest::invalidAge_data() {
    QTest::addColumn<double>("age");
    QTest::newRow("negativeAge_throws") << -1.0;
    QTest::newRow("nanAge_throws") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("infiniteAge_throws") << std::numeric_limits<double>::infinity();
}

void BrushSdTest::invalidAge() {
    QFETCH(double, age);
    for (Sex sex : {Sex::Male, Sex::Female}) {
        try {
            boneage::clinical::brushSd(sex, age);
            QFAIL("no exception");
        } catch (const boneage::Error& e) {
            QCOMPARE(e.code(), boneage::ErrorCode::BadInput);
            QVERIFY(QString::fromStdString(e.cause()).startsWith(QLatin1String("chronological age ")));
        }
    }
}

QTEST_APPLESS_MAIN(BrushSdTest)
#include "BrushSdTest.moc"
