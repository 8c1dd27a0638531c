#include <QtTest>

#include "clinical/Date.h"

using boneage::clinical::Date;

class DateTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parseAccepts_data();
    void parseAccepts();
    void parseRejects_data();
    void parseRejects();
    void format_data();
    void format();
    void leapYear_data();
    void leapYear();
};

void DateTest::parseAccepts_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::newRow("dicomDa_isParsed") << QByteArray("20200517") << 2020 << 5 << 17;
    QTest::newRow("isoDate_isParsed") << QByteArray("2020-05-17") << 2020 << 5 << 17;
    QTest::newRow("dicomDaWithSpacePadding_isParsed") << QByteArray("20200517 ") << 2020 << 5 << 17;
    QTest::newRow("dicomDaWithNulPadding_isParsed") << QByteArray("20200517\0", 9) << 2020 << 5 << 17;
    QTest::newRow("feb29InLeapYear_isParsed") << QByteArray("20240229") << 2024 << 2 << 29;
    QTest::newRow("feb29In2000_isParsedAsLeapCentury") << QByteArray("2000-02-29") << 2000 << 2 << 29;
    QTest::newRow("dec31_isParsed") << QByteArray("1999-12-31") << 1999 << 12 << 31;
    QTest::newRow("apr30_isParsed") << QByteArray("20210430") << 2021 << 4 << 30;
}

void DateTest::parseAccepts() {
    QFETCH(QByteArray, text);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    const auto date = boneage::clinical::parseDate(std::string_view(text.constData(), size_t(text.size())));
    QVERIFY(date.has_value());
    QCOMPARE(date->year, year);
    QCOMPARE(date->month, month);
    QCOMPARE(date->day, day);
}

void DateTest::parseRejects_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("feb30_isRejected") << QByteArray("20200230");
    QTest::newRow("feb30Iso_isRejected") << QByteArray("2020-02-30");
    QTest::newRow("feb29InNonLeapYear_isRejected") << QByteArray("20230229");
    QTest::newRow("feb29In1900_isRejectedAsNonLeapCentury") << QByteArray("1900-02-29");
    QTest::newRow("apr31_isRejected") << QByteArray("20210431");
    QTest::newRow("month13_isRejected") << QByteArray("20201301");
    QTest::newRow("month13Iso_isRejected") << QByteArray("2020-13-01");
    QTest::newRow("month00_isRejected") << QByteArray("20200001");
    QTest::newRow("day00_isRejected") << QByteArray("20200100");
    QTest::newRow("day32_isRejected") << QByteArray("20200132");
    QTest::newRow("year0000_isRejected") << QByteArray("00000101");
    QTest::newRow("dicomDaWithTrailingGarbage_isRejected") << QByteArray("20200101x");
    QTest::newRow("isoWithTrailingTime_isRejected") << QByteArray("2020-01-01T12:00");
    QTest::newRow("isoWithTrailingDigit_isRejected") << QByteArray("2020-01-011");
    QTest::newRow("embeddedNul_isRejected") << QByteArray(
        "2020\0"
        "101",
        8);
    QTest::newRow("leadingSpace_isRejected") << QByteArray(" 20200101");
    QTest::newRow("empty_isRejected") << QByteArray("");
    QTest::newRow("onlyPadding_isRejected") << QByteArray("        ");
    QTest::newRow("sevenDigits_isRejected") << QByteArray("2020011");
    QTest::newRow("singleDigitMonthIso_isRejected") << QByteArray("2020-1-01");
    QTest::newRow("slashSeparators_isRejected") << QByteArray("2020/01/01");
    QTest::newRow("mixedSeparators_isRejected") << QByteArray("2020-0101x");
    QTest::newRow("letterO_isRejected") << QByteArray("2O200101");
    QTest::newRow("signedField_isRejected") << QByteArray("2020-+1-01");
    QTest::newRow("acrNemaDots_isRejected") << QByteArray("2020.01.01");
}

void DateTest::parseRejects() {
    QFETCH(QByteArray, text);
    const auto date = boneage::clinical::parseDate(std::string_view(text.constData(), size_t(text.size())));
    QVERIFY2(!date.has_value(),
             qPrintable(QStringLiteral("accepted as %1")
                            .arg(QString::fromStdString(boneage::clinical::formatDate(*date)))));
}

void DateTest::format_data() {
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ordinaryDate_isIso") << 2020 << 5 << 17 << QStringLiteral("2020-05-17");
    QTest::newRow("singleDigits_areZeroPadded") << 999 << 1 << 2 << QStringLiteral("0999-01-02");
    QTest::newRow("invalidDate_isFormattedAsIs") << 2021 << 2 << 30 << QStringLiteral("2021-02-30");
}

void DateTest::format() {
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    QFETCH(QString, expected);
    const Date date{year, month, day};
    QCOMPARE(QString::fromStdString(boneage::clinical::formatDate(date)), expected);
    if (boneage::clinical::isValidDate(date)) {
        const auto back = boneage::clinical::parseDate(boneage::clinical::formatDate(date));
        QVERIFY(back.has_value());
        QVERIFY(*back == date);
    }
}

void DateTest::leapYear_data() {
    QTest::addColumn<int>("year");
    QTest::addColumn<bool>("leap");
    QTest::addColumn<int>("februaryDays");
    QTest::newRow("2024_isLeap") << 2024 << true << 29;
    QTest::newRow("2023_isNotLeap") << 2023 << false << 28;
    QTest::newRow("2000_isLeapAsDivisibleBy400") << 2000 << true << 29;
    QTest::newRow("1900_isNotLeapAsCentury") << 1900 << false << 28;
    QTest::newRow("2100_isNotLeapAsCentury") << 2100 << false << 28;
}

void DateTest::leapYear() {
    QFETCH(int, year);
    QFETCH(bool, leap);
    QFETCH(int, februaryDays);
    QCOMPARE(boneage::clinical::isLeapYear(year), leap);
    QCOMPARE(boneage::clinical::daysInMonth(year, 2), februaryDays);
    QCOMPARE(boneage::clinical::daysInMonth(year, 13), 0);
}

QTEST_APPLESS_MAIN(DateTest)
#include "DateTest.moc"
