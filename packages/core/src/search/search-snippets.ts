import { HIGHLIGHT_END, HIGHLIGHT_START } from "./search-dialect.js";
import { CJK_SEPARATOR, writtenText } from "./search-text.js";

/** The longest snippet, in characters of text (marks and ellipses aside). */
export const SNIPPET_LENGTH = 200;
/** How much text a snippet keeps before its first match. */
const LEAD = 60;

/** Each character that changes in HTML: the escapes, and the markers as `<mark>` tags. */
const HTML_OF: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  [HIGHLIGHT_START]: "<mark>",
  [HIGHLIGHT_END]: "</mark>",
};
// Built from the marker constants: the characters they are, not their code points, live in one place.
const HTML_CHANGES = new RegExp(`[&<>"'${HIGHLIGHT_START}${HIGHLIGHT_END}]`, "g");

/**
 * Marked text (matches between the highlight markers) as HTML: the text escaped, each
 * match in `<mark>…</mark>`, matches side by side (a CJK phrase) in one mark. One pass.
 */
export function markedHtml(marked: string): string {
  const joined = marked.includes(`${HIGHLIGHT_END}${HIGHLIGHT_START}`)
    ? marked.replaceAll(`${HIGHLIGHT_END}${HIGHLIGHT_START}`, "")
    : marked;
  return joined.replace(HTML_CHANGES, (c) => HTML_OF[c] as string);
}

/** A highlighted title: the whole (indexed) title text as HTML. */
export function titleHtml(marked: string | null): string {
  return marked === null ? "" : markedHtml(writtenText(marked).replace(/\s+/g, " ").trim());
}

/** Moves `index` off the second half of a surrogate pair, so a cut never splits a character. */
function atCharacter(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/** Not counted in a snippet's length: the markers and the separators the index put between CJK characters. */
function uncounted(c: string): boolean {
  return c === HIGHLIGHT_START || c === HIGHLIGHT_END || c === CJK_SEPARATOR;
}

/**
 * A snippet from the body texts a result may show: around the first match of the first
 * text that has one (else the start of the first text), at most {@link SNIPPET_LENGTH}
 * characters cut at spaces where there are any, `…` where text was cut, as HTML. Only the
 * window is cleaned and escaped: bodies run to megabytes, snippets to a line.
 */
export function snippetHtml(marked: readonly (string | null)[]): string {
  const text = marked.find((t) => t?.includes(HIGHLIGHT_START)) ?? marked.find((t) => t !== null && t !== undefined);
  if (text === undefined || text === null) return "";
  const first = Math.max(0, text.indexOf(HIGHLIGHT_START));
  let start = first <= LEAD ? 0 : atCharacter(text, first - LEAD);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = start;
  let kept = 0;
  while (end < text.length && kept < SNIPPET_LENGTH) {
    if (!uncounted(text[end] as string)) kept += 1;
    end += 1;
  }
  end = atCharacter(text, end);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > first && space > start) end = space;
  }
  let window = writtenText(text.slice(start, end)).replace(/\s+/g, " ");
  // A cut inside a match closes (or reopens) its mark, so the HTML stays balanced.
  if (window.lastIndexOf(HIGHLIGHT_START) > window.lastIndexOf(HIGHLIGHT_END)) window += HIGHLIGHT_END;
  const opened = window.indexOf(HIGHLIGHT_START);
  const closed = window.indexOf(HIGHLIGHT_END);
  if (closed !== -1 && (opened === -1 || closed < opened)) window = HIGHLIGHT_START + window;
  const trimmed = window.trim();
  if (trimmed.replaceAll(HIGHLIGHT_START, "").replaceAll(HIGHLIGHT_END, "").trim() === "") return "";
  return `${start > 0 ? "…" : ""}${markedHtml(trimmed)}${end < text.length ? "…" : ""}`;
}
