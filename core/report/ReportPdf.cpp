#include "report/ReportPdf.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPdfWriter>
#include <cmath>

#include "common/Error.h"
#include "report/ReportLayout.h"

namespace boneage::report {

namespace {

[[noreturn]] void invalid(const char* field, const std::string& cause) {
    throw Error(ErrorCode::Usage, "report", std::string(field) + " " + cause);
}

void requireAge(const char* field, double months) {
    if (!std::isfinite(months) || months < 0)
        invalid(field, "is not a non-negative number of months");
}

void requireThumbnail(const char* field, const Thumbnail& t) {
    if (t.isEmpty() && t.pixels.empty())
        return;
    if (t.width <= 0 || t.height <= 0 || t.width > 4096 || t.height > 4096 ||
        (t.channels != 1 && t.channels != 3))
        invalid(field, "has an unsupported size or channel count");
    if (t.pixels.size() != std::size_t(t.width) * std::size_t(t.height) * std::size_t(t.channels))
        invalid(field, "does not hold width * height * channels bytes");
}

void requireGui() {
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr) {
        throw Error(ErrorCode::Internal, "report",
                    "rendering needs a QGuiApplication (the offscreen platform is enough)");
    }
}

/// Paints page `page` of `doc` at the painter's origin in the paper's own colours: text without a colour of
/// its own is black, whatever the application's palette. (QTextDocument::drawContents takes the
/// application's: under the workstation's dark theme every value printed light grey on the white page.)
void paintPage(QPainter& painter, QTextDocument& doc, int page) {
    const QSizeF size = doc.pageSize();
    const QRectF clip(QPointF(0, page * size.height()), size);
    QAbstractTextDocumentLayout::PaintContext context;
    for (const QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        context.palette.setColor(role, Qt::black);
    for (const QPalette::ColorRole role : {QPalette::Base, QPalette::Window, QPalette::Button})
        context.palette.setColor(role, Qt::white);
    context.palette.setColor(QPalette::Link, QColor(0x16, 0x32, 0x4f));
    context.clip = clip;
    painter.save();
    painter.translate(0, -page * size.height());
    painter.setClipRect(clip);
    doc.documentLayout()->draw(&painter, context);
    painter.restore();
}

}  // namespace

std::optional<PaperSize> parsePaperSize(QStringView text) {
    if (text.compare(QLatin1String("a4"), Qt::CaseInsensitive) == 0)
        return PaperSize::A4;
    if (text.compare(QLatin1String("letter"), Qt::CaseInsensitive) == 0)
        return PaperSize::Letter;
    return std::nullopt;
}

void validateContent(const ReportContent& c) {
    if (c.readerName.trimmed().isEmpty())
        invalid("the reader name", "is empty");
    if (c.decision == ReaderDecision::Overridden && c.overrideReason.trimmed().isEmpty())
        invalid("an override", "needs a reason");
    requireAge("the reader's bone age", c.readerBoneAgeMonths);
    requireAge("the model's bone age", c.modelBoneAgeMonths);
    if (c.chronologicalAgeMonths)
        requireAge("the chronological age", *c.chronologicalAgeMonths);
    if ((c.sdMonths && !std::isfinite(*c.sdMonths)) || (c.zScore && !std::isfinite(*c.zScore)))
        invalid("the SD or z-score", "is not finite");
    requireThumbnail("the film thumbnail", c.filmThumbnail);
    requireThumbnail("the Grad-CAM thumbnail", c.gradcamThumbnail);
    if (!c.signingTime.isValid())
        invalid("the signing time", "is not set");
    if (c.revision < 1 || (c.revision > 1 && !c.supersedes))
        invalid("a revision", "above 1 needs the report it supersedes");
    if (c.meaning.trimmed().isEmpty())
        invalid("the signature's meaning", "is empty");
}

QByteArray renderReportPdf(const ReportContent& content, PaperSize paper) {
    validateContent(content);
    requireGui();
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter writer(&buffer);
        writer.setResolution(300);
        writer.setPageLayout(detail::pageLayoutFor(paper));
        writer.setTitle(QStringLiteral("Bone age report"));
        writer.setCreator(QStringLiteral("BoneAge Workstation"));
        auto doc = detail::layoutReport(content, paper, &writer);
        QPainter painter;
        if (!painter.begin(&writer))
            throw Error(ErrorCode::Internal, "report", "Qt cannot start the PDF");
        for (int page = 0; page < doc->pageCount(); ++page) {
            if (page > 0)
                writer.newPage();
            paintPage(painter, *doc, page);
        }
        painter.end();
    }
    if (!bytes.startsWith("%PDF-"))
        throw Error(ErrorCode::Internal, "report", "Qt wrote no PDF");
    return bytes;
}

QImage renderReportPage(const ReportContent& content, PaperSize paper, int dpi, int page) {
    validateContent(content);
    requireGui();
    if (dpi < 10 || dpi > 600)
        throw Error(ErrorCode::Usage, "report", "a preview needs 10 to 600 dpi");
    const QPageLayout layout = detail::pageLayoutFor(paper);
    const QRect full = layout.fullRectPixels(dpi);
    const QRect printable = layout.paintRectPixels(dpi);
    QImage image(full.size(), QImage::Format_RGB32);
    image.setDotsPerMeterX(int(std::lround(dpi / 0.0254)));
    image.setDotsPerMeterY(int(std::lround(dpi / 0.0254)));
    image.fill(Qt::white);
    auto doc = detail::layoutReport(content, paper, &image);
    if (page < 0 || page >= doc->pageCount())
        throw Error(ErrorCode::Usage, "report", "the report has no page " + std::to_string(page + 1));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.translate(printable.topLeft());
    paintPage(painter, *doc, page);
    return image;
}

}  // namespace boneage::report
