#include <QtTest>

#include <cmath>
#include <limits>

#include "clinical/ChronologicalAge.h"
#include "common/Error.h"

using boneage::clinical::Date;

namespace {

Date date(const char* text) {
    const auto parsed = boneage::clinical::parseDate(text);
    if (!parsed)
        qFatal("bad date literal in test: %s", text);
    return *parsed;
}

}  // namespace

class ChronologicalAgeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void months_data();
    void months();
    void invalid_data();
    void invalid();
    void yearsMonths_data();
    void yearsMonths();
};

void ChronologicalAgeTest::months_data() {
    QTest::addColumn<QString>("birth");
    QTest::addColumn<QString>("study");
    QTest::addColumn<double>("expected");
    auto row = [](const char* name, const char* birth, const char* study, double expected) {
        QTest::newRow(name) << QString::fromLatin1(birth) << QString::fromLatin1(study) << expected;
    };
    row("sameDay_isZeroMonths", "2020-05-17", "2020-05-17", 0.0);
    row("nextDay_isOneOf31Days", "2020-01-01", "2020-01-02", 1.0 / 31);
    row("sameDayNextMonth_isOneMonth", "2020-05-17", "2020-06-17", 1.0);
    row("dayBeforeMonthlyAnniversary_is29of30Days", "2020-04-17", "2020-05-16", 29.0 / 30);
    row("acrossNewYear_isOneMonth", "2019-12-15", "2020-01-15", 1.0);
    row("tenYearsFourMonthsAndHalf_is124Plus15of31", "2010-03-10", "2020-07-25", 124.0 + 15.0 / 31);
    // Month ends: a birthday on the 29th-31st reaches its anniversary on the last day of shorter months.
    row("birthOnJan31_studyOnFeb28_isOneMonth", "2019-01-31", "2019-02-28", 1.0);
    row("birthOnJan31_studyOnFeb27_is27of28Days", "2019-01-31", "2019-02-27", 27.0 / 28);
    row("birthOnJan31_studyOnMar31_isTwoMonths", "2019-01-31", "2019-03-31", 2.0);
    row("birthOnJan31_studyOnMar30_isOneMonthPlus30of31", "2019-01-31", "2019-03-30", 1.0 + 30.0 / 31);
    row("birthOnJan30_studyOnFeb28_isOneMonth", "2019-01-30", "2019-02-28", 1.0);
    row("birthOnMar31_studyOnApr30_isOneMonth", "2021-03-31", "2021-04-30", 1.0);
    row("birthOnMar31_studyOnMay1_isOneMonthPlusOneOf31", "2021-03-31", "2021-05-01", 1.0 + 1.0 / 31);
    row("birthOnAug31_studyOnSep30_isOneMonth", "2021-08-31", "2021-09-30", 1.0);
    // Leap years.
    row("birthOnJan31_studyOnFeb29LeapYear_isOneMonth", "2020-01-31", "2020-02-29", 1.0);
    row("birthOnJan31_studyOnFeb28LeapYear_is28of29Days", "2020-01-31", "2020-02-28", 28.0 / 29);
    row("birthOnJan31_studyOnFeb29Year2000_isOneMonth", "2000-01-31", "2000-02-29", 1.0);
    row("birthOnJan31_studyOnFeb28Year1900_isOneMonthAsCenturyNotLeap", "1900-01-31", "1900-02-28", 1.0);
    row("birthOnFeb29_studyOnFeb28NonLeap_isTwelveMonths", "2020-02-29", "2021-02-28", 12.0);
    row("birthOnFeb29_studyOnFeb27NonLeap_isElevenMonthsPlus29of30", "2020-02-29", "2021-02-27",
        11.0 + 29.0 / 30);
    row("birthOnFeb29_studyOnMar1NonLeap_isTwelveMonthsPlusOneOf29", "2020-02-29", "2021-03-01",
        12.0 + 1.0 / 29);
    row("birthOnFeb29_studyOnMar29_isOneMonth", "2020-02-29", "2020-03-29", 1.0);
    row("birthOnFeb29_studyOnFeb29FourYearsLater_is48Months", "2020-02-29", "2024-02-29", 48.0);
    row("birthOnFeb29_studyOnFeb28FourYearsLater_is47MonthsPlus30of31", "2020-02-29", "2024-02-28",
        47.0 + 30.0 / 31);
    row("birthOnFeb28_studyOnLeapDay_isTwelveMonthsPlusOneOf29", "2023-02-28", "2024-02-29", 12.0 + 1.0 / 29);
    row("birthOnMar1_studyOnLeapDay_is11MonthsPlus28of29", "2023-03-01", "2024-02-29", 11.0 + 28.0 / 29);
    row("eighteenYears_is216Months", "2002-06-30", "2020-06-30", 216.0);
}

