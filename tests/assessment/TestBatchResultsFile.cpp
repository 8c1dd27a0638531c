// BatchResultsFile: whole rows, owner-only files, and --resume that neither loses nor repeats a row.
#include <sys/stat.h>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "assessment/BatchCsv.h"
#include "assessment/BatchResultsFile.h"
#include "common/Error.h"

using boneage::Error;
using boneage::ErrorCode;
using namespace boneage::assessment;

namespace {

BatchPlan planOf(const std::vector<BatchInput>& inputs) {
    BatchPlan plan;
    plan.totalInputs = plan.shardInputs = inputs.size();
    plan.totalDigest = plan.shardDigest = inputsDigest(inputs);
    plan.modelName = "compact";
    plan.modelVersion = "1.0";
    plan.modelSha256 = "abc";
    return plan;
}

std::vector<BatchInput> inputsNamed(std::initializer_list<const char*> keys) {
    std::vector<BatchInput> inputs;
    for (const char* key : keys)
        inputs.push_back({key, std::nullopt, std::nullopt, {}});
    return inputs;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void append(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(bytes);
}

unsigned modeOf(const QString& path) {
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? unsigned(info.st_mode & 0777) : 0u;
}

ErrorCode codeOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        qInfo("expected: %s", e.what());
        return e.code();
    }
    return ErrorCode::Internal;
}

}  // namespace

