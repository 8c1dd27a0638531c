#include <QtTest>

#include "assessment/Agreement.h"

using boneage::Sex;
using boneage::assessment::computeAgreement;
using boneage::assessment::intervalCoverage;
using boneage::assessment::IntervalReading;
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

    void bootstrapInterval_bracketsTheMaeAndRepeats() {
        std::vector<Pair> pairs;
        for (int i = 0; i < 400; ++i)  // |errors| 0..19 months, 20 of each: MAE 9.5
            pairs.push_back(
                {100, 100.0 + double(i % 20) * (i % 2 ? 1 : -1), i % 3 ? Sex::Male : Sex::Female});
        const auto a = computeAgreement(pairs);
        QVERIFY(a.maeCi95Months);
        const auto [low, high] = *a.maeCi95Months;
        QVERIFY(low < a.maeMonths && a.maeMonths < high);
        // Standard error of the mean |error| (SD 5.77 over 400 pairs) is 0.29: the 95 % interval is about
        // +-0.57 months wide each side.
        QVERIFY(high - low > 0.8 && high - low < 1.5);
        QCOMPARE(computeAgreement(pairs).maeCi95Months, a.maeCi95Months);
        QVERIFY(!computeAgreement({{10, 12, Sex::Female}}).maeCi95Months);
    }

    void intervals_giveTheirCoverage() {
        const std::vector<IntervalReading> readings = {{100, 95, 105},
                                                       {100, 105, 115},   // reference below
                                                       {100, 100, 106}};  // on the end: inside
        QCOMPARE(intervalCoverage(readings), std::optional<double>(2.0 / 3.0));
        QVERIFY(!intervalCoverage({}));
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
