#include "StoreWorkload.h"

#include <QElapsedTimer>
#include <QStringList>
#include <exception>

#include "common/Error.h"
#include "store/CaseStore.h"

namespace boneage::store::test {

QJsonObject WorkloadResult::toJson() const {
    return {{QStringLiteral("cases"), cases},           {QStringLiteral("predictions"), predictions},
            {QStringLiteral("reads"), reads},           {QStringLiteral("errors"), errors},
            {QStringLiteral("retries"), retries},       {QStringLiteral("elapsed_ms"), elapsedMs},
            {QStringLiteral("first_error"), firstError}};
}

WorkloadResult WorkloadResult::fromJson(const QJsonObject& json) {
    WorkloadResult r;
    r.cases = json.value(QStringLiteral("cases")).toInteger();
    r.predictions = json.value(QStringLiteral("predictions")).toInteger();
    r.reads = json.value(QStringLiteral("reads")).toInteger();
    r.errors = json.value(QStringLiteral("errors")).toInteger();
    r.retries = json.value(QStringLiteral("retries")).toInteger();
    r.elapsedMs = json.value(QStringLiteral("elapsed_ms")).toInteger();
    r.firstError = json.value(QStringLiteral("first_error")).toString();
    return r;
}

WorkloadResult runWorkload(const StoreConfig& config, const QString& tag, int writes) {
    WorkloadResult result;
    QElapsedTimer timer;
    timer.start();
    auto noteError = [&result](const std::exception& e) {
        if (result.errors++ == 0) {
            result.firstError = QString::fromUtf8(e.what());
        }
    };
    try {
        CaseStore store(config, tag);
        qint64 caseId = 0;
        std::optional<qint64> predictionId;
        for (int i = 0; i < writes; ++i) {
            try {
                if (i % 50 == 0) {
                    CaseRecord c;
                    c.sopInstanceUid = QStringLiteral("%1.%2").arg(tag).arg(i);
                    c.sourcePath = QStringLiteral("/films/%1/%2.dcm").arg(tag).arg(i);
                    c.film.sex = (i / 50) % 2 ? boneage::Sex::Female : boneage::Sex::Male;
                    c.film.birthDate = QDate(2012, 1, 1).addDays(i);
                    c.film.studyDate = QDate(2024, 6, 1);
                    caseId = store.upsertCase(c);
                    predictionId.reset();
                    ++result.cases;
                } else if (i % 4 == 1) {
                    PredictionRecord p;
                    p.caseId = caseId;
                    p.modelName = tag;
                    p.modelVersion = QStringLiteral("1.0");
                    p.modelSha256 = QString(64, QLatin1Char('a'));
                    p.device = QStringLiteral("cpu");
                    p.boneAgeMonths = 100.0 + i % 40;
                    p.sdMonths = 10.5;
                    p.zScore = 0.25;
                    p.verdict = boneage::clinical::Verdict::Normal;
                    p.timingsMs = QJsonObject{{QStringLiteral("inference"), 12.5}};
                    predictionId = store.addPrediction(p);
                    ++result.predictions;
                } else {
                    ReadRecord r;
                    r.caseId = caseId;
                    r.predictionId = predictionId;
                    r.reader = tag;
                    r.valueMonths = 96.0 + i % 30;
                    // A confirm confirms a prediction: without one, the reader can only override.
                    r.kind = i % 2 || !predictionId ? ReadRecord::Kind::Override : ReadRecord::Kind::Confirm;
                    if (r.kind == ReadRecord::Kind::Override) {
                        r.reason = QStringLiteral("carpal centres disagree");
                        r.reasonCode = QStringLiteral("carpal");
                    }
                    store.addRead(r);
                    ++result.reads;
                }
            } catch (const std::exception& e) {
                noteError(e);
            }
        }
        result.retries = store.transientRetries();
    } catch (const std::exception& e) {
        noteError(e);
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

WorkloadResult expectedWorkload(int writes) {
    WorkloadResult r;
    for (int i = 0; i < writes; ++i) {
        if (i % 50 == 0) {
            ++r.cases;
        } else if (i % 4 == 1) {
            ++r.predictions;
        } else {
            ++r.reads;
        }
    }
    return r;
}

QStringList childDatabaseArguments(const StoreConfig& config) {
    if (config.backend == StoreConfig::Backend::Sqlite) {
        return {QStringLiteral("--db"), config.sqlitePath};
    }
    QString conninfo = QStringLiteral("host=%1 port=%2 dbname=%3 user=%4")
                           .arg(config.pgHost)
                           .arg(config.pgPort)
                           .arg(config.pgDatabase, config.pgUser);
    if (!config.pgSslMode.isEmpty()) {
        conninfo += QStringLiteral(" sslmode=") + config.pgSslMode;
    }
    if (!config.pgSslRootCert.isEmpty()) {
        QString quoted = config.pgSslRootCert;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\''), QLatin1String("\\'"));
        conninfo += QStringLiteral(" sslrootcert='%1'").arg(quoted);
    }
    return {QStringLiteral("--pg"), conninfo};
}

StoreConfig configFromChildArguments(const QStringList& arguments) {
    for (qsizetype i = 0; i + 1 < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--db")) {
            return StoreConfig::sqlite(arguments[i + 1]);
        }
        if (arguments[i] == QLatin1String("--pg")) {
            return StoreConfig::fromPgConnectionString(arguments[i + 1]);
        }
    }
    throw Error(ErrorCode::Usage, "store child", "expected --db PATH or --pg CONNSTRING");
}

}  // namespace boneage::store::test
