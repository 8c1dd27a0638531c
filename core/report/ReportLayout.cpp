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
            return QStringLiteral("<b>Delayed</b> (more than 2 SD below the chronological age)");
        case clinical::Verdict::Normal:
            return QStringLiteral("<b>Normal</b> (within &plusmn;2 SD of the chronological age)");
        case clinical::Verdict::Advanced:
            return QStringLiteral("<b>Advanced</b> (more than 2 SD above the chronological age)");
        case clinical::Verdict::Unknown:
            break;
    }
    return QStringLiteral("<b>Not assessed</b> (chronological age unknown)");
}

QString row(const QString& label, const QString& valueHtml) {
    return QStringLiteral("<tr><td class='label' width='32%'>%1</td><td>%2</td></tr>")
        .arg(esc(label), valueHtml);
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
        "h1 { font-size: 17pt; margin: 0; }"
        "h2 { font-size: 11pt; margin-top: 10pt; margin-bottom: 3pt; color: #1d3f6e; }"
        "td { padding: 2pt 6pt 2pt 0; vertical-align: top; }"
        "td.label { color: #444444; width: 38%; }"
        ".small { font-size: 7.5pt; color: #444444; }"
        ".notice { font-size: 8.5pt; background-color: #fff4d6; }"
        ".sig { background-color: #eef3f9; }"
        "</style>");

    // Header: what this is, for whom.
    h += QStringLiteral(
             "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
             "<td><h1>Bone age report</h1>"
             "<span class='small'>Left hand radiograph, Greulich&ndash;Pyle method</span></td>"
             "<td align='right'><b>%1</b><br><span class='small'>%2</span></td></tr></table>")
             .arg(orDash(c.organisation),
                  c.revision > 1 ? QStringLiteral("Revision %1 &mdash; supersedes revision %2 signed %3")
                                       .arg(c.revision)
                                       .arg(c.supersedes ? c.supersedes->revision : c.revision - 1)
                                       .arg(c.supersedes ? esc(c.supersedes->signingTime.toUTC().toString(
                                                               QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")))
                                                         : QStringLiteral("earlier"))
                                 : QStringLiteral("Signed report"));
    h += QStringLiteral("<hr>");

    h += QStringLiteral("<h2>Patient and study</h2><table width='100%' cellspacing='0'>");
    h += row(QStringLiteral("Patient name"), orDash(personName(c.patientName)));
    h += row(QStringLiteral("Patient ID"), orDash(c.patientId));
    h += row(QStringLiteral("Sex"), sexText(c.sex));
    h += row(QStringLiteral("Birth date"), date(c.birthDate));
    h += row(QStringLiteral("Study date"), date(c.studyDate));
    if (!c.accessionNumber.trimmed().isEmpty())
        h += row(QStringLiteral("Accession number"), orDash(c.accessionNumber));
    if (!c.studyDescription.trimmed().isEmpty())
        h += row(QStringLiteral("Study description"), orDash(c.studyDescription));
    h += row(QStringLiteral("Chronological age"),
             c.chronologicalAgeMonths ? esc(age(*c.chronologicalAgeMonths)) : QStringLiteral("unknown"));
    h += QStringLiteral("</table>");

    h += QStringLiteral("<h2>Result</h2><table width='100%' cellspacing='0'>");
    const QString decision =
        c.decision == ReaderDecision::Confirmed
            ? QStringLiteral("confirmed the model's bone age")
            : QStringLiteral("overrode the model's bone age (%1 from the model): %2")
                  .arg(esc(signedMonths(c.readerMinusModelMonths())), esc(c.overrideReason.trimmed()));
    h += row(QStringLiteral("Bone age (reader)"),
             QStringLiteral("<b>%1</b><br>the reader %2").arg(esc(age(c.readerBoneAgeMonths)), decision));
    h += row(QStringLiteral("Bone age (model)"),
             esc(age(c.modelBoneAgeMonths)) +
                 QStringLiteral("<br><span class='small'>%1 %2, package sha256 %3</span>")
                     .arg(esc(c.modelName), esc(c.modelVersion), esc(c.modelSha256)));
    if (const auto difference = c.differenceMonths())
        h += row(QStringLiteral("Bone age \u2212 chronological age"), esc(signedMonths(*difference)));
    if (c.sdMonths)
        h += row(QStringLiteral("Brush SD at this age"), esc(months(*c.sdMonths)));
    if (c.zScore)
        h += row(QStringLiteral("z-score"), esc(signedNumber(*c.zScore, 2)));
    h += row(QStringLiteral("Verdict"), verdictText(c.verdict));
    h += QStringLiteral("</table>");

    const QString film = imageTag(doc, c.filmThumbnail, QStringLiteral("report://film"), 60, 66);
    const QString gradcam = imageTag(doc, c.gradcamThumbnail, QStringLiteral("report://gradcam"), 60, 66);
    if (!film.isEmpty() || !gradcam.isEmpty()) {
        h += QStringLiteral("<table cellspacing='0' cellpadding='0'><tr>");
        if (!film.isEmpty())
            h += QStringLiteral(
                     "<td align='center'>%1<br><span class='small'>Film</span></td><td width='16'></td>")
                     .arg(film);
        if (!gradcam.isEmpty())
            h += QStringLiteral(
                     "<td align='center'>%1<br><span class='small'>Grad-CAM: where the model "
                     "looked (red = most)</span></td>")
                     .arg(gradcam);
        h += QStringLiteral("</tr></table>");
    }

    h += QStringLiteral("<h2>Signature</h2><table width='100%' class='sig' cellspacing='0' cellpadding='5'>");
    h += QStringLiteral(
             "<tr><td>%1 <b>%2</b>%3<br>Signed %4<br>"
             "<span class='small'>Digitally signed inside this PDF (PKCS#7 detached, SHA-256); "
             "the DICOM Structured Report and encapsulated PDF of this report carry DICOM "
             "signatures of their own. Any change to the file invalidates the signature.</span>"
             "</td></tr></table>")
             .arg(esc(c.meaning), esc(personName(c.readerName)),
                  c.organisation.trimmed().isEmpty() ? QString() : QStringLiteral(", ") + esc(c.organisation),
                  timeText(c.signingTime));

    h += QStringLiteral("<p class='notice'>&nbsp;%1</p>").arg(esc(c.researchNotice));
    h += QStringLiteral("<p class='small'>Study UID %1<br>Series UID %2<br>Image UID %3</p>")
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
