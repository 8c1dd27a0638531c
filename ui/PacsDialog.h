#pragma once

#include <QDialog>
#include <QList>

#include "pacs/DicomClient.h"
#include "ui/PacsSettings.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace boneage::ui {

class PacsController;

/// Query/retrieve: search a node's studies (patient name with the wildcards * and ?, patient ID, study date
/// range, modality, accession number), retrieve the selected ones into the worklist with a progress line per
/// study, cancel what runs, and see the objects kept without reading. A view of PacsController, which does
/// the work off the GUI thread; every failure is a sentence in the dialog. Modeless. GUI thread only.
class PacsDialog : public QDialog {
    Q_OBJECT
public:
    PacsDialog(PacsController& controller, QWidget* parent = nullptr);

    /// The nodes offered for searching (settings changed).
    void setNodes(const QList<PacsNode>& nodes);
    /// The sentence shown under the results (the last failure or outcome).
    QString messageText() const;
    /// The study UID of a results row, and its status text.
    QString studyUidAt(int row) const;
    QString statusAt(int row) const;
    int rowCount() const;

    /// Columns of the results table.
    enum Column { PatientName, PatientId, StudyDate, Accession, Modalities, Instances, Description, Status };

private:
    void startSearch();
    void retrieveSelected();
    void showStudies(const QList<pacs::StudyRecord>& studies);
    void setStatus(const QString& studyUid, const QString& text);
    void setMessage(const QString& text, bool problem);
    void updateButtons();
    int rowOf(const QString& studyUid) const;
    /// "YYYY-MM-DD" or "YYYYMMDD" to "YYYYMMDD"; "" stays ""; nullopt for anything else.
    static std::optional<std::string> dicomDate(const QString& text);

    PacsController& m_controller;
    QComboBox* m_node = nullptr;
    QLineEdit *m_patientName = nullptr, *m_patientId = nullptr, *m_accession = nullptr;
    QLineEdit *m_dateFrom = nullptr, *m_dateTo = nullptr;
    QComboBox* m_modality = nullptr;
    QPushButton *m_search = nullptr, *m_retrieve = nullptr, *m_cancel = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_message = nullptr;
    QListWidget* m_kept = nullptr;
    QList<pacs::StudyRecord> m_studies;  // the rows' studies, in row order
    QString m_searchedNode;              // the node the rows came from
    bool m_searching = false;
    int m_retrieving = 0;
};

}  // namespace boneage::ui
