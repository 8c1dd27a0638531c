#include <QtTest>

#include <cmath>
#include <limits>
#include <optional>

#include "clinical/Assessment.h"
#include "common/Error.h"

using boneage::Sex;
using boneage::clinical::Verdict;

Q_DECLARE_METATYPE(boneage::clinical::Verdict)

namespace {

Sex sexOf(const QString& code) {
    return code == QLatin1String("M") ? Sex::Male : Sex::Female;
}

}  // namespace

class AssessmentTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdict_data();
    void verdict();
    void unknownAge_isUnknownVerdictWithoutSdOrZ();
    void clampedAge_carriesTheTableWarning();
    void verdictNames_data();
    void verdictNames();
    void invalidAges_data();
    void invalidAges();
};

void AssessmentTest::verdict_data() {
    QTest::addColumn<QString>("sex");
    QTest::addColumn<double>("age");
    QTest::addColumn<double>("sd");  // the Brush SD at `age`
    QTest::addColumn<double>("boneAge");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* sex, double age, double sd, double boneAge,
                  const char* expected) {
        QTest::newRow(name) << QString::fromLatin1(sex) << age << sd << boneAge
                            << QString::fromLatin1(expected);
    };
    const double sdBoys120 = 9.79;
    row("boysBoneAgeEqualsAge_isNormal", "M", 120, sdBoys120, 120, "normal");
    row("boysExactlyPlus2Sd_isNormal", "M", 120, sdBoys120, 120 + 2 * sdBoys120, "normal");
    row("boysExactlyMinus2Sd_isNormal", "M", 120, sdBoys120, 120 - 2 * sdBoys120, "normal");
    row("boysJustBeyondPlus2Sd_isAdvanced", "M", 120, sdBoys120, 120 + 2 * sdBoys120 + 0.01, "advanced");
    row("boysJustBeyondMinus2Sd_isDelayed", "M", 120, sdBoys120, 120 - 2 * sdBoys120 - 0.01, "delayed");
    const double sdGirls144 = 10.24;
    row("girlsExactlyPlus2Sd_isNormal", "F", 144, sdGirls144, 144 + 2 * sdGirls144, "normal");
    row("girlsExactlyMinus2Sd_isNormal", "F", 144, sdGirls144, 144 - 2 * sdGirls144, "normal");
    row("girlsJustBeyondPlus2Sd_isAdvanced", "F", 144, sdGirls144, 144 + 2 * sdGirls144 + 0.01, "advanced");
    row("girlsJustBeyondMinus2Sd_isDelayed", "F", 144, sdGirls144, 144 - 2 * sdGirls144 - 0.01, "delayed");
    // Between rows the SD is interpolated, and +-2 SD of it is still the edge of normal.
    const double sdBoys66 = (8.79 + 9.17) / 2;
    row("boysBetweenRowsExactlyPlus2Sd_isNormal", "M", 66, sdBoys66, 66 + 2 * sdBoys66, "normal");
    row("boysBetweenRowsExactlyMinus2Sd_isNormal", "M", 66, sdBoys66, 66 - 2 * sdBoys66, "normal");
    row("boysBetweenRowsJustBeyondPlus2Sd_isAdvanced", "M", 66, sdBoys66, 66 + 2 * sdBoys66 + 0.001,
        "advanced");
    const double sdGirls186 = (9.23 + 7.31) / 2;
    row("girlsBetweenRowsExactlyMinus2Sd_isNormal", "F", 186, sdGirls186, 186 - 2 * sdGirls186, "normal");
    row("girlsBetweenRowsJustBeyondMinus2Sd_isDelayed", "F", 186, sdGirls186, 186 - 2 * sdGirls186 - 0.001,
        "delayed");
    row("girlsFarAhead_isAdvanced", "F", 60, 11.65, 120, "advanced");
    row("boysFarBehind_isDelayed", "M", 150, (10.38 + 10.44) / 2, 100, "delayed");
}

