/**
 * Hand-written readers for the common case of an input schema: a plain object of plain
 * values. Bulk imports validate thousands of records a call, and zod's per-check
 * machinery costs more than the checks themselves there (about 9 µs an account, of which
 * the checks are well under one).
 *
 * A reader either returns exactly what its zod schema's parse would, or {@link UNSURE}
 * for anything it does not vouch for — an invalid value, an unusual type, a rule it
 * leaves to zod. It must never accept what zod refuses; zod then decides, so errors keep
 * zod's issues. Each schema's reader is tested against its zod schema on generated inputs.
 */

import * as z from "zod";
import { ID_PATTERN } from "../kernel/ids.js";

/** A reader's answer for a value it leaves to zod. */
export const UNSURE: unique symbol = Symbol("unsure");

/** Reads one value: the parsed output, or {@link UNSURE}. */
export type Reader<T> = (value: unknown) => T | typeof UNSURE;

/** A plain object: made by a literal, `Object.create(null)` or `JSON.parse`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Why `text` cannot be stored alike by every adapter — it holds the NUL character, or a lone
 * surrogate (ill-formed UTF-16, which UTF-8 cannot encode) — or `undefined` when it can.
 */
export function textProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "Text must not contain the NUL character";
  if (LONE_SURROGATE.test(text)) return "Text must be well-formed UTF-16 (a lone surrogate cannot be stored)";
  return undefined;
}

/** True when `text` is well-formed UTF-16 without NUL: what {@link textProblem} accepts. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** A text rule, applied as zod applies `z.string().refine(no NUL).trim().min().max().regex()`. */
export interface TextRule {
  /** Trim before the length checks (`.trim()`). */
  readonly trim?: boolean;
  /** Lower-case after trimming (`.toLowerCase()`); lengths are checked after it, as zod does. */
  readonly lowerCase?: boolean;
  readonly min?: number;
  readonly max: number;
  /** Tested after trimming. */
  readonly pattern?: RegExp;
  /** Allow the NUL character (schemas that are not `textSchema`, but whose pattern excludes NUL anyway). Lone surrogates are refused regardless. */
  readonly allowNul?: boolean;
}

/** Reads a string by `rule`. Lengths count UTF-16 units, as zod's do. */
export function text(rule: TextRule): Reader<string> {
  const { trim = false, lowerCase = false, min = 0, max, pattern, allowNul = false } = rule;
  return (value) => {
    if (typeof value !== "string") return UNSURE;
    // NUL is not whitespace, so checking it after trimming answers as zod's refine on the untrimmed text.
    let text = trim ? value.trim() : value;
    if (lowerCase) text = text.toLowerCase();
    if (text.length < min || text.length > max) return UNSURE;
    if (!allowNul && text.includes("\u0000")) return UNSURE;
    if (LONE_SURROGATE.test(text)) return UNSURE;
    if (pattern !== undefined && !pattern.test(text)) return UNSURE;
    return text;
  };
}

/** Reads one of `values` (`z.enum`). */
export function oneOf<T extends string>(values: readonly T[]): Reader<T> {
  const allowed: ReadonlySet<string> = new Set(values);
  return (value) => (typeof value === "string" && allowed.has(value) ? (value as T) : UNSURE);
}

/** Reads an integer in `[min, max]` (`z.number().int().min().max()`). */
export function integer(min: number, max: number): Reader<number> {
  return (value) =>
    typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max ? value : UNSURE;
}

/** Reads a boolean (`z.boolean()`). */
export const boolean: Reader<boolean> = (value) => (typeof value === "boolean" ? value : UNSURE);

/** Reads a record id, optionally of one prefix (`idSchema(prefix)`). */
export function recordId(prefix?: string): Reader<string> {
  const start = prefix === undefined ? "" : `${prefix}_`;
  return (value) => (typeof value === "string" && ID_PATTERN.test(value) && value.startsWith(start) ? value : UNSURE);
}

/** Reads a code in upper case that `known` holds (`currencySchema`, `countryCodeSchema`). */
export function knownCode(pattern: RegExp, known: ReadonlySet<string>): Reader<string> {
  return (value) => (typeof value === "string" && pattern.test(value) && known.has(value) ? value : UNSURE);
}

/** Reads a value with a zod schema: for rules too intricate to restate (a URL), at zod's cost. */
export function bySchema<T>(schema: {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}): Reader<T> {
  return (value) => {
    const result = schema.safeParse(value);
    return result.success ? result.data : UNSURE;
  };
}

