#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "assessment/Dataset.h"
#include "common/Error.h"

using boneage::Error;
using boneage::ErrorCode;
using boneage::Sex;
using boneage::assessment::readRsnaDataset;

namespace {
void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}
}  // namespace

class TestDataset : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString images() const { return m_dir.filePath("images"); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(images());
        QDir().mkpath(m_dir.filePath("masks"));
        for (const char* id : {"1", "2", "3"})
            writeFile(images() + "/" + id + ".png", "x");
        writeFile(images() + "/4.dcm", "x");
        writeFile(m_dir.filePath("masks/2.png"), "x");
    }

    void goodRows_areRead_badRowsReportedAndSkipped() {
        const QString labels = m_dir.filePath("labels.csv");
        writeFile(labels,
                  "id,boneage,male\n"
                  "1,120,True\n"
                  "2,36.5,False\r\n"
                  "3,abc,True\n"
                  "4,60,false\n"
                  "5,60,True\n"
                  "\n"
                  "../1,60,True\n"
                  "1,60,maybe\n"
                  "1,400,True\n");
        const auto dataset = readRsnaDataset(labels.toStdString(), images().toStdString());
        QCOMPARE(dataset.films.size(), std::size_t(3));
        QCOMPARE(dataset.films[0].id, std::string("1"));
        QCOMPARE(dataset.films[0].sex, Sex::Male);
        QCOMPARE(dataset.films[1].boneAgeMonths, 36.5);
        QCOMPARE(dataset.films[1].sex, Sex::Female);
        QVERIFY(!dataset.films[1].maskPath.empty());
        QVERIFY(dataset.films[0].maskPath.empty());
        QVERIFY(QString::fromStdString(dataset.films[2].imagePath).endsWith("4.dcm"));
        QCOMPARE(dataset.problems.size(), std::size_t(5));  // abc, missing 5, ../1, maybe, 400
        QVERIFY(QString::fromStdString(dataset.problems[0]).contains("line 4"));
    }

    void columnsInAnyOrder_areFound() {
        const QString labels = m_dir.filePath("reordered.csv");
        writeFile(labels, "male,id,boneage\nTrue,1,10\n");
        const auto dataset = readRsnaDataset(labels.toStdString(), images().toStdString());
        QCOMPARE(dataset.films.size(), std::size_t(1));
        QCOMPARE(dataset.films[0].boneAgeMonths, 10.0);
    }

    void unusableLabels_throwBadInput_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("create");
        QTest::newRow("missingFile") << QByteArray() << false;
        QTest::newRow("emptyFile") << QByteArray() << true;
        QTest::newRow("headerWithoutMaleColumn") << QByteArray("id,boneage\n1,10\n") << true;
    }
    void unusableLabels_throwBadInput() {
        QFETCH(QByteArray, content);
        QFETCH(bool, create);
        const QString labels = m_dir.filePath(QString("bad-%1.csv").arg(QTest::currentDataTag()));
        if (create)
            writeFile(labels, content);
        try {
            readRsnaDataset(labels.toStdString(), images().toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::BadInput);
            QVERIFY(QString::fromStdString(e.what()).contains(labels));
        }
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "TestDataset.moc"
