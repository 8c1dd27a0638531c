#include "ui/PatientFactsWidget.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

#include "assessment/CaseReading.h"
#include "ui/WheelGuard.h"

namespace boneage::ui {

namespace {

/// A date field that starts empty: its minimum shows as a dash and reads as unknown.
QDateEdit* dateField(QWidget* parent, const char* name) {
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    edit->setCalendarPopup(true);
    edit->setMinimumDate(QDate(1900, 1, 1));
    edit->setMaximumDate(QDate(2200, 12, 31));
    edit->setSpecialValueText(QStringLiteral("\u2014"));
    edit->setDate(edit->minimumDate());
    return edit;
}

QDate valueOf(const QDateEdit* edit) {
    return edit->date() == edit->minimumDate() ? QDate() : edit->date();
}

}  // namespace

PatientFactsWidget::PatientFactsWidget(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);

    m_sexLabel = new QLabel(tr("Sex"), this);
    m_sexLabel->setObjectName(QStringLiteral("fieldLabel"));
    m_sex = new QComboBox(this);
    m_sex->setObjectName(QStringLiteral("sexChooser"));
    m_sex->addItem(tr("Sex unknown: choose"), QString());
    m_sex->addItem(tr("Male"), QStringLiteral("M"));
    m_sex->addItem(tr("Female"), QStringLiteral("F"));
    m_birthLabel = new QLabel(tr("Birth date"), this);
    m_birthLabel->setObjectName(QStringLiteral("fieldLabel"));
    m_birth = dateField(this, "birthDateEntry");
    m_studyLabel = new QLabel(tr("Study date"), this);
    m_studyLabel->setObjectName(QStringLiteral("fieldLabel"));
    m_study = dateField(this, "studyDateEntry");
    m_saveDates = new QPushButton(tr("Use these dates"), this);
    m_saveDates->setObjectName(QStringLiteral("saveDatesButton"));
    m_saveDates->setToolTip(tr("Store the dates with the case (recorded in the audit log)"));

    grid->addWidget(m_sexLabel, 0, 0);
    grid->addWidget(m_sex, 0, 1);
    grid->addWidget(m_birthLabel, 1, 0);
    grid->addWidget(m_birth, 1, 1);
    grid->addWidget(m_studyLabel, 2, 0);
    grid->addWidget(m_study, 2, 1);
    grid->addWidget(m_saveDates, 3, 1, Qt::AlignLeft);
    grid->setColumnStretch(1, 1);
    for (QWidget* field : std::initializer_list<QWidget*>{m_sex, m_birth, m_study})
        takeWheelOnlyWithFocus(field);

    connect(m_sex, &QComboBox::activated, this, [this] {
        const QString code = m_sex->currentData().toString();
        m_entered.sex = store::sexFromText(code);
        emitEntered();
    });
    connect(m_saveDates, &QPushButton::clicked, this, [this] {
        m_entered.birthDate = !m_birth->isHidden() ? valueOf(m_birth) : m_entered.birthDate;
        m_entered.studyDate = !m_study->isHidden() ? valueOf(m_study) : m_entered.studyDate;
        emitEntered();
    });
    clear();
}

void PatientFactsWidget::clear() {
    m_entered = {};
    m_sex->setCurrentIndex(0);
    m_birth->setDate(m_birth->minimumDate());
    m_study->setDate(m_study->minimumDate());
    for (QWidget* w : std::initializer_list<QWidget*>{m_sexLabel, m_sex, m_birthLabel, m_birth, m_studyLabel,
                                                      m_study, m_saveDates})
        w->hide();
    hide();
}

void PatientFactsWidget::setFacts(const store::PatientFacts& film, const store::PatientFacts& entered,
                                  bool datesDisputed) {
    clear();
    m_entered = entered;
    const bool askSex = !film.sex || entered.sex;
    const bool askBirth = !film.birthDate.isValid() || entered.birthDate.isValid() || datesDisputed;
    const bool askStudy = !film.studyDate.isValid() || entered.studyDate.isValid() || datesDisputed;
    m_sexLabel->setVisible(askSex);
    m_sex->setVisible(askSex);
    m_sex->setCurrentIndex(!entered.sex ? 0 : *entered.sex == Sex::Male ? 1 : 2);
    m_birthLabel->setVisible(askBirth);
    m_birth->setVisible(askBirth);
    const store::PatientFacts counted = assessment::storedFacts(
        assessment::countingFacts(assessment::factsOf(film), assessment::factsOf(entered)));
    const QDate birth = counted.birthDate;
    m_birth->setDate(birth.isValid() ? birth : m_birth->minimumDate());
    m_studyLabel->setVisible(askStudy);
    m_study->setVisible(askStudy);
    const QDate study = counted.studyDate;
    m_study->setDate(study.isValid() ? study : m_study->minimumDate());
    m_saveDates->setVisible(askBirth || askStudy);
    setVisible(askSex || askBirth || askStudy);
}

void PatientFactsWidget::emitEntered() {
    Q_EMIT factsEntered(m_entered);
}

}  // namespace boneage::ui
