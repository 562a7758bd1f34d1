import { escapeHtml } from "./escape-html.js";
import { mm, PAPER_SIZES, type PaperSize } from "./label-layouts.js";
import type { Letterhead } from "./letterhead.js";
import type { LetterMergeValues, MergeTemplate } from "./merge-template.js";
import { HTML_FONT_FAMILY, writePdf } from "./pdf-writer.js";
import { postalLines } from "./postal-address.js";
import { personName, type Recipient } from "./recipients.js";

/** One merged letter, ready to lay out. */
export interface MergedLetter {
  readonly recipientLines: readonly string[];
  readonly date: string;
  readonly subject: string | null;
  /** Paragraphs of plain text. */
  readonly paragraphs: readonly string[];
}

/** Where things go on a letter page, in points (the address sits where a window envelope shows it). */
const LAYOUT = {
  left: mm(25),
  right: mm(20),
  top: mm(20),
  bottom: mm(20),
  headerY: mm(15),
  returnLineY: mm(45),
  addressY: mm(50),
  dateY: mm(92),
  subjectY: mm(102),
  bodyY: mm(112),
} as const;

/** The sender's address on one line, above the window: `Acme GmbH · Obere Str. 57 · 12209 Berlin`. */
function returnLine(letterhead: Letterhead): string {
  const lines = postalLines(
    { name: null, company: letterhead.legalName },
    letterhead.address,
    letterhead.address.country,
  );
  return lines.join(" · ");
}

/** The letterhead's address and contact lines, printed at the top right. */
function letterheadLines(letterhead: Letterhead): string[] {
  const address = postalLines({ name: null, company: null }, letterhead.address, letterhead.address.country);
  return [...address, ...(letterhead.email ? [letterhead.email] : []), ...(letterhead.phone ? [letterhead.phone] : [])];
}

/** The date as the letter's language writes it (`8 December 2026`, `2026年12月8日`). */
export function letterDate(now: Date, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(now);
}

/** Merges the templates for one recipient. */
export function mergeLetter(
  templates: { subject: MergeTemplate | null; body: MergeTemplate },
  recipient: Recipient,
  letterhead: Letterhead,
  date: string,
  language: string,
): MergedLetter {
  const name = personName(recipient.contact, language);
  const recipientLines = postalLines(
    { name, company: recipient.account?.name ?? null },
    recipient.address,
    letterhead.address.country,
  );
  const values: LetterMergeValues = {
    contact: {
      firstName: recipient.contact.firstName ?? "",
      lastName: recipient.contact.lastName ?? "",
      fullName: name,
      title: recipient.contact.title ?? "",
      email: recipient.contact.primaryEmail ?? "",
    },
    account: { name: recipient.account?.name ?? "" },
    address: { lines: recipientLines, text: recipientLines.join("\n") },
    sender: { legalName: letterhead.legalName },
    date,
  };
  const body = templates.body.render(values).replace(/\r\n?/g, "\n");
  return {
    recipientLines,
    date,
    subject: templates.subject ? templates.subject.render(values).trim() || null : null,
    paragraphs: body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ""),
  };
}

