#pragma once
// Shared helpers of the GUI tests: a synthetic DICOM hand film written with the imaging writer, and mouse
// events that carry their buttons (QTest::mouseMove does not say which buttons are held).
#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QMouseEvent>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "assessment/FilmAssessor.h"
#include "imaging/FilmWriter.h"
#include "store/Records.h"
#include "ui/InferenceTypes.h"

namespace uitest {

/// Writes a width x height 12-bit DICOM: a smooth gradient with a bright "bone" disc, window 2000/1200,
/// patient sex and dates so a chronological age exists.
inline void writeTestDicom(const QString& path, int width = 320, int height = 400, const char* sex = "F",
                           const char* patientId = "T001", const char* birthDate = "20140101",
                           const char* studyDate = "20240301", const char* patientName = "TEST^Hand") {
    std::vector<std::uint16_t> pixels(std::size_t(width) * std::size_t(height));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double dx = x - width / 2.0, dy = y - height / 2.0;
            double v = 400 + 1800.0 * y / height + 300.0 * x / width;
            if (dx * dx + dy * dy < (width / 4.0) * (width / 4.0))
                v += 1500;
            pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)] = std::uint16_t(std::min(4095.0, v));
        }
    }
    boneage::imaging::DicomWriteOptions options;
    options.bitsStored = 12;
    options.window = boneage::imaging::Window{2000, 1200};
    options.metadata.patientName = patientName;
    options.metadata.patientId = patientId;
    options.metadata.patientSex = sex;
    options.metadata.birthDate = birthDate;
    options.metadata.studyDate = studyDate;
    boneage::imaging::writeDicom(path.toStdString(), width, height, pixels, options);
}

/// Writes an 8-bit PNG film (no patient data at all, as PNGs are).
inline void writeTestPng(const QString& path, int width = 160, int height = 200) {
    std::vector<std::uint8_t> pixels(std::size_t(width) * std::size_t(height));
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = std::uint8_t(40 + (i * 7) % 160);
    boneage::imaging::writePng8(path.toStdString(), width, height, pixels);
}

/// A reader of films for GUI tests, in place of the network: the bone age it gives a film is looked up by the
/// film's patient ID (else `fallback`); the patient comes from the real rules (requirePatient, placeBoneAge),
/// and the Grad-CAM map has its mass in the film's middle. Deterministic and instant. A patient ID in
/// `checks` is read as a format 2 package reads: its input check's result, the warnings the assessor gives it
/// (assessment::inputCheckWarnings) and an interval of +- kCheckedHalfWidthMonths; a check that is no hand is
/// refused as the assessor refuses it (engine::InputRejected naming the file).
class TableAssessor final : public boneage::assessment::FilmAssessor {
public:
    static constexpr double kCheckedHalfWidthMonths = 9.0;

    TableAssessor(std::map<std::string, double> months, double fallback,
                  std::map<std::string, boneage::engine::InputCheck> checks = {})
        : m_months(std::move(months)), m_fallback(fallback), m_checks(std::move(checks)) {
        m_info.name = "table";
        m_info.version = "1.0";
        m_info.sha256 = std::string(64, 'a');
        m_info.researchOnly = true;
    }
    const boneage::engine::ModelInfo& info() const override { return m_info; }
    std::string device() const override { return "cpu"; }
    boneage::assessment::AssessmentResult assess(const boneage::imaging::Film& film,
                                                 const boneage::assessment::PatientFacts& entered,
                                                 bool gradcam) override {
        boneage::assessment::AssessmentResult r;
        r.file = film.sourcePath;
        r.patient = boneage::assessment::requirePatient(film, entered);
        const auto check = m_checks.find(film.meta.patientId);
        if (check != m_checks.end() && !check->second.hand)
            throw boneage::engine::InputRejected(check->second, film.sourcePath);
        const auto it = m_months.find(film.meta.patientId);
        r.prediction.boneAgeMonths = it == m_months.end() ? m_fallback : it->second;
        if (check != m_checks.end()) {
            const double months = r.prediction.boneAgeMonths;
            r.prediction.inputCheck = check->second;
            r.prediction.interval = boneage::engine::Interval{std::max(0.0, months - kCheckedHalfWidthMonths),
                                                              months + kCheckedHalfWidthMonths, 0.9};
        }
        if (gradcam) {
            boneage::engine::Heatmap map{
                film.width, film.height,
                std::vector<float>(std::size_t(film.width) * std::size_t(film.height))};
            for (int y = film.height / 3; y < 2 * film.height / 3; ++y)
                for (int x = film.width / 3; x < 2 * film.width / 3; ++x)
                    map.values[std::size_t(y) * std::size_t(film.width) + std::size_t(x)] = 1.0f;
            r.prediction.gradcam = std::move(map);
        }
        r.clinical = *boneage::assessment::placeBoneAge(r.patient, r.prediction.boneAgeMonths);
        r.warnings = r.patient.warnings;
        if (check != m_checks.end()) {
            const auto turned = boneage::assessment::inputCheckWarnings(check->second);
            r.warnings.insert(r.warnings.end(), turned.begin(), turned.end());
        }
        return r;
    }

private:
    std::map<std::string, double> m_months;
    double m_fallback;
    std::map<std::string, boneage::engine::InputCheck> m_checks;
    boneage::engine::ModelInfo m_info;
};

inline boneage::ui::AssessorFactory tableAssessor(
    std::map<std::string, double> months = {}, double fallback = 100.0,
    std::map<std::string, boneage::engine::InputCheck> checks = {}) {
    return [months, fallback,
            checks](const boneage::ui::ModelConfig&) -> std::unique_ptr<boneage::assessment::FilmAssessor> {
        return std::make_unique<TableAssessor>(months, fallback, checks);
    };
}

/// A stored reading of the stand-in model (TableAssessor's "table 1.0") for case `caseId`.
inline boneage::store::PredictionRecord tablePrediction(qint64 caseId, double months) {
    boneage::store::PredictionRecord p;
    p.caseId = caseId;
    p.modelName = QStringLiteral("table");
    p.modelVersion = QStringLiteral("1.0");
    p.modelSha256 = QString(64, QLatin1Char('a'));
    p.device = QStringLiteral("cpu");
    p.boneAgeMonths = months;
    return p;
}

/// Answers the next modal message box (the one opened by the code under test) with `button`, from the event
/// loop, as a user would: polls for it with a timer, never sleeps.
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString* text = nullptr) {
    auto* timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        if (text)
            *text = box->text();
        if (QAbstractButton* b = box->button(button))
            b->click();
        timer->deleteLater();
    });
    timer->start(10);
}

inline void mouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button,
                  Qt::MouseButtons buttons) {
    QMouseEvent event(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &event);
}

/// Presses `button` at `from`, moves to `to` in `steps` and releases.
inline void drag(QWidget* w, Qt::MouseButton button, QPointF from, QPointF to, int steps = 4) {
    mouse(w, QEvent::MouseButtonPress, from, button, button);
    for (int i = 1; i <= steps; ++i) {
        mouse(w, QEvent::MouseMove, from + (to - from) * (double(i) / steps), Qt::NoButton, button);
    }
    mouse(w, QEvent::MouseButtonRelease, to, button, Qt::NoButton);
}

}  // namespace uitest
