#include "report/PdfSigner.h"

#include <QList>
#include <algorithm>
#include <map>

#include "common/Error.h"
#include "report/Cms.h"
#include "report/PdfSyntax.h"

namespace boneage::report {

namespace {

using detail::PdfXref;

/// D:YYYYMMDDHHmmSS+HH'mm' in the signing time's own offset.
QByteArray pdfDate(const QDateTime& time) {
    const int offset = time.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return "(D:" + time.toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + (offset < 0 ? "-" : "+") +
           QByteArray::number(minutes / 60).rightJustified(2, '0') + "'" +
           QByteArray::number(minutes % 60).rightJustified(2, '0') + "')";
}

QByteArray ref(int number) {
    return QByteArray::number(number) + " 0 R";
}

/// The dictionary at [begin, end) with `entries` added before its closing ">>".
QByteArray withEntries(const QByteArray& pdf, qsizetype begin, qsizetype end, const QByteArray& entries) {
    QByteArray dict = pdf.mid(begin, end - begin);
    if (!dict.startsWith("<<") || !dict.endsWith(">>"))
        throw Error(ErrorCode::Internal, "PDF", "an object to update is not a dictionary");
    dict.chop(2);
    return dict + '\n' + entries + "\n>>";
}

/// The first page's object number: catalog /Pages -> /Kids [first ...].
int firstPage(const QByteArray& pdf, const PdfXref& xref, qsizetype catalogBegin) {
    const auto pages = detail::dictionaryValue(pdf, catalogBegin, "Pages");
    const auto pagesNumber = pages ? detail::referenceNumber(*pages) : std::nullopt;
    if (!pagesNumber)
        throw Error(ErrorCode::Internal, "PDF", "the catalog has no /Pages");
    const auto [pagesBegin, pagesEnd] = detail::objectValue(pdf, xref, *pagesNumber);
    (void)pagesEnd;
    const auto kids = detail::dictionaryValue(pdf, pagesBegin, "Kids");
    if (!kids || !kids->startsWith('['))
        throw Error(ErrorCode::Internal, "PDF", "the page tree has no /Kids array");
    const QList<QByteArray> parts = kids->mid(1).simplified().split(' ');
    if (parts.size() < 3 || parts[2] != "R" || !detail::referenceNumber(parts.mid(0, 3).join(' ')))
        throw Error(ErrorCode::Internal, "PDF", "the page tree's first kid is not a reference");
    const int page = *detail::referenceNumber(parts.mid(0, 3).join(' '));
    const auto [pageBegin, pageEnd] = detail::objectValue(pdf, xref, page);
    (void)pageEnd;
    const auto type = detail::dictionaryValue(pdf, pageBegin, "Type");
    if (!type || *type != "/Page")
        throw Error(ErrorCode::Internal, "PDF",
                    "the first kid is not a page (nested page trees are not signed)");
    return page;
}

}  // namespace

QByteArray signPdf(const QByteArray& pdf, const SigningIdentity& identity, const PdfSignatureInfo& info) {
    identity.checkUsableAt(info.signingTime);
    if (!pdf.startsWith("%PDF-"))
        throw Error(ErrorCode::Internal, "PDF", "the data is not a PDF");
    const PdfXref xref = detail::readXref(pdf);

    const auto [catalogBegin, catalogEnd] = detail::objectValue(pdf, xref, xref.root);
    if (detail::dictionaryValue(pdf, catalogBegin, "AcroForm"))
        throw Error(ErrorCode::Internal, "PDF", "the document already has a form");
    const int page = firstPage(pdf, xref, catalogBegin);
    const auto [pageBegin, pageEnd] = detail::objectValue(pdf, xref, page);

    const int sigObject = xref.size, fieldObject = xref.size + 1;
    std::map<int, QByteArray> objects;  // number -> value, written in this order
    objects[sigObject] = {};            // filled below, once its offset is known
    objects[fieldObject] = "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /Rect [0 0 0 0] /T " +
                           detail::pdfTextString(QStringLiteral("Reader signature")) + " /V " +
                           ref(sigObject) + " /P " + ref(page) + " >>";
    objects[xref.root] = withEntries(pdf, catalogBegin, catalogEnd,
                                     "/AcroForm << /Fields [" + ref(fieldObject) + "] /SigFlags 3 >>");
    // Qt writes /Annots as a reference to an array object; a direct array would sit in the page itself.
    const auto annots = detail::dictionaryValue(pdf, pageBegin, "Annots");
    if (!annots) {
        objects[page] = withEntries(pdf, pageBegin, pageEnd, "/Annots [" + ref(fieldObject) + "]");
    } else if (const auto annotsObject = detail::referenceNumber(*annots)) {
        const auto [arrayBegin, arrayEnd] = detail::objectValue(pdf, xref, *annotsObject);
        QByteArray array = pdf.mid(arrayBegin, arrayEnd - arrayBegin);
        if (!array.startsWith('[') || !array.endsWith(']'))
            throw Error(ErrorCode::Internal, "PDF", "the page's /Annots is not an array");
        array.chop(1);
        objects[*annotsObject] = array + ' ' + ref(fieldObject) + " ]";
    } else {
        throw Error(ErrorCode::Internal, "PDF", "the page has a direct /Annots array");
    }

    // The signature dictionary, with room for the /ByteRange numbers and the CMS.
    const QByteArray byteRangePlaceholder = "/ByteRange [0 0000000000 0000000000 0000000000]";
    const QByteArray contentsPlaceholder = '<' + QByteArray(2 * kPdfSignatureCapacity, '0') + '>';
    objects[sigObject] =
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name " +
        detail::pdfTextString(info.signerName) + " /Reason " + detail::pdfTextString(info.reason) +
        (info.location.isEmpty() ? QByteArray() : " /Location " + detail::pdfTextString(info.location)) +
        " /M " + pdfDate(info.signingTime) + ' ' + byteRangePlaceholder + " /Contents " +
        contentsPlaceholder + " >>";

    QByteArray out = pdf;
    if (!out.endsWith('\n'))
        out += '\n';
    std::map<int, qsizetype> offsets;
    for (const auto& [number, value] : objects) {
        offsets[number] = out.size();
        out += QByteArray::number(number) + " 0 obj\n" + value + "\nendobj\n";
    }
    const qsizetype newXref = out.size();
    out += "xref\n0 1\n0000000000 65535 f \n";
    // One subsection per run of consecutive object numbers.
    for (auto it = offsets.begin(); it != offsets.end();) {
        auto run = it;
        int count = 0;
        while (run != offsets.end() && run->first == it->first + count) {
            ++run;
            ++count;
        }
        out += QByteArray::number(it->first) + ' ' + QByteArray::number(count) + '\n';
        for (; it != run; ++it)
            out += QByteArray::number(qlonglong(it->second)).rightJustified(10, '0') + " 00000 n \n";
    }
    const int newSize = std::max(xref.size, fieldObject + 1);
    out += "trailer\n<< /Size " + QByteArray::number(newSize) + " /Root " + ref(xref.root) +
           (xref.info ? " /Info " + *xref.info : QByteArray()) +
           (xref.id ? " /ID " + *xref.id : QByteArray()) + " /Prev " +
           QByteArray::number(qlonglong(xref.startxref)) + " >>\nstartxref\n" +
           QByteArray::number(qlonglong(newXref)) + "\n%%EOF\n";

    // Fill in /ByteRange: everything but the /Contents hex string, "<" and ">" included in the gap.
    const qsizetype sigAt = offsets[sigObject];
    const qsizetype rangeAt = out.indexOf(byteRangePlaceholder, sigAt);
    const qsizetype gapBegin = out.indexOf(contentsPlaceholder, sigAt);
    const qsizetype gapEnd = gapBegin + contentsPlaceholder.size();
    QByteArray range = "/ByteRange [0 " + QByteArray::number(qlonglong(gapBegin)) + ' ' +
                       QByteArray::number(qlonglong(gapEnd)) + ' ' +
                       QByteArray::number(qlonglong(out.size() - gapEnd)) + ']';
    range = range.leftJustified(byteRangePlaceholder.size(), ' ');
    out.replace(rangeAt, range.size(), range);

    const QByteArray signedBytes = out.left(gapBegin) + out.mid(gapEnd);
    const QByteArray cms = detail::signDetachedCms(identity.keys(), signedBytes, info.signingTime);
    if (cms.size() > kPdfSignatureCapacity) {
        throw Error(ErrorCode::Signature, "PDF signature",
                    "the CMS needs " + std::to_string(cms.size()) + " bytes, more than the " +
                        std::to_string(kPdfSignatureCapacity) + " reserved");
    }
    const QByteArray hex = cms.toHex().toUpper();
    out.replace(gapBegin + 1, hex.size(), hex);
    return out;
}

}  // namespace boneage::report
