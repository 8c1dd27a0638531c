#pragma once

#include <QWidget>

#include "store/Records.h"

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;

namespace boneage::ui {

/// Where the film does not say (a PNG, a DICOM without PatientSex or dates, dates that contradict each
/// other), the reader enters the patient's sex, birth date and study date here. Only the missing or disputed
/// fields are offered; what was entered before is shown and can be changed. It only asks: factsEntered()
/// goes to the case database (audited) through the ReadingController. GUI thread only.
class PatientFactsWidget : public QWidget {
    Q_OBJECT
public:
    explicit PatientFactsWidget(QWidget* parent = nullptr);

    /// Shows the case's facts: `film` as the header says, `entered` as a reader entered them; `datesDisputed`
    /// offers the dates even where the film has them (birth after study).
    void setFacts(const store::PatientFacts& film, const store::PatientFacts& entered, bool datesDisputed);
    /// Nothing to ask (no case open).
    void clear();

Q_SIGNALS:
    /// The reader entered facts: the whole `entered` set (unknown fields cleared).
    void factsEntered(const boneage::store::PatientFacts& entered);

private:
    void emitEntered();

    store::PatientFacts m_entered;
    QComboBox* m_sex = nullptr;
    QLabel* m_sexLabel = nullptr;
    QLabel* m_birthLabel = nullptr;
    QLabel* m_studyLabel = nullptr;
    QDateEdit* m_birth = nullptr;
    QDateEdit* m_study = nullptr;
    QPushButton* m_saveDates = nullptr;
};

}  // namespace boneage::ui
