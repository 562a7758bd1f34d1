import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * The fonts embedded in every PDF: Noto Sans SC (SIL Open Font License 1.1), from the
 * `@expo-google-fonts/noto-sans-sc` package. It covers Latin and Chinese (and the kana
 * most Japanese text needs), so one face sets an English and a Chinese letter alike.
 * pdfkit embeds only the glyphs a document uses, so a letter stays a few kilobytes.
 */
const FONT_FILES = {
  regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
} as const;

/** The font names documents use. */
export type FontName = keyof typeof FONT_FILES;

/** The font family HTML output names, so a browser with Noto Sans SC installed prints the same face. */
export const HTML_FONT_FAMILY = `"Noto Sans SC", "Noto Sans CJK SC", "Noto Sans", sans-serif`;

const require = createRequire(import.meta.url);

/** The font files' bytes; read from the package on each call (about 10 ms for 10 MB). */
async function fontBytes(): Promise<Record<FontName, Buffer>> {
  const [regular, bold] = await Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]);
  return { regular, bold };
}

/** Where a document's pages begin and how big they are. */
export interface PdfPages {
  readonly size: readonly [number, number];
  /** The margins text flows within on pages it adds itself (continuation pages). */
  readonly margins: { top: number; bottom: number; left: number; right: number };
}

/**
 * Builds a PDF with pdfkit and returns its bytes. `created` is the document's creation date
 * (from the operation's clock, so the same input gives the same bytes).
 */
export async function writePdf(
  pages: PdfPages,
  created: Date,
  title: string,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  const fonts = await fontBytes();
  const doc = new PDFDocument({
    size: [...pages.size],
    margins: pages.margins,
    autoFirstPage: false,
    info: { Title: title, Producer: "Rapport", Creator: "Rapport", CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("regular", fonts.regular);
  doc.registerFont("bold", fonts.bold);
  draw(doc);
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
