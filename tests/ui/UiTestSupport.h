#pragma once
// Shared helpers of the GUI tests: a synthetic DICOM hand film written with the imaging writer, and mouse
// events that carry their buttons (QTest::mouseMove does not say which buttons are held).
#include <QApplication>
#include <QMouseEvent>
#include <QString>
#include <QWidget>
#include <cmath>
#include <cstdint>
#include <vector>

#include "imaging/FilmWriter.h"

namespace uitest {

/// Writes a width x height 12-bit DICOM: a smooth gradient with a bright "bone" disc, window 2000/1200,
/// patient sex and dates so a chronological age exists.
inline void writeTestDicom(const QString& path, int width = 320, int height = 400, const char* sex = "F") {
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
    options.metadata.patientName = "TEST^Hand";
    options.metadata.patientId = "T001";
    options.metadata.patientSex = sex;
    options.metadata.birthDate = "20140101";
    options.metadata.studyDate = "20240301";
    boneage::imaging::writeDicom(path.toStdString(), width, height, pixels, options);
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