class TestBatchResultsFile : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    const std::vector<BatchInput> m_inputs = inputsNamed({"a.png", "b, \"quoted\".png", "c.png"});

    QString freshPath() { return m_dir.filePath(QStringLiteral("results-%1.csv").arg(++m_files)); }

    /// A CSV of the first `rows` inputs, written by a file that is then closed.
    QString csvWith(std::size_t rows) {
        const QString path = freshPath();
        BatchResultsFile file = BatchResultsFile::open(path.toStdString(), planOf(m_inputs), false);
        for (std::size_t i = 0; i < rows; ++i)
            file.append(batchErrorRow(m_inputs[i], "cannot read: it is not a film"));
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void newFile_holdsTheHeader_andIsOwnerOnlyWithItsPlan() {
        const mode_t old = ::umask(0);
        const QString path = csvWith(0);
        ::umask(old);
        QCOMPARE(readAll(path), QByteArray::fromStdString(batchCsvHeader() + "\n"));
        QCOMPARE(modeOf(path), 0600u);
        const QString plan = QString::fromStdString(BatchPlan::pathFor(path.toStdString()));
        QCOMPARE(modeOf(plan), 0600u);
        QVERIFY(BatchPlan::read(plan.toStdString()).differenceFrom(planOf(m_inputs)).empty());
    }

    void rows_roundTrip_throughQuoting() {
        const QString path = csvWith(3);
        const BatchCsvRows rows = BatchResultsFile::readRows(path.toStdString());
        QCOMPARE(rows.keys.size(), std::size_t(3));
        QCOMPARE(rows.keys[1], std::string("b, \"quoted\".png"));
        QCOMPARE(rows.errors, std::size_t(3));
        QVERIFY(!rows.cutShort);
    }

    void existingFile_withoutResume_isAUsageError() {
        const QString path = csvWith(1);
        const QByteArray before = readAll(path);
        QCOMPARE(codeOf([&] { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), false); }),
                 ErrorCode::Usage);
        QCOMPARE(readAll(path), before);
    }

    void resume_listsTheRowsThere_andAppendsAfterThem() {
        const QString path = csvWith(2);
        {
            BatchResultsFile file = BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true);
            QCOMPARE(file.doneKeys().size(), std::size_t(2));
            QVERIFY(file.doneKeys().count("a.png"));
            QCOMPARE(file.doneErrors(), std::size_t(2));
            file.append(batchErrorRow(m_inputs[2], "bad"));
        }
        QCOMPARE(BatchResultsFile::readRows(path.toStdString()).keys.size(), std::size_t(3));
    }

    void resume_whileAnotherWriterHasItOpen_isRefused() {
        const QString path = csvWith(1);
        BatchResultsFile writer = BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true);
        const QByteArray before = readAll(path);
        QCOMPARE(codeOf([&] { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true); }),
                 ErrorCode::Usage);
        QCOMPARE(readAll(path), before);
        writer.append(batchErrorRow(m_inputs[1], "bad"));
        QCOMPARE(BatchResultsFile::readRows(path.toStdString()).keys.size(), std::size_t(2));
    }

    void resume_removesARowCutShortByAKill() {
        const QString path = csvWith(1);
        const QByteArray whole = readAll(path);
        const std::string row = batchErrorRow(m_inputs[1], "cannot read");
        append(path, QByteArray::fromStdString(row.substr(0, row.size() / 2)));  // killed inside write()
        QVERIFY(BatchResultsFile::readRows(path.toStdString()).cutShort);
        {
            BatchResultsFile file = BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true);
            QCOMPARE(file.doneKeys().size(), std::size_t(1));
        }
        QCOMPARE(readAll(path), whole);
    }

    void resume_ofAHeaderCutShort_startsTheFileAgain() {
        const QString path = freshPath();
        planOf(m_inputs).write(BatchPlan::pathFor(path.toStdString()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(batchCsvHeader().substr(0, 10)));
        f.close();
        { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true); }
        QCOMPARE(readAll(path), QByteArray::fromStdString(batchCsvHeader() + "\n"));
    }

    void resume_ofADamagedRow_isRefused() {
        const QString path = csvWith(1);
        append(path, "\"unterminated,ok\n");
        QCOMPARE(codeOf([&] { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true); }),
                 ErrorCode::BadInput);
    }

    void resume_ofARepeatedRow_isRefused() {
        const QString path = csvWith(1);
        append(path, QByteArray::fromStdString(batchErrorRow(m_inputs[0], "again")));
        QCOMPARE(codeOf([&] { BatchResultsFile::readRows(path.toStdString()); }), ErrorCode::BadInput);
    }

    void resume_withoutItsPlan_isRefused() {
        const QString path = csvWith(1);
        QVERIFY(QFile::remove(QString::fromStdString(BatchPlan::pathFor(path.toStdString()))));
        QCOMPARE(codeOf([&] { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true); }),
                 ErrorCode::Usage);
    }

    void resume_underAnotherPlan_isRefused_data() {
        QTest::addColumn<QString>("change");
        QTest::newRow("anotherModel_isRefused") << "model";
        QTest::newRow("otherInputs_areRefused") << "inputs";
        QTest::newRow("anotherShard_isRefused") << "shard";
        QTest::newRow("anotherSex_isRefused") << "sex";
    }
    void resume_underAnotherPlan_isRefused() {
        QFETCH(QString, change);
        const QString path = csvWith(1);
        BatchPlan plan = planOf(m_inputs);
        if (change == "model")
            plan.modelSha256 = "def";
        else if (change == "inputs")
            plan = planOf(inputsNamed({"a.png", "c.png"}));
        else if (change == "shard")
            plan.shard = {1, 2};
        else
            plan.sexOverride = "F";
        QCOMPARE(codeOf([&] { BatchResultsFile::open(path.toStdString(), plan, true); }), ErrorCode::Usage);
    }

    void resume_ofNoFile_startsOne() {
        const QString path = freshPath();
        { BatchResultsFile::open(path.toStdString(), planOf(m_inputs), true); }
        QCOMPARE(readAll(path), QByteArray::fromStdString(batchCsvHeader() + "\n"));
    }

    void splitLine_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("fields");  // empty: rejected
        QTest::newRow("plainFields_split") << "a,b,,c" << QStringList{"a", "b", "", "c"};
        QTest::newRow("quotedComma_staysInItsField") << "\"a,b\",c" << QStringList{"a,b", "c"};
        QTest::newRow("doubledQuote_isOneQuote") << "\"say \"\"hi\"\"\",x" << QStringList{"say \"hi\"", "x"};
        QTest::newRow("unterminatedQuote_isRejected") << "\"a,b" << QStringList{};
        QTest::newRow("textAfterClosingQuote_isRejected") << "\"a\"b,c" << QStringList{};
    }
    void splitLine() {
        QFETCH(QString, line);
        QFETCH(QStringList, fields);
        const auto split = splitBatchCsvLine(line.toStdString());
        QCOMPARE(split.has_value(), !fields.isEmpty());
        if (split) {
            QStringList got;
            for (const std::string& f : *split)
                got << QString::fromStdString(f);
            QCOMPARE(got, fields);
        }
    }
};

QTEST_GUILESS_MAIN(TestBatchResultsFile)
#include "TestBatchResultsFile.moc"