void ChronologicalAgeTest::months() {
    QFETCH(QString, birth);
    QFETCH(QString, study);
    QFETCH(double, expected);
    const double age =
        boneage::clinical::chronologicalAgeMonths(date(qPrintable(birth)), date(qPrintable(study)));
    QVERIFY2(
        std::abs(age - expected) < 1e-12,
        qPrintable(QStringLiteral("got %1, expected %2").arg(age, 0, 'g', 17).arg(expected, 0, 'g', 17)));
}

void ChronologicalAgeTest::invalid_data() {
    QTest::addColumn<int>("birthYear");
    QTest::addColumn<int>("birthMonth");
    QTest::addColumn<int>("birthDay");
    QTest::addColumn<int>("studyYear");
    QTest::addColumn<int>("studyMonth");
    QTest::addColumn<int>("studyDay");
    QTest::addColumn<QString>("cause");
    QTest::newRow("birthAfterStudy_throwsNamingBothDates")
        << 2020 << 5 << 1 << 2020 << 4 << 1
        << QStringLiteral("birth date 2020-05-01 is after study date 2020-04-01");
    QTest::newRow("birthOneDayAfterStudy_throws")
        << 2020 << 1 << 1 << 2019 << 12 << 31
        << QStringLiteral("birth date 2020-01-01 is after study date 2019-12-31");
    QTest::newRow("birthOnFeb30_throwsAsInvalidDate")
        << 2021 << 2 << 30 << 2022 << 1 << 1 << QStringLiteral("birth date 2021-02-30 is not a valid date");
    QTest::newRow("studyInMonth13_throwsAsInvalidDate")
        << 2021 << 2 << 1 << 2022 << 13 << 1 << QStringLiteral("study date 2022-13-01 is not a valid date");
    QTest::newRow("defaultDate_throwsAsInvalidDate")
        << 0 << 0 << 0 << 2022 << 1 << 1 << QStringLiteral("birth date 0000-00-00 is not a valid date");
}

void ChronologicalAgeTest::invalid() {
    QFETCH(int, birthYear);
    QFETCH(int, birthMonth);
    QFETCH(int, birthDay);
    QFETCH(int, studyYear);
    QFETCH(int, studyMonth);
    QFETCH(int, studyDay);
    QFETCH(QString, cause);
    try {
        boneage::clinical::chronologicalAgeMonths(Date{birthYear, birthMonth, birthDay},
                                                  Date{studyYear, studyMonth, studyDay});
        QFAIL("no exception");
    } catch (const boneage::Error& e) {
        QCOMPARE(e.code(), boneage::ErrorCode::BadInput);
        QCOMPARE(QString::fromStdString(e.subject()), QString());
        QCOMPARE(QString::fromStdString(e.cause()), cause);
        QCOMPARE(QString::fromLatin1(e.what()), cause + QLatin1Char('.'));
    }
}

void ChronologicalAgeTest::yearsMonths_data() {
    QTest::addColumn<double>("months");
    QTest::addColumn<QString>("expected");
    QTest::newRow("124Months_isTenYearsFourMonths") << 124.0 << QStringLiteral("10 y 4 m");
    QTest::newRow("124point4Months_roundsDownToFourMonths") << 124.4 << QStringLiteral("10 y 4 m");
    QTest::newRow("124point6Months_roundsUpToFiveMonths") << 124.6 << QStringLiteral("10 y 5 m");
    QTest::newRow("143point6Months_roundsUpToTwelveYears") << 143.6 << QStringLiteral("12 y 0 m");
    QTest::newRow("zero_isZeroYearsZeroMonths") << 0.0 << QStringLiteral("0 y 0 m");
    QTest::newRow("fiveMonths_hasZeroYears") << 5.0 << QStringLiteral("0 y 5 m");
    QTest::newRow("twelveMonths_isOneYear") << 12.0 << QStringLiteral("1 y 0 m");
    QTest::newRow("minus14Months_hasLeadingMinus") << -14.0 << QStringLiteral("-1 y 2 m");
    QTest::newRow("minusPoint4Months_isZeroWithoutSign") << -0.4 << QStringLiteral("0 y 0 m");
    QTest::newRow("nan_isUnknown") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("unknown");
    QTest::newRow("infinity_isUnknown")
        << std::numeric_limits<double>::infinity() << QStringLiteral("unknown");
}

void ChronologicalAgeTest::yearsMonths() {
    QFETCH(double, months);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(boneage::clinical::formatYearsMonths(months)), expected);
}

QTEST_APPLESS_MAIN(ChronologicalAgeTest)
#include "ChronologicalAgeTest.moc"
