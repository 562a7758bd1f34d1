import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

/** One run of text on a PDF page, with its origin in points from the page's top-left corner. */
export interface PdfTextRun {
  readonly text: string;
  readonly x: number;
  /** The baseline's distance from the top edge. */
  readonly y: number;
  readonly size: number;
}

/** A PDF page as a test reads it: its size in points and its text runs. */
export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly runs: readonly PdfTextRun[];
  /** The page's text, runs joined by newlines. */
  readonly text: string;
}

/** Reads a PDF's pages with PDF.js (text through the embedded fonts' ToUnicode maps). */
export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  const doc = await pdfjs.getDocument({
    data: bytes.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const height = y1 - y0;
    const content = await page.getTextContent();
    const runs = content.items.flatMap((item) =>
      "str" in item && item.str.trim() !== ""
        ? [
            {
              text: item.str,
              x: item.transform[4] as number,
              y: height - (item.transform[5] as number),
              size: item.transform[0] as number,
            },
          ]
        : [],
    );
    pages.push({ width: x1 - x0, height, runs, text: runs.map((r) => r.text).join("\n") });
  }
  await doc.destroy();
  return pages;
}

/**
 * Writes a rendered document where a person can look at it, when `RAPPORT_PRINT_OUT` names
 * a directory (e.g. to turn PDFs into PNGs with pdftoppm); does nothing otherwise.
 */
export function keepForLooking(name: string, content: Uint8Array | string): void {
  const dir = process.env.RAPPORT_PRINT_OUT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), content);
}
