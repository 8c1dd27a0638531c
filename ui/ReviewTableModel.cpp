#include "ui/ReviewTableModel.h"

#include "common/Sex.h"
#include "ui/AgeFormat.h"

namespace boneage::ui {

namespace {

QString csvField(QString text) {
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n'))) {
        text.replace(QLatin1Char('"'), QLatin1String("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

double difference(const CaseEntry& c) {
    return c.modelRead->boneAgeMonths - c.decision->boneAgeMonths;
}

}  // namespace

void ReviewTableModel::setCases(const std::vector<CaseEntry>& cases) {
    beginResetModel();
    m_rows.clear();
    for (const CaseEntry& c : cases) {
        if (c.modelRead && c.decision)
            m_rows.push_back(c);
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
        case Decision:
            return tr("Decision");
    }
    return {};
}

QVariant ReviewTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const CaseEntry& c = m_rows[std::size_t(index.row())];
    if (role == CaseIdRole)
        return c.id;
    if (role == Qt::TextAlignmentRole && index.column() != Patient)
        return int(Qt::AlignCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case Patient:
            return c.displayName();
        case Sex:
            return c.sex.isEmpty() ? QStringLiteral("?") : c.sex;
        case ChronologicalAge:
            return yearsMonths(c.chronologicalAgeMonths);
        case ModelBoneAge:
            return QString::number(c.modelRead->boneAgeMonths, 'f', 1);
        case ReaderBoneAge:
            return QString::number(c.decision->boneAgeMonths, 'f', 1);
        case Difference:
            return signedMonths(difference(c));
        case Decision:
            return caseStatusName(c.status());
    }
    return {};
}

std::vector<assessment::Pair> ReviewTableModel::pairs() const {
    std::vector<assessment::Pair> out;
    for (const CaseEntry& c : m_rows) {
        assessment::Pair p;
        p.referenceMonths = c.decision->boneAgeMonths;
        p.predictedMonths = c.modelRead->boneAgeMonths;
        p.sex = c.sex == QLatin1String("F") ? Sex::Female : Sex::Male;
        out.push_back(p);
    }
    return out;
}

double ReviewTableModel::meanDifference() const {
    if (m_rows.empty())
        return 0;
    double sum = 0;
    for (const CaseEntry& c : m_rows)
        sum += difference(c);
    return sum / double(m_rows.size());
}

QString ReviewTableModel::toCsv() const {
    QString out = QStringLiteral(
        "case_id,patient_id,sex,study_date,chronological_age_months,model_bone_age_months,"
        "reader_bone_age_months,difference_months,decision,reason,model_version\n");
    for (const CaseEntry& c : m_rows) {
        QStringList f;
        f << QString::number(c.id) << csvField(c.patientId) << c.sex
          << (c.studyDate.isValid() ? c.studyDate.toString(Qt::ISODate) : QString())
          << (c.chronologicalAgeMonths ? QString::number(*c.chronologicalAgeMonths, 'f', 1) : QString())
          << QString::number(c.modelRead->boneAgeMonths, 'f', 1)
          << QString::number(c.decision->boneAgeMonths, 'f', 1) << QString::number(difference(c), 'f', 1)
          << QString::fromLatin1(c.decision->kind == ReaderDecision::Kind::Confirm ? "confirm" : "override")
          << csvField(c.decision->reason) << csvField(c.modelRead->modelVersion);
        out += f.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

}  // namespace boneage::ui
