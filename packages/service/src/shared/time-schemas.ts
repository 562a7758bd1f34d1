import { textSchema } from "@rapport/core";
import * as z from "zod";

/** An instant as ISO-8601 with an offset or `Z`; stored and returned as UTC (`2026-03-02T09:00:00.000Z`). */
export const instantSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** A calendar date, `YYYY-MM-DD`. */
export const localDateSchema = z.iso.date();

/** A time of day on a 24-hour clock, `HH:MM`; `24:00` means the end of the day. */
export const timeOfDaySchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "Use HH:MM on a 24-hour clock (00:00–24:00)");

/** An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`). */
export const timeZoneSchema = textSchema()
  .min(1)
  .max(64)
  .refine((zone) => isTimeZone(zone), "Unknown IANA time zone");

/** True when the runtime knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** Minutes in a `HH:MM` time of day. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
