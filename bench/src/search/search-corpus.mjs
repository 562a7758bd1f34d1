/**
 * The search bench's articles and queries, generated from the vocabulary of the tldr pages
 * (`../shared/data/tldr-pages/tldr_pages_common_en.csv`, CC-BY 4.0, the tldr-pages
 * contributors): titles, descriptions and example lines of real command-line help,
 * recombined by a seeded PRNG into as many articles as asked for.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hash32, Rng } from "../prng.mjs";

/** Where the tldr CSV is: `RAPPORT_DATA_DIR` (the shared data folder), else `../shared/data` beside the repository. */
export function tldrCsvPath() {
  const base = process.env.RAPPORT_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
  return `${base}/tldr-pages/tldr_pages_common_en.csv`;
}

/**
 * Parses RFC 4180 CSV (quoted fields with doubled quotes and line breaks).
 *
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * @typedef {object} Vocabulary
 * @property {string[]} titles page titles (command names)
 * @property {string[]} descriptions one-line descriptions
 * @property {string[]} examples example descriptions ("Substitute with the previous command")
 * @property {string[]} commands example commands
 * @property {string[]} words distinct lowercase words of four letters or more, for queries
 */

/**
 * The vocabulary of the tldr pages, or `null` when the CSV is missing.
 *
 * @returns {Vocabulary | null}
 */
export function loadVocabulary() {
  const path = tldrCsvPath();
  if (!existsSync(path)) return null;
  const [header, ...rows] = parseCsv(readFileSync(path, "utf8"));
  const column = (/** @type {string} */ name) => header?.indexOf(name) ?? -1;
  const [title, description, body] = [column("title"), column("description"), column("body_markdown")];
  /** @type {Vocabulary} */
  const vocabulary = { titles: [], descriptions: [], examples: [], commands: [], words: [] };
  const words = new Set();
  for (const row of rows) {
    vocabulary.titles.push(row[title] ?? "");
    vocabulary.descriptions.push((row[description] ?? "").replace(/`/g, ""));
    for (const line of (row[body] ?? "").split("\n")) {
      if (line.startsWith("- "))
        vocabulary.examples.push(
          line
            .slice(2)
            .replace(/[`:]+$/g, "")
            .replace(/`/g, ""),
        );
      else if (line.startsWith("`")) vocabulary.commands.push(line.replace(/`/g, "").replace(/\{\{|\}\}/g, ""));
    }
  }
  for (const text of [...vocabulary.examples, ...vocabulary.descriptions]) {
    for (const word of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) words.add(word);
  }
  vocabulary.words = [...words].sort();
  return vocabulary;
}

/**
 * @typedef {object} Article
 * @property {string} title
 * @property {string} summary
 * @property {string} body
 * @property {"draft" | "published"} status
 */

/**
 * `count` articles: an example line as the title, a page description as the summary, and
 * four to eight examples with their commands as the body (about 700 characters).
 *
 * @param {Vocabulary} vocabulary
 * @param {number} count
 * @returns {Generator<Article>}
 */
export function* articles(vocabulary, count) {
  const rng = new Rng(hash32("search:articles"));
  for (let i = 0; i < count; i++) {
    const lines = [];
    for (let n = rng.int(4, 8); n > 0; n--)
      lines.push(`${rng.pick(vocabulary.examples)}: ${rng.pick(vocabulary.commands)}`);
    yield {
      title: `${rng.pick(vocabulary.examples)} with ${rng.pick(vocabulary.titles)}`,
      summary: rng.pick(vocabulary.descriptions),
      body: lines.join("\n"),
      status: rng.chance(0.8) ? "published" : "draft",
    };
  }
}

/**
 * @typedef {object} BenchQuery
 * @property {string} text what a user types (Rapport's syntax)
 * @property {string[]} words its words
 * @property {"word" | "two words" | "phrase" | "prefix"} kind
 */

/**
 * `count` queries a user might type: one word (60 %), two words (20 %), a two-word phrase
 * from an example line (10 %), a four-letter prefix (10 %).
 *
 * @param {Vocabulary} vocabulary
 * @param {number} count
 * @returns {BenchQuery[]}
 */
export function queries(vocabulary, count) {
  const rng = new Rng(hash32("search:queries"));
  /** @type {BenchQuery[]} */
  const made = [];
  while (made.length < count) {
    const roll = rng.next();
    if (roll < 0.6) {
      const word = rng.pick(vocabulary.words);
      made.push({ text: word, words: [word], kind: "word" });
    } else if (roll < 0.8) {
      const words = [rng.pick(vocabulary.words), rng.pick(vocabulary.words)];
      made.push({ text: words.join(" "), words, kind: "two words" });
    } else if (roll < 0.9) {
      const line = (
        rng
          .pick(vocabulary.examples)
          .toLowerCase()
          .match(/[a-z]+/g) ?? []
      ).filter((w) => w.length > 2);
      if (line.length < 2) continue;
      const at = rng.int(0, line.length - 2);
      const words = line.slice(at, at + 2);
      made.push({ text: `"${words.join(" ")}"`, words, kind: "phrase" });
    } else {
      const word = rng.pick(vocabulary.words).slice(0, 4);
      made.push({ text: `${word}*`, words: [word], kind: "prefix" });
    }
  }
  return made;
}
