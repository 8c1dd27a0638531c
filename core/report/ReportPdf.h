#pragma once

#include <QByteArray>
#include <QImage>
#include <QStringView>
#include <optional>

#include "report/ReportContent.h"

namespace boneage::report {

/// The paper a report is laid out on.
enum class PaperSize { A4, Letter };

/// "a4" / "letter" (case-insensitive); nullopt otherwise.
std::optional<PaperSize> parsePaperSize(QStringView text);

/// Throws Error(Usage) naming the field when `content` cannot make a report: no reader name, an override
/// without a reason, a non-finite or negative age, a thumbnail whose buffer does not match its size, a
/// revision above 1 without its predecessor, no signing time. Pure.
void validateContent(const ReportContent& content);

/// Lays the report out and renders it as an unsigned PDF (one page for every content this module makes),
/// with vector text and the thumbnails as images. Needs a QGuiApplication (the offscreen platform is
/// enough: nothing is shown) and may run on any thread. Throws Error(Usage) through validateContent, and
/// Error(Internal) when Qt cannot write the PDF.
QByteArray renderReportPdf(const ReportContent& content, PaperSize paper);

/// Page `page` (from 0) of the same layout as a white-background picture at `dpi`, for a preview.
/// Same requirements and failures as renderReportPdf.
QImage renderReportPage(const ReportContent& content, PaperSize paper, int dpi, int page = 0);

}  // namespace boneage::report
