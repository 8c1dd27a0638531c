#include "report/ReportLayout.h"

#include <QAbstractTextDocumentLayout>
#include <QFont>
#include <QImage>
#include <QLocale>
#include <QPageSize>
#include <QUrl>
#include <cmath>

#include "clinical/ChronologicalAge.h"

namespace boneage::report::detail {

namespace {

QString esc(const QString& text) {
    return text.toHtmlEscaped();
}

/// "Family^Given^Middle" (DICOM PN) -> "Family, Given Middle"; other text as it is.
QString personName(const QString& name) {
    if (!name.contains(QLatin1Char('^')))
        return name.trimmed();
    const QStringList parts = name.split(QLatin1Char('^'));
    const QString family = parts.value(0).trimmed();
    QStringList rest;
    for (int i = 1; i < parts.size() && i < 3; ++i) {
        if (!parts.at(i).trimmed().isEmpty())
            rest << parts.at(i).trimmed();
    }
    return rest.isEmpty() ? family : family + QStringLiteral(", ") + rest.join(QLatin1Char(' '));
}

QString months(double value) {
    return QString::number(value, 'f', 1) + QStringLiteral(" months");
}

QString age(double value) {
    return QString::fromStdString(clinical::formatYearsMonths(value)) + QStringLiteral(" (") + months(value) +
           QLatin1Char(')');
}

QString signedMonths(double value) {
    // U+2212 minus: a hyphen reads as a dash in a table.
    const QString sign = value > 0 ? QStringLiteral("+") : value < 0 ? QString(QChar(0x2212)) : QString();
    return sign + QString::number(std::fabs(value), 'f', 1) + QStringLiteral(" months");
}

QString signedNumber(double value, int decimals) {
    const QString sign = value > 0 ? QStringLiteral("+") : value < 0 ? QString(QChar(0x2212)) : QString();
    return sign + QString::number(std::fabs(value), 'f', decimals);
}

QString orDash(const QString& text) {
    return text.trimmed().isEmpty() ? QStringLiteral("&mdash;") : esc(text.trimmed());
}

QString date(const QDate& value) {
    return value.isValid() ? value.toString(Qt::ISODate) : QStringLiteral("&mdash;");
}

QString verdictText(clinical::Verdict verdict) {
    switch (verdict) {
        case clinical::Verdict::Delayed:
            return QStringLiteral("<b>Delayed</b>: more than 2 SD below the chronological age");
        case clinical::Verdict::Normal:
            return QStringLiteral("<b>Normal</b>: within &plusmn;2 SD of the chronological age");
        case clinical::Verdict::Advanced:
            return QStringLiteral("<b>Advanced</b>: more than 2 SD above the chronological age");
        case clinical::Verdict::Unknown:
            break;
    }
    return QStringLiteral("<b>Not compared</b>: the chronological age is unknown");
}

QString row(const QString& label, const QString& valueHtml) {
    return QStringLiteral("<tr><td class='label' width='34%'>%1</td><td>%2</td></tr>")
        .arg(esc(label), valueHtml);
}

/// Two label/value pairs side by side, for the compact patient block.
QString pairRow(const QString& l1, const QString& v1, const QString& l2, const QString& v2) {
    return QStringLiteral(
               "<tr><td class='label' width='16%'>%1</td><td width='32%'>%2</td>"
               "<td class='label' width='21%'>%3</td><td width='31%'>%4</td></tr>")
        .arg(esc(l1), v1, esc(l2), v2);
}

QImage toImage(const Thumbnail& thumbnail) {
    const QImage::Format format = thumbnail.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
    const QImage view(thumbnail.pixels.data(), thumbnail.width, thumbnail.height,
                      thumbnail.width * thumbnail.channels, format);
    return view.copy();  // own the pixels: the document outlives nothing of `thumbnail`
}

/// The <img> of a thumbnail that fits `widthMm` x `heightMm`, keeping its aspect ratio. Qt's rich text sizes
/// images in CSS pixels (1/96 inch) and scales them to the paint device itself.
QString imageTag(QTextDocument& doc, const Thumbnail& thumbnail, const QString& name, double widthMm,
                 double heightMm) {
    if (thumbnail.isEmpty())
        return {};
    doc.addResource(QTextDocument::ImageResource, QUrl(name), toImage(thumbnail));
    constexpr double cssDpi = 96;
    const double maxW = widthMm / 25.4 * cssDpi, maxH = heightMm / 25.4 * cssDpi;
    const double scale = std::min(maxW / thumbnail.width, maxH / thumbnail.height);
    return QStringLiteral("<img src='%1' width='%2' height='%3'>")
        .arg(name)
        .arg(int(std::lround(thumbnail.width * scale)))
        .arg(int(std::lround(thumbnail.height * scale)));
}

QString sexText(const std::optional<Sex>& sex) {
    if (!sex)
        return QStringLiteral("&mdash;");
    return *sex == Sex::Male ? QStringLiteral("Male") : QStringLiteral("Female");
}

QString timeText(const QDateTime& time) {
    const QDateTime utc = time.toUTC();
    const QString local = time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const int offset = time.offsetFromUtc();
    const QString zone = QStringLiteral("UTC%1%2:%3")
                             .arg(offset < 0 ? QChar(0x2212) : QLatin1Char('+'))
                             .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                             .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    return esc(utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))) + QStringLiteral(" UTC &nbsp;(local ") +
           esc(local) + QLatin1Char(' ') + zone + QLatin1Char(')');
}