/** One key of an object rule. A missing key is absent from the output unless it has a default. */
export interface FieldRule {
  readonly read: Reader<unknown>;
  /** `undefined` is refused (a key without `.optional()` or `.default()`). */
  readonly required?: boolean;
  /** `null` is a value (`.nullable()`). */
  readonly nullable?: boolean;
  /** What `undefined` becomes (`.default(…)`); a fresh value per call. */
  readonly fallback?: () => unknown;
}

/**
 * Reads a strict object (`z.object({...}).strict()`), keys in the rule's order as zod
 * writes them. `valid` is the object's cross-field refinement, on the output. `T` is the
 * schema's output type, which the rules must produce (test them against the schema).
 */
export function strictObject<T extends Record<string, unknown> = Record<string, unknown>>(
  fields: Readonly<Record<string, FieldRule>>,
  valid: (output: Record<string, unknown>) => boolean = () => true,
): Reader<T> {
  const entries = Object.entries(fields);
  return (value) => {
    if (!isPlainObject(value)) return UNSURE;
    for (const key in value) if (!Object.hasOwn(fields, key)) return UNSURE;
    const output: Record<string, unknown> = {};
    for (const [key, rule] of entries) {
      const given = value[key];
      if (given === undefined) {
        if (rule.required === true) return UNSURE;
        // zod keeps a key given as `undefined` (and fills a default): `key in` tells given from missing.
        if (rule.fallback !== undefined) output[key] = rule.fallback();
        else if (key in value) output[key] = undefined;
      } else if (given === null) {
        if (rule.nullable !== true) return UNSURE;
        output[key] = null;
      } else {
        const read = rule.read(given);
        if (read === UNSURE) return UNSURE;
        output[key] = read;
      }
    }
    return valid(output) ? (output as T) : UNSURE;
  };
}

/** Reads an array of at most `max` items, each by `item` (`z.array(item).max(max)`). */
export function arrayOf<T>(item: Reader<T>, max: number): Reader<T[]> {
  return (value) => {
    if (!Array.isArray(value) || value.length > max) return UNSURE;
    const output: T[] = [];
    for (const entry of value) {
      const read = item(entry);
      if (read === UNSURE) return UNSURE;
      output.push(read);
    }
    return output;
  };
}

/** Reads a plain object whose keys match `key` and whose values `item` reads (`z.record`). */
export function recordOf<T>(key: RegExp, item: Reader<T>): Reader<Record<string, T>> {
  return (value) => {
    // zod reads symbol keys too (and refuses them here); leave those to it.
    if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return UNSURE;
    const output: Record<string, T> = {};
    for (const name of Object.keys(value)) {
      if (!key.test(name)) return UNSURE;
      const read = item(value[name]);
      if (read === UNSURE) return UNSURE;
      output[name] = read;
    }
    return output;
  };
}

/**
 * `schema.safeParse(input)`, answered by `reader` when it vouches for the input: the
 * reader's output is what zod's would be, and an input it leaves goes to zod, so errors
 * keep zod's issues.
 */
export function safeParsePlain<T>(
  schema: z.ZodType,
  reader: Reader<T> | undefined,
  input: unknown,
): z.ZodSafeParseResult<T> {
  const read = reader === undefined ? UNSURE : reader(input);
  if (read !== UNSURE) return { success: true, data: read };
  const hidden = hiddenKeyIssue(input, [], 0);
  if (hidden !== undefined) return { success: false, error: new z.ZodError([hidden]) } as z.ZodSafeParseResult<T>;
  return schema.safeParse(input) as z.ZodSafeParseResult<T>;
}

/** Keys that reach or replace an object's prototype: never a field, custom field or system name. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Deeper than any input schema nests; a deeper (or cyclic) value is left to zod. */
const MAX_DEPTH = 32;

/**
 * The first key zod would read wrongly: an inherited enumerable property (zod reads
 * `input[key]`, so an object with no own keys passed for one whose prototype has them) or
 * a reserved key (a `__proto__` key is dropped by the copy zod makes). Readers never
 * vouch for such objects (they read plain objects' own keys only), so only zod's path asks.
 */
function hiddenKeyIssue(value: unknown, path: PropertyKey[], depth: number): z.core.$ZodIssue | undefined {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return undefined;
  for (const key in value) {
    const at = [...path, key];
    if (!Object.hasOwn(value, key)) return keyIssue(at, `"${key}" is inherited: only own properties are read`);
    if (RESERVED_KEYS.has(key)) return keyIssue(at, `"${key}" is a reserved key`);
    const nested = hiddenKeyIssue((value as Record<string, unknown>)[key], at, depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function keyIssue(path: PropertyKey[], message: string): z.core.$ZodIssue {
  return { code: "custom", path, message, input: undefined } as z.core.$ZodIssue;
}
