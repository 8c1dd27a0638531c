#include "store/CaseQueries.h"

#include <QJsonDocument>
#include <QVariant>
#include <unordered_map>

#include "store/Connection.h"

namespace boneage::store::detail {

namespace {

const QString kCaseColumns = QStringLiteral(
    "c.id, c.source_path, c.sop_uid, c.study_uid, c.series_uid, c.patient_id, c.patient_name, c.sex, "
    "c.birth_date, c.study_date, c.created_utc, c.accession_number, c.study_description, c.entered_sex, "
    "c.entered_birth_date, c.entered_study_date");
const QString kPredictionColumns = QStringLiteral(
    "p.id, p.case_id, p.model_name, p.model_version, p.model_sha256, p.device, p.months, p.sd_months, "
    "p.z_score, p.verdict, p.timings_json, p.created_utc, p.interval_low_months, p.interval_high_months, "
    "p.interval_coverage");
const QString kReadColumns = QStringLiteral(
    "r.id, r.case_id, r.prediction_id, r.reader, r.value_months, r.kind, r.reason, r.reason_code, "
    "r.created_utc, r.sd_months, r.z_score, r.verdict");
const QString kReportColumns = QStringLiteral(
    "r.id, r.case_id, r.pdf_sha256, r.sr_sha256, r.signer, r.created_utc, r.read_id, r.revision, "
    "r.supersedes_id, r.sr_sop_uid, (SELECT n.id FROM reports n WHERE n.supersedes_id = r.id)");

std::optional<double> optionalDouble(const QVariant& value) {
    if (value.isNull()) {
        return std::nullopt;
    }
    return value.toDouble();
}

CaseRecord caseFromQuery(const QSqlQuery& q) {
    CaseRecord c;
    c.id = q.value(0).toLongLong();
    c.sourcePath = q.value(1).toString();
    c.sopInstanceUid = q.value(2).toString();
    c.studyInstanceUid = q.value(3).toString();
    c.seriesInstanceUid = q.value(4).toString();
    c.patientId = q.value(5).toString();
    c.patientName = q.value(6).toString();
    c.film.sex = sexFromText(q.value(7).toString());
    c.film.birthDate = QDate::fromString(q.value(8).toString(), Qt::ISODate);
    c.film.studyDate = QDate::fromString(q.value(9).toString(), Qt::ISODate);
    c.createdUtc = q.value(10).toString();
    c.accessionNumber = q.value(11).toString();
    c.studyDescription = q.value(12).toString();
    c.entered.sex = sexFromText(q.value(13).toString());
    c.entered.birthDate = QDate::fromString(q.value(14).toString(), Qt::ISODate);
    c.entered.studyDate = QDate::fromString(q.value(15).toString(), Qt::ISODate);
    return c;
}

PredictionRecord predictionFromQuery(const QSqlQuery& q) {
    PredictionRecord p;
    p.id = q.value(0).toLongLong();
    p.caseId = q.value(1).toLongLong();
    p.modelName = q.value(2).toString();
    p.modelVersion = q.value(3).toString();
    p.modelSha256 = q.value(4).toString();
    p.device = q.value(5).toString();
    p.boneAgeMonths = q.value(6).toDouble();
    p.sdMonths = optionalDouble(q.value(7));
    p.zScore = optionalDouble(q.value(8));
    p.verdict = clinical::parseVerdict(q.value(9).toString().toStdString());
    p.timingsMs = QJsonDocument::fromJson(q.value(10).toString().toUtf8()).object();
    p.createdUtc = q.value(11).toString();
    if (!q.value(12).isNull() && !q.value(13).isNull() && !q.value(14).isNull())
        p.interval =
            PredictionInterval{q.value(12).toDouble(), q.value(13).toDouble(), q.value(14).toDouble()};
    return p;
}

ReadRecord readFromQuery(const QSqlQuery& q) {
    ReadRecord r;
    r.id = q.value(0).toLongLong();
    r.caseId = q.value(1).toLongLong();
    if (!q.value(2).isNull()) {
        r.predictionId = q.value(2).toLongLong();
    }
    r.reader = q.value(3).toString();
    r.valueMonths = q.value(4).toDouble();
    r.kind = parseReadKind(q.value(5).toString()).value_or(ReadRecord::Kind::Confirm);
    r.reason = q.value(6).toString();
    r.reasonCode = q.value(7).toString();
    r.createdUtc = q.value(8).toString();
    r.sdMonths = optionalDouble(q.value(9));
    r.zScore = optionalDouble(q.value(10));
    r.verdict = clinical::parseVerdict(q.value(11).toString().toStdString());
    return r;
}

ReportRecord reportFromQuery(const QSqlQuery& q) {
    ReportRecord r;
    r.id = q.value(0).toLongLong();
    r.caseId = q.value(1).toLongLong();
    r.pdfSha256 = q.value(2).toString();
    r.srSha256 = q.value(3).toString();
    r.signer = q.value(4).toString();
    r.createdUtc = q.value(5).toString();
    if (!q.value(6).isNull()) {
        r.readId = q.value(6).toLongLong();
    }
    r.revision = q.value(7).toInt();
    if (!q.value(8).isNull()) {
        r.supersedesId = q.value(8).toLongLong();
    }
    r.srSopInstanceUid = q.value(9).toString();
    if (!q.value(10).isNull()) {
        r.supersededById = q.value(10).toLongLong();
    }
    return r;
}

/// "SELECT <columns> FROM <table> r [WHERE r.case_id = ?] [only the newest row per case]".
QString perCaseSelect(const QString& columns, const QString& table, const QString& alias, bool oneCase,
                      bool latestOnly) {
    QString sql = QStringLiteral("SELECT %1 FROM %2 %3").arg(columns, table, alias);
    if (latestOnly) {
        sql += QStringLiteral(
                   " JOIN (SELECT case_id, MAX(id) AS newest FROM %1%2 GROUP BY case_id) m "
                   "ON %3.id = m.newest")
                   .arg(table, oneCase ? QStringLiteral(" WHERE case_id = ?") : QString(), alias);
    } else if (oneCase) {
        sql += QStringLiteral(" WHERE %1.case_id = ?").arg(alias);
    }
    return sql + QStringLiteral(" ORDER BY %1.id").arg(alias);
}

template <typename Record, typename Map>
std::vector<Record> select(Connection& connection, const QString& sql, std::optional<qint64> caseId, Map map,
                           const char* what) {
    QSqlQuery query = connection.prepare(sql);
    query.setForwardOnly(true);
    if (caseId) {
        query.addBindValue(*caseId);
    }
    connection.exec(query, what);
    std::vector<Record> records;
    while (query.next()) {
        records.push_back(map(query));
    }
    return records;
}

/// Runs `body` in a read snapshot unless a transaction is already open.
template <typename Body>
auto inSnapshot(Connection& connection, Body&& body) {
    if (connection.inTransaction()) {
        return body();
    }
    connection.beginRead();
    try {
        auto result = body();
        connection.commit();
        return result;
    } catch (...) {
        connection.rollback();
        throw;
    }
}

}  // namespace

std::vector<CaseSummary> queryCaseSummaries(Connection& connection, const CaseFilter& filter) {
    return inSnapshot(connection, [&] {
        QString sql = QStringLiteral("SELECT %1 FROM cases c").arg(kCaseColumns);
        QVariant bound;
        if (filter.caseId) {
            sql += QStringLiteral(" WHERE c.id = ?");
            bound = *filter.caseId;
        } else if (filter.sopInstanceUid) {
            sql += QStringLiteral(" WHERE c.sop_uid = ?");
            bound = *filter.sopInstanceUid;
        } else if (filter.sourcePathWithoutUid) {
            sql += QStringLiteral(" WHERE c.sop_uid = '' AND c.source_path = ?");
            bound = *filter.sourcePathWithoutUid;
        }
        sql += QStringLiteral(" ORDER BY c.id DESC");
        QSqlQuery query = connection.prepare(sql);
        query.setForwardOnly(true);
        if (bound.isValid()) {
            query.addBindValue(bound);
        }
        connection.exec(query, "list cases");
        std::vector<CaseSummary> summaries;
        std::unordered_map<qint64, size_t> index;
        while (query.next()) {
            CaseSummary summary;
            summary.caseRecord = caseFromQuery(query);
            index.emplace(summary.caseRecord.id, summaries.size());
            summaries.push_back(std::move(summary));
        }
        if (summaries.empty()) {
            return summaries;
        }
        // One case: filter the per-case queries too; the whole worklist: three grouped queries.
        const std::optional<qint64> one =
            summaries.size() == 1 ? std::optional<qint64>(summaries.front().caseRecord.id) : std::nullopt;
        auto slot = [&](qint64 caseId) -> CaseSummary* {
            const auto it = index.find(caseId);
            return it == index.end() ? nullptr : &summaries[it->second];
        };
        for (PredictionRecord& p :
             select<PredictionRecord>(connection,
                                      perCaseSelect(kPredictionColumns, QStringLiteral("predictions"),
                                                    QStringLiteral("p"), one.has_value(), true),
                                      one, predictionFromQuery, "list latest predictions")) {
            if (CaseSummary* s = slot(p.caseId)) {
                s->latestPrediction = std::move(p);
            }
        }
        for (ReadRecord& r : select<ReadRecord>(connection,
                                                perCaseSelect(kReadColumns, QStringLiteral("reads"),
                                                              QStringLiteral("r"), one.has_value(), true),
                                                one, readFromQuery, "list latest reads")) {
            if (CaseSummary* s = slot(r.caseId)) {
                s->latestRead = std::move(r);
            }
        }
        for (ReportRecord& r : select<ReportRecord>(connection,
                                                    perCaseSelect(kReportColumns, QStringLiteral("reports"),
                                                                  QStringLiteral("r"), one.has_value(), true),
                                                    one, reportFromQuery, "list latest reports")) {
            if (CaseSummary* s = slot(r.caseId)) {
                s->latestReport = std::move(r);
            }
        }
        QSqlQuery counts = connection.prepare(
            one ? QStringLiteral("SELECT case_id, COUNT(*) FROM reads WHERE case_id = ? GROUP BY case_id")
                : QStringLiteral("SELECT case_id, COUNT(*) FROM reads GROUP BY case_id"));
        if (one) {
            counts.addBindValue(*one);
        }
        connection.exec(counts, "count reads");
        while (counts.next()) {
            if (CaseSummary* s = slot(counts.value(0).toLongLong())) {
                s->readCount = counts.value(1).toInt();
            }
        }
        return summaries;
    });
}

std::vector<PredictionRecord> queryPredictions(Connection& connection, qint64 caseId, bool latestOnly) {
    return select<PredictionRecord>(connection,
                                    perCaseSelect(kPredictionColumns, QStringLiteral("predictions"),
                                                  QStringLiteral("p"), true, latestOnly),
                                    caseId, predictionFromQuery, "read predictions");
}

std::vector<ReadRecord> queryReads(Connection& connection, std::optional<qint64> caseId, bool latestOnly) {
    return select<ReadRecord>(connection,
                              perCaseSelect(kReadColumns, QStringLiteral("reads"), QStringLiteral("r"),
                                            caseId.has_value(), latestOnly),
                              caseId, readFromQuery, "read reads");
}

std::vector<ReportRecord> queryReports(Connection& connection, qint64 caseId) {
    return select<ReportRecord>(
        connection,
        perCaseSelect(kReportColumns, QStringLiteral("reports"), QStringLiteral("r"), true, false), caseId,
        reportFromQuery, "read reports");
}

}  // namespace boneage::store::detail
