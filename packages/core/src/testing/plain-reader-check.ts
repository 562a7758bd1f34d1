import { expect } from "vitest";
import type * as z from "zod";
import { type Reader, UNSURE } from "../schemas/plain-input.js";

/** A pool value that removes the key from a generated input. */
export const MISSING: unique symbol = Symbol("missing");

/** JSON that keeps `undefined` values and key order, so two outputs compare exactly. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === undefined ? "<undefined>" : v));
}

/**
 * Checks a plain reader against its schema on `input`: when the reader vouches for the
 * input, zod must accept it and parse it to the same value, key for key and in the same
 * order. Returns who decided.
 */
export function comparePlainReader(reader: Reader<unknown>, schema: z.ZodType, input: unknown): "plain" | "zod" {
  const read = reader(input);
  if (read === UNSURE) return "zod";
  const parsed = schema.safeParse(input);
  expect(parsed.success, `zod refuses what the reader accepts: ${exact(input)}`).toBe(true);
  expect(exact(read), `for ${exact(input)}`).toBe(exact(parsed.data));
  return "plain";
}

/**
 * Runs {@link comparePlainReader} on every input and counts who decided, and how many
 * inputs zod accepted that the reader left to it (valid, but parsed the slow way).
 */
export function plainReaderAgreement(
  reader: Reader<unknown>,
  schema: z.ZodType,
  inputs: Iterable<unknown>,
): { plain: number; zod: number; validLeftToZod: number } {
  const tally = { plain: 0, zod: 0, validLeftToZod: 0 };
  for (const input of inputs) {
    const decided = comparePlainReader(reader, schema, input);
    tally[decided]++;
    if (decided === "zod" && schema.safeParse(input).success) tally.validLeftToZod++;
  }
  return tally;
}

/**
 * {@link plainReaderAgreement}, asserting that the reader and zod each decided at least
 * `atLeast` of the inputs (so both valid and invalid inputs were tried) and that the
 * reader left no valid input to zod.
 */
export function expectPlainReaderAgreement(
  reader: Reader<unknown>,
  schema: z.ZodType,
  inputs: Iterable<unknown>,
  atLeast: number,
): void {
  const tally = plainReaderAgreement(reader, schema, inputs);
  expect(tally.plain, "inputs the reader read").toBeGreaterThanOrEqual(atLeast);
  expect(tally.zod, "inputs left to zod").toBeGreaterThanOrEqual(atLeast);
  expect(tally.validLeftToZod, "valid inputs the reader left to zod").toBe(0);
}

/** A small seeded generator (mulberry32), so a failure repeats. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Inputs made from one of `bases` with up to three keys set to a value from their pool
 * (`MISSING` removes the key), and now and then an unknown key: mostly valid inputs, each
 * with a few odd values in context. Seeded, so a failure repeats.
 */
export function* mutatedInputs(
  bases: readonly Record<string, unknown>[],
  pools: Readonly<Record<string, readonly unknown[]>>,
  count: number,
  seed: number,
): Generator<Record<string, unknown>> {
  const next = random(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
  const keys = Object.keys(pools);
  for (let i = 0; i < count; i++) {
    const input: Record<string, unknown> = { ...pick(bases) };
    for (let changes = Math.floor(next() * 4); changes > 0; changes--) {
      const key = pick(keys);
      const value = pick(pools[key] ?? []);
      if (value === MISSING) delete input[key];
      else input[key] = value;
    }
    if (next() < 0.02) input.unexpected = 1;
    yield input;
  }
}
