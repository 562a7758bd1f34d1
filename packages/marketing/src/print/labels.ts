import { escapeHtml } from "./escape-html.js";
import { type LabelLayout, labelPosition } from "./label-layouts.js";
import { HTML_FONT_FAMILY, writePdf } from "./pdf-writer.js";

/** Line height as a multiple of the type size. */
const LEADING = 1.25;

/** How many sheets `count` labels take after `skip` free ones. */
export function sheetCount(layout: LabelLayout, count: number, skip: number): number {
  return Math.ceil((skip + count) / (layout.columns * layout.rows));
}

/**
 * The address labels as one PDF: label `i` goes to position `skip + i`, filling each sheet
 * left to right, top to bottom. An address too long or too wide for a label is set smaller.
 */
export function labelsPdf(
  layout: LabelLayout,
  addresses: readonly (readonly string[])[],
  skip: number,
  created: Date,
): Promise<Uint8Array> {
  const margins = { top: 0, bottom: 0, left: 0, right: 0 };
  return writePdf({ size: layout.page, margins }, created, `${layout.name} address labels`, (doc) => {
    let sheet = -1;
    for (const [i, lines] of addresses.entries()) {
      const at = labelPosition(layout, skip + i);
      while (sheet < at.sheet) {
        doc.addPage({ size: [...layout.page], margins });
        sheet += 1;
      }
      const width = layout.labelWidth - 2 * layout.padding;
      const height = layout.labelHeight - 2 * layout.padding;
      doc.font("regular");
      let size = Math.min(layout.fontSize, height / (lines.length * LEADING));
      for (const line of lines) {
        const wide = doc.fontSize(size).widthOfString(line);
        if (wide > width) size = (size * width) / wide;
      }
      doc.fontSize(size);
      // Centred vertically, so a short address does not cling to the top edge.
      const top = at.y + layout.padding + (height - lines.length * size * LEADING) / 2;
      for (const [n, line] of lines.entries()) {
        doc.text(line, at.x + layout.padding, top + n * size * LEADING, { width, lineBreak: false });
      }
    }
  });
}

/** The address labels as one print-ready HTML document, labels placed to the point as on the PDF. */
export function labelsHtml(layout: LabelLayout, addresses: readonly (readonly string[])[], skip: number): string {
  const pt = (value: number) => `${value.toFixed(2)}pt`;
  const sheets: string[][] = [];
  for (const [i, lines] of addresses.entries()) {
    const at = labelPosition(layout, skip + i);
    while (sheets.length <= at.sheet) sheets.push([]);
    sheets[at.sheet]?.push(
      `<div class="label" style="left:${pt(at.x)};top:${pt(at.y)}">${lines.map((line) => `<div>${escapeHtml(line)}</div>`).join("")}</div>`,
    );
  }
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(`${layout.name} address labels`)}</title>
<style>
@page { size: ${pt(layout.page[0])} ${pt(layout.page[1])}; margin: 0; }
body { margin: 0; font-family: ${HTML_FONT_FAMILY}; }
.sheet { position: relative; width: ${pt(layout.page[0])}; height: ${pt(layout.page[1])}; page-break-after: always; overflow: hidden; }
.label { position: absolute; box-sizing: border-box; width: ${pt(layout.labelWidth)}; height: ${pt(layout.labelHeight)}; padding: ${pt(layout.padding)}; font-size: ${layout.fontSize}pt; line-height: ${LEADING}; overflow: hidden; display: flex; flex-direction: column; justify-content: center; }
</style></head>
<body>
${sheets.map((labels) => `<div class="sheet">\n${labels.join("\n")}\n</div>`).join("\n")}
</body></html>
`;
}