void AssessmentTest::verdict() {
    QFETCH(QString, sex);
    QFETCH(double, age);
    QFETCH(double, sd);
    QFETCH(double, boneAge);
    QFETCH(QString, expected);
    const auto result = boneage::clinical::assess(sexOf(sex), boneAge, age);
    QCOMPARE(QString::fromLatin1(boneage::clinical::verdictName(result.verdict)), expected);
    QVERIFY(result.chronologicalAgeMonths.has_value());
    QCOMPARE(*result.chronologicalAgeMonths, age);
    QCOMPARE(result.boneAgeMonths, boneAge);
    QVERIFY(result.sdMonths.has_value());
    QVERIFY(std::abs(*result.sdMonths - sd) < 1e-12);
    QVERIFY(result.zScore.has_value());
    QVERIFY(std::abs(*result.zScore - (boneAge - age) / sd) < 1e-9);
    QVERIFY(result.warnings.empty());
}

void AssessmentTest::unknownAge_isUnknownVerdictWithoutSdOrZ() {
    for (Sex sex : {Sex::Male, Sex::Female}) {
        const auto result = boneage::clinical::assess(sex, 130.5, std::nullopt);
        QCOMPARE(result.verdict, Verdict::Unknown);
        QCOMPARE(result.boneAgeMonths, 130.5);
        QVERIFY(!result.chronologicalAgeMonths.has_value());
        QVERIFY(!result.sdMonths.has_value());
        QVERIFY(!result.zScore.has_value());
        QCOMPARE(result.warnings.size(), size_t(1));
        QVERIFY(result.warnings.front().code == boneage::WarningCode::ChronologicalAgeUnknown);
        QVERIFY(QString::fromStdString(boneage::warningText(result.warnings.front()))
                    .startsWith(QLatin1String("chronological age unknown")));
    }
}

void AssessmentTest::clampedAge_carriesTheTableWarning() {
    const auto result = boneage::clinical::assess(Sex::Male, 230, 250.0);
    QCOMPARE(result.verdict, Verdict::Normal);
    QVERIFY(result.sdMonths.has_value());
    QCOMPARE(*result.sdMonths, 13.05);
    QCOMPARE(result.warnings.size(), size_t(1));
    QCOMPARE(
        QString::fromStdString(boneage::warningText(result.warnings.front())),
        QStringLiteral(
            "age 250.0 months is beyond the Brush table for boys (3-204 months); SD of 204 months used"));
}

void AssessmentTest::verdictNames_data() {
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("name");
    QTest::newRow("delayed_isNamedDelayed") << Verdict::Delayed << QStringLiteral("delayed");
    QTest::newRow("normal_isNamedNormal") << Verdict::Normal << QStringLiteral("normal");
    QTest::newRow("advanced_isNamedAdvanced") << Verdict::Advanced << QStringLiteral("advanced");
    QTest::newRow("unknown_isNamedUnknown") << Verdict::Unknown << QStringLiteral("unknown");
}

void AssessmentTest::verdictNames() {
    QFETCH(Verdict, verdict);
    QFETCH(QString, name);
    QCOMPARE(QString::fromLatin1(boneage::clinical::verdictName(verdict)), name);
}

void AssessmentTest::invalidAges_data() {
    QTest::addColumn<double>("boneAge");
    QTest::addColumn<double>("age");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("negativeBoneAge_throws") << -1.0 << 120.0;
    QTest::newRow("nanBoneAge_throws") << nan << 120.0;
    QTest::newRow("negativeChronologicalAge_throws") << 120.0 << -0.5;
    QTest::newRow("nanChronologicalAge_throws") << 120.0 << nan;
    QTest::newRow("infiniteChronologicalAge_throws") << 120.0 << std::numeric_limits<double>::infinity();
}

void AssessmentTest::invalidAges() {
    QFETCH(double, boneAge);
    QFETCH(double, age);
    try {
        boneage::clinical::assess(Sex::Female, boneAge, age);
        QFAIL("no exception");
    } catch (const boneage::Error& e) {
        QCOMPARE(e.code(), boneage::ErrorCode::BadInput);
    }
}

QTEST_APPLESS_MAIN(AssessmentTest)
#include "AssessmentTest.moc"
