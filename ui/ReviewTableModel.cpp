#include "ui/ReviewTableModel.h"

#include "ui/AgeFormat.h"
#include "ui/CaseText.h"

namespace boneage::ui {

namespace {

/// One CSV cell: a text a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe
/// (OWASP's CSV-injection rule), then RFC 4180 quoting where needed.
QString csvField(QString text) {
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && formulaStarts.contains(text.front()))
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))) {
        text.replace(QLatin1Char('"'), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

QString number(const std::optional<double>& value, int decimals = 1) {
    return value ? QString::number(*value, 'f', decimals) : QString();
}

double difference(const ReviewTableModel::Row& r) {
    return r.summary.latestPrediction->boneAgeMonths - r.summary.latestRead->valueMonths;
}

}  // namespace

void ReviewTableModel::setCases(const std::vector<store::CaseSummary>& cases) {
    beginResetModel();
    m_rows.clear();
    for (const store::CaseSummary& c : cases) {
        if (c.latestPrediction && c.latestRead)
            m_rows.push_back({c, assessment::readCase(c)});
    }
    endResetModel();
}

int ReviewTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Patient:
            return tr("Patient");
        case Sex:
            return tr("Sex");
        case ChronologicalAge:
            return tr("Age");
        case ModelBoneAge:
            return tr("Model (mo)");
        case ReaderBoneAge:
            return tr("Reader (mo)");
        case Difference:
            return tr("Model \u2212 reader");
        case Verdict:
            return tr("Verdict (reader)");
        case Decision:
            return tr("Decision");
        case Reader:
            return tr("Reader");
    }
    return {};
}

QVariant ReviewTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row& r = m_rows[std::size_t(index.row())];
    if (role == CaseIdRole)
        return r.id();
    if (role == Qt::TextAlignmentRole && index.column() != Patient)
        return int(Qt::AlignCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case Patient:
            return assessment::displayName(r.summary.caseRecord);
        case Sex:
            return sexShort(r.reading.patient.sex);
        case ChronologicalAge:
            return yearsMonths(r.reading.patient.chronologicalAgeMonths);
        case ModelBoneAge:
            return QString::number(r.summary.latestPrediction->boneAgeMonths, 'f', 1);
        case ReaderBoneAge:
            return QString::number(r.summary.latestRead->valueMonths, 'f', 1);
        case Difference:
            return signedMonths(difference(r));
        case Verdict:
            return r.reading.reader ? verdictWords(r.reading.reader->verdict)
                                    : verdictWords(clinical::Verdict::Unknown);
        case Decision:
            return caseStatusName(r.reading.status);
        case Reader:
            return r.summary.latestRead->reader;
    }
    return {};
}

std::vector<assessment::Pair> ReviewTableModel::pairs() const {
    std::vector<assessment::Pair> out;
    for (const Row& r : m_rows) {
        assessment::Pair p;
        p.referenceMonths = r.summary.latestRead->valueMonths;
        p.predictedMonths = r.summary.latestPrediction->boneAgeMonths;
        p.sex = r.reading.patient.sex.value_or(Sex::Male);
        out.push_back(p);
    }
    return out;
}

double ReviewTableModel::meanDifference() const {
    if (m_rows.empty())
        return 0;
    double sum = 0;
    for (const Row& r : m_rows)
        sum += difference(r);
    return sum / double(m_rows.size());
}

QString ReviewTableModel::toCsv() const {
    QString out = QStringLiteral(
        "case_id,patient_id,sex,study_date,chronological_age_months,model_bone_age_months,"
        "reader_bone_age_months,difference_months,reader_z_score,reader_verdict,model_z_score,model_verdict,"
        "decision,reason,reader,decided_utc,model_name,model_version\n");
    for (const Row& r : m_rows) {
        const store::CaseRecord& c = r.summary.caseRecord;
        const store::PredictionRecord& p = *r.summary.latestPrediction;
        const store::ReadRecord& read = *r.summary.latestRead;
        const QDate study = c.entered.studyDate.isValid() ? c.entered.studyDate : c.film.studyDate;
        const auto& reader = r.reading.reader;
        const auto& model = r.reading.model;
        QStringList f;
        f << QString::number(c.id) << csvField(c.patientId) << store::sexText(r.reading.patient.sex)
          << (study.isValid() ? study.toString(Qt::ISODate) : QString())
          << number(r.reading.patient.chronologicalAgeMonths) << QString::number(p.boneAgeMonths, 'f', 1)
          << QString::number(read.valueMonths, 'f', 1) << QString::number(difference(r), 'f', 1)
          << number(reader ? reader->zScore : std::nullopt, 2)
          << QString::fromLatin1(clinical::verdictName(reader ? reader->verdict : clinical::Verdict::Unknown))
          << number(model ? model->zScore : std::nullopt, 2)
          << QString::fromLatin1(clinical::verdictName(model ? model->verdict : clinical::Verdict::Unknown))
          << QString::fromLatin1(store::readKindName(read.kind)) << csvField(read.reason)
          << csvField(read.reader) << read.createdUtc << csvField(p.modelName) << csvField(p.modelVersion);
        out += f.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

}  // namespace boneage::ui
