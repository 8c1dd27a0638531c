// mergeBatchShards: N shard CSVs become the CSV one unsharded run writes, or nothing when any is missing.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "assessment/BatchCsv.h"
#include "assessment/BatchMerge.h"
#include "assessment/BatchResultsFile.h"
#include "common/Error.h"

using boneage::Error;
using boneage::ErrorCode;
using namespace boneage::assessment;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestBatchMerge : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::vector<BatchInput> m_inputs;
    int m_runs = 0;

    /// Writes the CSV shard `k` of `n` of `inputs` would get, as runBatch does (rows in input order), with
    /// at most `rows` of its rows. Returns its path.
    QString writeShard(const std::vector<BatchInput>& inputs, int k, int n, std::size_t rows = SIZE_MAX,
                       const std::string& model = "sha-a") {
        const QString path =
            m_dir.filePath(QStringLiteral("run%1-shard%2of%3.csv").arg(++m_runs).arg(k).arg(n));
        const auto mine = selectShard(inputs, {k, n});
        BatchPlan plan;
        plan.shard = {k, n};
        plan.totalInputs = inputs.size();
        plan.totalDigest = inputsDigest(inputs);
        plan.shardInputs = mine.size();
        plan.shardDigest = inputsDigest(mine);
        plan.modelName = "compact";
        plan.modelSha256 = model;
        plan.version = "0.1.0";
        BatchResultsFile file = BatchResultsFile::open(path.toStdString(), plan, false);
        for (std::size_t i = 0; i < mine.size() && i < rows; ++i)
            file.append(batchErrorRow(mine[i], "film " + mine[i].key + " could not be read"));
        return path;
    }

    QStringList writeAllShards(int n) {
        QStringList paths;
        for (int k = n; k >= 1; --k)  // any order on the command line
            paths << writeShard(m_inputs, k, n);
        return paths;
    }

    /// The code of the error merging `shards` throws, Internal when it throws none, when its message
    /// lacks `needle` or when it left an output behind.
    ErrorCode mergeError(const QStringList& shards, const char* needle) {
        std::vector<std::string> list;
        for (const QString& s : shards)
            list.push_back(s.toStdString());
        const QString out = m_dir.filePath("refused.csv");
        try {
            mergeBatchShards(list, out.toStdString());
        } catch (const Error& e) {
            qInfo("expected: %s", e.what());
            const bool named = std::string(e.what()).find(needle) != std::string::npos;
            return named && !QFile::exists(out) ? e.code() : ErrorCode::Internal;
        }
        return ErrorCode::Internal;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        for (int i = 0; i < 11; ++i)
            m_inputs.push_back({"films/" + std::to_string(i) + ".png", std::nullopt, std::nullopt, {}});
        std::sort(m_inputs.begin(), m_inputs.end(),
                  [](const auto& a, const auto& b) { return a.key < b.key; });
    }

    void everyShard_mergesIntoTheUnshardedRunsFiles() {
        const QString whole = writeShard(m_inputs, 1, 1);
        const QStringList shards = writeAllShards(4);
        const QString merged = m_dir.filePath("merged.csv");
        std::vector<std::string> list;
        for (const QString& s : shards)
            list.push_back(s.toStdString());
        const BatchMergeSummary summary = mergeBatchShards(list, merged.toStdString());
        QCOMPARE(summary.shards, std::size_t(4));
        QCOMPARE(summary.rows, m_inputs.size());
        QCOMPARE(summary.errors, m_inputs.size());
        QCOMPARE(readAll(merged), readAll(whole));
        QCOMPARE(readAll(merged + ".plan.json"), readAll(whole + ".plan.json"));
    }

    void missingShard_isNamed_andNothingWritten() {
        QStringList shards = writeAllShards(4);
        shards.removeAt(1);  // shard 3/4 (written in reverse)
        QCOMPARE(mergeError(shards, "shard 3/4 is missing"), ErrorCode::BadInput);
    }

    void unfinishedShard_isRefused() {
        QStringList shards = writeAllShards(3);
        shards[0] = writeShard(m_inputs, 3, 3, 1);  // killed after its first row, not resumed
        QCOMPARE(mergeError(shards, "resume it first"), ErrorCode::BadInput);
    }

    void sameShardTwice_isRefused() {
        QStringList shards = writeAllShards(2);
        shards << writeShard(m_inputs, 2, 2);
        QCOMPARE(mergeError(shards, "is also"), ErrorCode::BadInput);
    }

    void shardsOfOtherInputs_areRefused() {
        QStringList shards = writeAllShards(2);
        std::vector<BatchInput> more = m_inputs;
        more.push_back({"films/new.png", std::nullopt, std::nullopt, {}});
        shards[0] = writeShard(more, 2, 2);
        QCOMPARE(mergeError(shards, "input list differs"), ErrorCode::BadInput);
    }

    void shardsOfAnotherModel_areRefused() {
        QStringList shards = writeAllShards(2);
        shards[0] = writeShard(m_inputs, 2, 2, SIZE_MAX, "sha-b");
        QCOMPARE(mergeError(shards, "model differs"), ErrorCode::BadInput);
    }

    void shardsOfAnotherCount_areRefused() {
        QStringList shards = writeAllShards(2);
        shards << writeShard(m_inputs, 3, 3);
        QCOMPARE(mergeError(shards, "one of"), ErrorCode::BadInput);
    }
};

QTEST_GUILESS_MAIN(TestBatchMerge)
#include "TestBatchMerge.moc"
