import * as z from "zod";
import { addDays, addMonths } from "../documents/dates.js";
import { dateSchema } from "../opportunities/opportunity-schema.js";

/** The lengths of quota and forecast periods. */
export const PERIOD_TYPES = ["month", "quarter", "year"] as const;
/** One of {@link PERIOD_TYPES}. */
export type PeriodType = (typeof PERIOD_TYPES)[number];

const MONTHS: Readonly<Record<PeriodType, number>> = { month: 1, quarter: 3, year: 12 };

/** Whether `start` is the first day of a period of this type (a month's 1st, Jan/Apr/Jul/Oct 1st, Jan 1st). */
export function isPeriodStart(type: PeriodType, start: string): boolean {
  const [, month, day] = start.split("-").map(Number) as [number, number, number];
  if (day !== 1) return false;
  if (type === "quarter") return (month - 1) % 3 === 0;
  if (type === "year") return month === 1;
  return true;
}

/** The last day of the period of `type` starting on `start`. */
export function periodEnd(type: PeriodType, start: string): string {
  return addDays(addMonths(start, MONTHS[type]), -1);
}

/**
 * A calendar period: a month, a quarter or a year, named by its first day
 * (`{ type: "quarter", start: "2026-04-01" }`).
 */
export const periodSchema = z
  .object({ type: z.enum(PERIOD_TYPES), start: dateSchema })
  .strict()
  .refine((period) => isPeriodStart(period.type, period.start), {
    path: ["start"],
    message: "A period starts on the first day of its month, quarter or year",
  });
/** What a period input accepts. */
export type PeriodInput = z.input<typeof periodSchema>;

/** A period with both ends, as stored and reported. */
export interface Period {
  readonly type: PeriodType;
  readonly start: string;
  /** The last day, included. */
  readonly end: string;
}

/** A validated period with its end. */
export function toPeriod(period: z.output<typeof periodSchema>): Period {
  return { type: period.type, start: period.start, end: periodEnd(period.type, period.start) };
}
