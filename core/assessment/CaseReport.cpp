#include "assessment/CaseReport.h"

#include <QFile>

#include "assessment/CaseReading.h"
#include "assessment/ReportInput.h"
#include "common/Error.h"
#include "store/CaseStore.h"

namespace boneage::assessment {

namespace {

std::string caseSubject(qint64 caseId) {
    return "case " + std::to_string(caseId);
}

}  // namespace

report::ReportOptions CaseReportBasis::options(report::PaperSize paper) const {
    report::ReportOptions o;
    o.paper = paper;
    o.predecessorSr = predecessorSr;
    return o;
}

CaseReportBasis caseReportBasis(const store::CaseStore& store, qint64 caseId) {
    const std::optional<store::CaseSummary> summary = store.caseSummary(caseId);
    if (!summary)
        throw Error(ErrorCode::BadInput, caseSubject(caseId), "no such case in the case database");
    if (!summary->latestRead)
        throw Error(ErrorCode::BadInput, caseSubject(caseId),
                    "the case has no reader decision yet (confirm or override it first)");
    CaseReportBasis basis;
    basis.record = summary->caseRecord;
    basis.read = *summary->latestRead;
    // The model's figures are those of the prediction the reader decided on, not of a later run.
    std::optional<store::PredictionRecord> prediction = summary->latestPrediction;
    if (basis.read.predictionId && (!prediction || prediction->id != *basis.read.predictionId)) {
        prediction.reset();
        for (const store::PredictionRecord& p : store.predictionsForCase(caseId)) {
            if (p.id == *basis.read.predictionId)
                prediction = p;
        }
    }
    if (!prediction)
        throw Error(ErrorCode::BadInput, caseSubject(caseId),
                    "the case has no model prediction for the report to state");
    basis.prediction = *prediction;
    if (summary->latestReport) {
        basis.predecessor = summary->latestReport;
        basis.predecessorSr = store.reportSr(summary->latestReport->id);
        if (basis.predecessorSr.isEmpty())
            throw Error(ErrorCode::BadInput, caseSubject(caseId),
                        "the case's previous report has no stored SR to revise");
    }
    return basis;
}

report::ReportContent reportContentForCase(const CaseReportBasis& basis, const imaging::Film& film,
                                           const engine::Heatmap* gradcam) {
    const store::CaseRecord& r = basis.record;
    const imaging::FilmMetadata& m = film.meta;
    report::ReportContent c;
    // The header's own name (DICOM PN) when the film has one: the SR carries it as a person name.
    c.patientName = m.patientName.empty() ? r.patientName : QString::fromStdString(m.patientName);
    c.patientId = r.patientId;
    c.accessionNumber = r.accessionNumber;
    c.studyDescription = r.studyDescription;
    const Patient patient = resolvePatient(factsOf(r.film), factsOf(r.entered));
    c.sex = patient.sex;
    const store::PatientFacts facts = storedFacts(countingFacts(factsOf(r.film), factsOf(r.entered)));
    c.birthDate = facts.birthDate;
    c.studyDate = facts.studyDate;
    c.chronologicalAgeMonths = patient.chronologicalAgeMonths;

    c.modelName = basis.prediction.modelName;
    c.modelVersion = basis.prediction.modelVersion;
    c.modelSha256 = basis.prediction.modelSha256;
    c.modelBoneAgeMonths = basis.prediction.boneAgeMonths;

    const store::ReadRecord& read = basis.read;
    const bool overridden = read.kind == store::ReadRecord::Kind::Override;
    c.decision = overridden ? report::ReaderDecision::Overridden : report::ReaderDecision::Confirmed;
    c.readerBoneAgeMonths = read.valueMonths;
    c.overrideReason =
        overridden ? (read.reason.trimmed().isEmpty() ? read.reasonCode : read.reason.trimmed()) : QString();
    c.readerName = read.reader;
    if (const auto placed = placeBoneAge(patient, read.valueMonths)) {
        c.sdMonths = placed->sdMonths;
        c.zScore = placed->zScore;
        c.verdict = placed->verdict;
    }

    c.filmThumbnail = filmThumbnail(film);
    if (gradcam != nullptr)
        c.gradcamThumbnail = heatmapThumbnail(film, *gradcam);
    c.source.studyInstanceUid = QString::fromStdString(m.studyInstanceUid);
    c.source.seriesInstanceUid = QString::fromStdString(m.seriesInstanceUid);
    c.source.sopInstanceUid = QString::fromStdString(m.sopInstanceUid);
    c.source.sopClassUid = QString::fromStdString(m.sopClassUid);
    c.source.modality = QString::fromStdString(m.modality);
    return c;
}

qint64 recordCaseReport(store::CaseStore& store, const CaseReportBasis& basis,
                        const report::ReportFiles& files, const QString& signer) {
    QFile sr(files.srPath);
    if (!sr.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Storage, files.srPath.toStdString(), "cannot read the signed SR back");
    store::ReportRecord report;
    report.caseId = basis.record.id;
    report.readId = basis.read.id;
    report.pdfSha256 = files.pdfSha256;
    report.srSha256 = files.srSha256;
    report.signer = signer;
    report.revision = files.revision;
    if (basis.predecessor)
        report.supersedesId = basis.predecessor->id;
    report.srSopInstanceUid = files.srSopUid;
    report.srDicom = sr.read(64 << 20);
    return store.addReport(report);
}

}  // namespace boneage::assessment
