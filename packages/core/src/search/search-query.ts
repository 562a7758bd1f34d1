import { ValidationError } from "../kernel/errors.js";
import { isCjk } from "./search-text.js";

/** One word to match; `prefix` matches every word starting with it (`auth*`). */
export interface SearchTerm {
  readonly kind: "term";
  readonly text: string;
  readonly prefix: boolean;
}

/** Words that must appear side by side, in order; `prefix` applies to the last one. */
export interface SearchPhrase {
  readonly kind: "phrase";
  readonly terms: readonly string[];
  readonly prefix: boolean;
}

/** Every one of `of`, and none of `not`. `of` is never empty. */
export interface SearchAll {
  readonly kind: "all";
  readonly of: readonly SearchExpression[];
  readonly not: readonly SearchExpression[];
}

/** At least one of `of` (two or more). */
export interface SearchAny {
  readonly kind: "any";
  readonly of: readonly SearchExpression[];
}

/**
 * A parsed search query: what {@link parseSearchQuery} makes of a user's text. Terms hold
 * only letters, digits and combining marks, so no dialect's query syntax can hide in them;
 * adapters still quote every term when they compile the expression.
 */
export type SearchExpression = SearchTerm | SearchPhrase | SearchAll | SearchAny;

/** The longest query text accepted, in characters. */
export const MAX_QUERY_LENGTH = 1_000;
/** The most words (terms and phrase words) a query may hold. */
export const MAX_QUERY_TERMS = 32;
const MAX_DEPTH = 8;

/** A letter, digit or combining mark: what a term is made of. Everything else separates terms. */
const WORD_PART = /[\p{L}\p{N}\p{M}]+/gu;
const HAS_LETTER = /[\p{L}\p{N}]/u;

type Token =
  | { kind: "word"; raw: string }
  | { kind: "quoted"; text: string; prefix: boolean }
  | { kind: "open" }
  | { kind: "close" };

/**
 * Parses what a user typed into a search box. The syntax: words (all must match),
 * `"a phrase"`, `prefix*`, `OR` between alternatives, `-word` or `NOT word` to exclude,
 * and parentheses. Anything else is text: punctuation separates words, an unbalanced quote
 * runs to the end, an unmatched parenthesis is ignored, and FTS syntax (`NEAR`, `:`, `^`,
 * `&`, `|`, `!`) is never syntax here.
 *
 * Throws `ValidationError` (path `["query"]`) when the text is longer than
 * {@link MAX_QUERY_LENGTH}, holds more than {@link MAX_QUERY_TERMS} words, or leaves
 * nothing to look for (empty, only operators or quotes, only exclusions).
 *
 * @example
 * ```ts
 * parseSearchQuery('"reset password" OR login -admin');
 * ```
 */
export function parseSearchQuery(text: string): SearchExpression {
  if (text.length > MAX_QUERY_LENGTH) {
    throw ValidationError.forField(["query"], `A search query takes at most ${MAX_QUERY_LENGTH} characters`);
  }
  const parser = new Parser(tokenize(text));
  const expression = parser.group(0);
  if (expression === null) {
    throw ValidationError.forField(["query"], "The search query has no words to look for");
  }
  if (parser.terms > MAX_QUERY_TERMS) {
    throw ValidationError.forField(["query"], `A search query takes at most ${MAX_QUERY_TERMS} words`);
  }
  return expression;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/u.test(c)) {
      i += 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const close = end === -1 ? text.length : end;
      const prefix = text[close + 1] === "*";
      tokens.push({ kind: "quoted", text: text.slice(i + 1, close), prefix });
      i = close + 1 + (prefix ? 1 : 0);
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "open" : "close" });
      i += 1;
    } else {
      let end = i;
      while (end < text.length && !/[\s"()]/u.test(text[end] as string)) end += 1;
      tokens.push({ kind: "word", raw: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** The words of a piece of text, each CJK character a word of its own. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const [part] of text.matchAll(WORD_PART)) {
    // Combining marks alone are no word (a tokenizer would make nothing of them).
    if (!HAS_LETTER.test(part)) continue;
    let run = "";
    for (const character of part) {
      if (isCjk(character)) {
        if (run) words.push(run);
        run = "";
        words.push(character);
      } else if (HAS_LETTER.test(character) || run) run += character;
    }
    if (run) words.push(run);
  }
  return words;
}

class Parser {
  readonly #tokens: Token[];
  #at = 0;
  /** Words seen so far, to enforce {@link MAX_QUERY_TERMS}. */
  terms = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  /** Clauses up to the end or a closing parenthesis: all of the positive ones, none of the negated. */
  group(depth: number): SearchExpression | null {
    const of: SearchExpression[] = [];
    const not: SearchExpression[] = [];
    let negateNext = false;
    while (this.#at < this.#tokens.length) {
      const token = this.#tokens[this.#at] as Token;
      if (token.kind === "close") {
        this.#at += 1;
        if (depth > 0) break;
        continue; // An unmatched ")" at the top is text, and text without letters is nothing.
      }
      if (token.kind === "word" && token.raw === "NOT") {
        this.#at += 1;
        negateNext = true;
        continue;
      }
      if (token.kind === "word" && (token.raw === "AND" || token.raw === "OR")) {
        this.#at += 1; // AND is implied; an OR with nothing on its left joins nothing.
        continue;
      }
      const negated = negateNext || (token.kind === "word" && token.raw.startsWith("-"));
      negateNext = false;
      const clause = this.#alternatives(depth);
      if (clause === null) continue;
      (negated ? not : of).push(clause);
    }
    if (of.length === 0) return null;
    if (of.length === 1 && not.length === 0) return of[0] as SearchExpression;
    return { kind: "all", of, not };
  }

  /** One unit, or several joined by `OR`. A `-` inside an alternative is text, not an exclusion. */
  #alternatives(depth: number): SearchExpression | null {
    const of: SearchExpression[] = [];
    const first = this.#unit(depth);
    if (first !== null) of.push(first);
    while (this.#peekWord() === "OR") {
      this.#at += 1;
      if (this.#at >= this.#tokens.length || this.#tokens[this.#at]?.kind === "close") break;
      const next = this.#unit(depth);
      if (next !== null) of.push(next);
    }
    if (of.length === 0) return null;
    return of.length === 1 ? (of[0] as SearchExpression) : { kind: "any", of };
  }

  #peekWord(): string | undefined {
    const token = this.#tokens[this.#at];
    return token?.kind === "word" ? token.raw : undefined;
  }

  #unit(depth: number): SearchExpression | null {
    const token = this.#tokens[this.#at] as Token;
    this.#at += 1;
    switch (token.kind) {
      case "open":
        // Deeper than MAX_DEPTH, parentheses stop nesting: their words join the enclosing group.
        return depth >= MAX_DEPTH ? this.group(depth) : this.group(depth + 1);
      case "close":
        return null;
      case "quoted":
        return this.#words(wordsOf(token.text), token.prefix);
      case "word": {
        const raw = token.raw.replace(/^-+/u, "");
        const prefix = raw.endsWith("*");
        return this.#words(wordsOf(raw), prefix);
      }
    }
  }

  /** One word is a term; several (a quoted phrase, `e-mail`, a CJK run) must appear side by side. */
  #words(words: string[], prefix: boolean): SearchExpression | null {
    this.terms += words.length;
    if (words.length === 0) return null;
    if (words.length === 1) return { kind: "term", text: words[0] as string, prefix };
    return { kind: "phrase", terms: words, prefix };
  }
}
