import { addDays, addMonths, daysBetween } from "../documents/dates.js";

/**
 * The end of a term starting on `start` as long as `startDate..endDate`: whole calendar
 * months when the term is whole months (Jan 1 – Dec 31 → the next Jan 1 – Dec 31, leap
 * years included), else the same number of days.
 */
export function sameTermEnd(startDate: string, endDate: string, start: string): string {
  const dayAfter = addDays(endDate, 1);
  for (let months = 1; months <= 1_200; months++) {
    const candidate = addMonths(startDate, months);
    if (candidate === dayAfter) return addDays(addMonths(start, months), -1);
    if (candidate > dayAfter) break;
  }
  return addDays(start, daysBetween(startDate, endDate));
}

/** The last day of a term of `months` months starting on `start`. */
export function endAfterMonths(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}

/** When `contract.renewal_due` fires: `noticeDays` before the end. */
export function renewalDueOn(endDate: string, noticeDays: number): string {
  return addDays(endDate, -noticeDays);
}