/** The letters as one PDF, each starting on a new page; a long letter flows onto more pages. */
export function lettersPdf(
  letters: readonly MergedLetter[],
  letterhead: Letterhead,
  paper: PaperSize,
  created: Date,
): Promise<Uint8Array> {
  const size = PAPER_SIZES[paper];
  const width = size[0] - LAYOUT.left - LAYOUT.right;
  const margins = { top: LAYOUT.top, bottom: LAYOUT.bottom, left: LAYOUT.left, right: LAYOUT.right };
  return writePdf({ size, margins }, created, `Letters from ${letterhead.legalName}`, (doc) => {
    for (const letter of letters) {
      doc.addPage({ size: [...size], margins });
      doc
        .font("bold")
        .fontSize(14)
        .text(letterhead.legalName, LAYOUT.left, LAYOUT.headerY, { width: width / 2 });
      doc
        .font("regular")
        .fontSize(8)
        .text(letterheadLines(letterhead).join("\n"), LAYOUT.left + width / 2, LAYOUT.headerY, {
          width: width / 2,
          align: "right",
        });
      doc.fontSize(7).text(returnLine(letterhead), LAYOUT.left, LAYOUT.returnLineY, {
        width: mm(85),
        lineBreak: false,
        ellipsis: true,
      });
      doc
        .fontSize(10)
        .text(letter.recipientLines.join("\n"), LAYOUT.left, LAYOUT.addressY, { width: mm(85), lineGap: 1 });
      doc.fontSize(10).text(letter.date, LAYOUT.left, LAYOUT.dateY, { width, align: "right" });
      if (letter.subject) doc.font("bold").fontSize(11).text(letter.subject, LAYOUT.left, LAYOUT.subjectY, { width });
      doc.font("regular").fontSize(10.5);
      doc.text("", LAYOUT.left, letter.subject ? LAYOUT.bodyY : LAYOUT.subjectY);
      for (const paragraph of letter.paragraphs) {
        doc.text(paragraph, { width, lineGap: 2, paragraphGap: 8 });
      }
    }
  });
}

/** The letters as one print-ready HTML document (A4 or Letter pages, everything merged escaped). */
export function lettersHtml(letters: readonly MergedLetter[], letterhead: Letterhead, paper: PaperSize): string {
  const [width, height] = PAPER_SIZES[paper];
  const pt = (value: number) => `${value.toFixed(2)}pt`;
  const logo = letterhead.logoUrl
    ? `<img class="logo" src="${escapeHtml(letterhead.logoUrl)}" alt="${escapeHtml(letterhead.legalName)}">`
    : "";
  const lines = (items: readonly string[]) => items.map(escapeHtml).join("<br>");
  const pages = letters.map(
    (letter) => `<section class="letter">
<header>${logo}<div class="sender">${escapeHtml(letterhead.legalName)}</div><div class="details">${lines(letterheadLines(letterhead))}</div></header>
<div class="return">${escapeHtml(returnLine(letterhead))}</div>
<address>${lines(letter.recipientLines)}</address>
<div class="date">${escapeHtml(letter.date)}</div>
${letter.subject ? `<h1>${escapeHtml(letter.subject)}</h1>` : ""}
<div class="body">${letter.paragraphs.map((p) => `<p>${lines(p.split("\n"))}</p>`).join("\n")}</div>
</section>`,
  );
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(`Letters from ${letterhead.legalName}`)}</title>
<style>
@page { size: ${pt(width)} ${pt(height)}; margin: 0; }
body { margin: 0; font-family: ${HTML_FONT_FAMILY}; font-size: 10.5pt; }
.letter { position: relative; box-sizing: border-box; width: ${pt(width)}; min-height: ${pt(height)}; padding: ${pt(LAYOUT.bodyY)} ${pt(LAYOUT.right)} ${pt(LAYOUT.bottom)} ${pt(LAYOUT.left)}; page-break-after: always; }
header { position: absolute; top: ${pt(LAYOUT.headerY)}; left: ${pt(LAYOUT.left)}; right: ${pt(LAYOUT.right)}; }
.logo { max-height: 12mm; float: left; margin-right: 4mm; }
.sender { font-size: 14pt; font-weight: bold; }
.details { position: absolute; top: 0; right: 0; font-size: 8pt; text-align: right; }
.return { position: absolute; top: ${pt(LAYOUT.returnLineY)}; left: ${pt(LAYOUT.left)}; width: 85mm; font-size: 7pt; white-space: nowrap; overflow: hidden; }
address { position: absolute; top: ${pt(LAYOUT.addressY)}; left: ${pt(LAYOUT.left)}; width: 85mm; font-style: normal; font-size: 10pt; }
.date { position: absolute; top: ${pt(LAYOUT.dateY)}; right: ${pt(LAYOUT.right)}; font-size: 10pt; }
h1 { position: absolute; top: ${pt(LAYOUT.subjectY)}; left: ${pt(LAYOUT.left)}; margin: 0; font-size: 11pt; }
p { margin: 0 0 8pt; line-height: 1.4; }
</style></head>
<body>
${pages.join("\n")}
</body></html>
`;
}
