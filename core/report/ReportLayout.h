#pragma once
// Internal to boneage_report: the report's page as a QTextDocument, laid out for one paper size on one paint
// device (the PDF writer, or a preview image), so the PDF and its preview are one layout.

#include <QPageLayout>
#include <QPaintDevice>
#include <QTextDocument>
#include <memory>

#include "report/ReportContent.h"
#include "report/ReportPdf.h"

namespace boneage::report::detail {

/// The page layout (size, portrait, 16 mm margins) of a paper size.
QPageLayout pageLayoutFor(PaperSize paper);

/// The report as rich text laid out on `device` (its logical DPI sizes fonts and pictures): the thumbnails
/// added as image resources, the page size set to the printable area of `paper` in device pixels, so
/// pageCount() and drawContents() paginate it. `device` must outlive the document's use.
std::unique_ptr<QTextDocument> layoutReport(const ReportContent& content, PaperSize paper,
                                            QPaintDevice* device);

}  // namespace boneage::report::detail
