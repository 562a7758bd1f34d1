import { plainInput } from "@rapport/core/internals";
import * as z from "zod";

/** Decimal places a percentage may have (`8.875` % sales tax). */
export const PERCENT_DECIMALS = 3;
/** A percentage is stored as an integer in thousandths of a percent: 100 % is `100_000`. */
export const PERCENT_SCALE = 100_000;

/**
 * A percentage from 0 to 100 with at most {@link PERCENT_DECIMALS} decimals (`12.5`, `8.875`).
 * Values below 0 or above 100 are refused.
 */
export const percentSchema = z
  .number()
  .min(0, "A percentage is 0 or more")
  .max(100, "A percentage is at most 100")
  .refine((p) => Math.abs(p * 1_000 - Math.round(p * 1_000)) < 1e-6, `Use at most ${PERCENT_DECIMALS} decimal places`);

/** {@link percentSchema} for plain inputs (see core's `plainInput`): the number, or `UNSURE` to let zod decide. */
export const plainPercent: plainInput.Reader<number> = (value) =>
  typeof value === "number" && value >= 0 && value <= 100 && Math.abs(value * 1_000 - Math.round(value * 1_000)) < 1e-6
    ? value
    : plainInput.UNSURE;

/** A percentage as stored: thousandths of a percent (`12.5` → `12_500`). */
export function toStoredPercent(percent: number): number {
  return Math.round(percent * 1_000);
}

/** A stored percentage back as a number of percent (`12_500` → `12.5`). */
export function fromStoredPercent(stored: number | string): number {
  return Number(stored) / 1_000;
}
