#include <QtTest>

#include "assessment/Agreement.h"

using boneage::Sex;
using boneage::assessment::computeAgreement;
using boneage::assessment::Pair;

class TestAgreement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyInput_givesZeroCount() {
        const auto a = computeAgreement({});
        QCOMPARE(a.n, std::size_t(0));
        QVERIFY(!a.maeMonthsMale && !a.maeMonthsFemale);
    }

    void knownPairs_giveHandComputedStatistics() {
        // Differences (predicted - reference): +6, -12, +18, +24, -30; |d| = 6, 12, 18, 24, 30.
        const std::vector<Pair> pairs = {{100, 106, Sex::Male},
                                         {100, 88, Sex::Female},
                                         {50, 68, Sex::Male},
                                         {150, 174, Sex::Female},
                                         {200, 170, Sex::Male}};
        const auto a = computeAgreement(pairs);
        QCOMPARE(a.n, std::size_t(5));
        QCOMPARE(a.nMale, std::size_t(3));
        QCOMPARE(a.maeMonths, 18.0);
        QCOMPARE(*a.maeMonthsMale, 18.0);    // (6 + 18 + 30) / 3
        QCOMPARE(*a.maeMonthsFemale, 18.0);  // (12 + 24) / 2
        // Bins are inclusive: an error of exactly 12 months is within 1 year.
        QCOMPARE(a.within05y, 0.2);
        QCOMPARE(a.within1y, 0.4);
        QCOMPARE(a.within15y, 0.6);
        QCOMPARE(a.within2y, 0.8);
        QCOMPARE(a.biasMonths, 1.2);  // (6 - 12 + 18 + 24 - 30) / 5
        // Sample SD of the differences around 1.2: squared deviations sum to 1972.8, over n - 1 = 4.
        const double sd = std::sqrt(1972.8 / 4.0);
        QVERIFY(qFuzzyCompare(a.sdDifferenceMonths, sd));
        QVERIFY(qFuzzyCompare(a.loaLowMonths, 1.2 - 1.96 * sd));
        QVERIFY(qFuzzyCompare(a.loaHighMonths, 1.2 + 1.96 * sd));
    }

    void onlyOneSex_leavesTheOtherEmpty() {
        const auto a = computeAgreement({{10, 12, Sex::Female}});
        QVERIFY(!a.maeMonthsMale);
        QCOMPARE(*a.maeMonthsFemale, 2.0);
        QCOMPARE(a.sdDifferenceMonths, 0.0);  // undefined for one pair; reported as 0
    }
};

QTEST_GUILESS_MAIN(TestAgreement)
#include "TestAgreement.moc"