QString html(QTextDocument& doc, const ReportContent& c) {
    QString h;
    h += QStringLiteral(
        "<style>"
        "h1 { font-size: 18pt; margin: 0; color: #16324f; }"
        "h2 { font-size: 10.5pt; margin-top: 9pt; margin-bottom: 2pt; color: #16324f; }"
        "td { padding: 1.5pt 6pt 1.5pt 0; vertical-align: top; }"
        "td.label { color: #555555; }"
        ".small { font-size: 7.5pt; color: #555555; }"
        ".big { font-size: 14pt; font-weight: bold; }"
        ".result { background-color: #eef3f9; }"
        ".notice { font-size: 8pt; background-color: #fff4d6; }"
        ".sig { background-color: #f4f4f4; }"
        "</style>");

    // Header: what this is, from whom.
    const QString revision = c.revision > 1
                                 ? QStringLiteral("Revision %1, superseding revision %2 signed %3")
                                       .arg(c.revision)
                                       .arg(c.supersedes ? c.supersedes->revision : c.revision - 1)
                                       .arg(c.supersedes ? esc(c.supersedes->signingTime.toUTC().toString(
                                                               QStringLiteral("yyyy-MM-dd HH:mm"))) +
                                                               QStringLiteral(" UTC")
                                                         : QStringLiteral("earlier"))
                                 : QStringLiteral("Signed report");
    h += QStringLiteral(
             "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
             "<td><h1>Bone age report</h1>"
             "<span class='small'>Left hand radiograph &middot; Greulich&ndash;Pyle &middot; "
             "Brush Foundation SD</span></td>"
             "<td align='right'><b>%1</b><br><span class='small'>%2</span></td></tr></table><hr>")
             .arg(orDash(c.organisation), revision);

    // Patient and study, compact.
    h += QStringLiteral("<table width='100%' cellspacing='0'>");
    h +=
        pairRow(QStringLiteral("Patient"), QStringLiteral("<b>%1</b>").arg(orDash(personName(c.patientName))),
                QStringLiteral("Patient ID"), orDash(c.patientId));
    h += pairRow(QStringLiteral("Sex"), sexText(c.sex), QStringLiteral("Birth date"), date(c.birthDate));
    h += pairRow(QStringLiteral("Study date"), date(c.studyDate), QStringLiteral("Accession"),
                 orDash(c.accessionNumber));
    h += pairRow(QStringLiteral("Study"), orDash(c.studyDescription), QStringLiteral("Chronological age"),
                 c.chronologicalAgeMonths ? esc(age(*c.chronologicalAgeMonths)) : QStringLiteral("unknown"));
    h += QStringLiteral("</table>");

    // The result, as the reader signs it.
    h += QStringLiteral("<h2>Result</h2>");
    h += QStringLiteral(
             "<table width='100%' class='result' cellspacing='0' cellpadding='6'><tr><td>"
             "<span class='big'>Bone age %1</span><br>%2</td></tr></table>")
             .arg(esc(age(c.readerBoneAgeMonths)), verdictText(c.verdict));
    h += QStringLiteral("<table width='100%' cellspacing='0'>");
    if (const auto difference = c.differenceMonths())
        h += row(QStringLiteral("Bone age \u2212 chronological age"), esc(signedMonths(*difference)));
    if (c.sdMonths)
        h += row(QStringLiteral("Brush SD at this age"), esc(months(*c.sdMonths)));
    if (c.zScore)
        h += row(QStringLiteral("z-score"),
                 esc(signedNumber(*c.zScore, 2)) +
                     QStringLiteral(" <span class='small'>(normal: &minus;2 to +2)</span>"));
    const QString decision =
        c.decision == ReaderDecision::Confirmed
            ? QStringLiteral("Confirmed the model's estimate")
            : QStringLiteral("Overrode the model's estimate by %1. Reason: %2")
                  .arg(esc(signedMonths(c.readerMinusModelMonths())), esc(c.overrideReason.trimmed()));
    h += row(QStringLiteral("Reader's decision"), decision);
    h += row(QStringLiteral("Model's estimate"),
             esc(age(c.modelBoneAgeMonths)) +
                 QStringLiteral("<br><span class='small'>%1 %2 &middot; package sha256 %3</span>")
                     .arg(esc(c.modelName), esc(c.modelVersion), esc(c.modelSha256)));
    h += QStringLiteral("</table>");

    const QString film = imageTag(doc, c.filmThumbnail, QStringLiteral("report://film"), 58, 62);
    const QString gradcam = imageTag(doc, c.gradcamThumbnail, QStringLiteral("report://gradcam"), 58, 62);
    if (!film.isEmpty() || !gradcam.isEmpty()) {
        h += QStringLiteral("<p></p><table cellspacing='0' cellpadding='0' align='center'><tr>");
        if (!film.isEmpty())
            h += QStringLiteral("<td align='center'>%1<br><span class='small'>Film</span></td>").arg(film);
        if (!film.isEmpty() && !gradcam.isEmpty())
            h += QStringLiteral("<td width='24'></td>");
        if (!gradcam.isEmpty())
            h += QStringLiteral(
                     "<td align='center'>%1<br><span class='small'>Grad-CAM: where the model looked "
                     "(red = most)</span></td>")
                     .arg(gradcam);
        h += QStringLiteral("</tr></table>");
    }

    h += QStringLiteral("<h2>Signature</h2><table width='100%' class='sig' cellspacing='0' cellpadding='6'>");
    h += QStringLiteral(
             "<tr><td>%1 <b>%2</b>%3<br>Signed %4<br>"
             "<span class='small'>This PDF is digitally signed (PKCS#7 detached, SHA-256); its DICOM "
             "Structured Report and encapsulated PDF carry DICOM signatures of their own. Any change "
             "to a file invalidates its signature.</span></td></tr></table>")
             .arg(esc(c.meaning), esc(personName(c.readerName)),
                  c.organisation.trimmed().isEmpty() ? QString() : QStringLiteral(", ") + esc(c.organisation),
                  timeText(c.signingTime));

    h += QStringLiteral(
             "<p></p><table width='100%' class='notice' cellspacing='0' cellpadding='4'><tr><td>%1</td>"
             "</tr></table>")
             .arg(esc(c.researchNotice));
    h += QStringLiteral("<p class='small'>Study %1 &middot; Series %2 &middot; Image %3</p>")
             .arg(orDash(c.source.studyInstanceUid), orDash(c.source.seriesInstanceUid),
                  orDash(c.source.sopInstanceUid));
    return h;
}

}  // namespace

QPageLayout pageLayoutFor(PaperSize paper) {
    const QPageSize size(paper == PaperSize::Letter ? QPageSize::Letter : QPageSize::A4);
    return QPageLayout(size, QPageLayout::Portrait, QMarginsF(16, 14, 16, 14), QPageLayout::Millimeter);
}

std::unique_ptr<QTextDocument> layoutReport(const ReportContent& content, PaperSize paper,
                                            QPaintDevice* device) {
    auto doc = std::make_unique<QTextDocument>();
    doc->documentLayout()->setPaintDevice(device);
    const double dpi = device->logicalDpiX();
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(9.5);
    doc->setDefaultFont(font);
    doc->setDocumentMargin(0);
    const QRect printable = pageLayoutFor(paper).paintRectPixels(int(dpi));
    doc->setPageSize(QSizeF(printable.size()));
    doc->setHtml(html(*doc, content));
    return doc;
}

}  // namespace boneage::report::detail
