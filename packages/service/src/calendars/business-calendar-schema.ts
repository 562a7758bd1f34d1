import { nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { localDateSchema, minutesOfDay, timeOfDaySchema, timeZoneSchema } from "../shared/time-schemas.js";

/** One block of working time on a weekday (ISO: 1 = Monday … 7 = Sunday), in the calendar's time zone. */
export const workingHoursSchema = z
  .object({
    weekday: z.number().int().min(1).max(7),
    /** `HH:MM`, inclusive. */
    start: timeOfDaySchema,
    /** `HH:MM`, exclusive; `24:00` runs to midnight. MUST be after `start`. */
    end: timeOfDaySchema,
  })
  .strict();
export type WorkingHours = z.output<typeof workingHoursSchema>;

/** A day or a range of days off, inclusive, as local dates of the calendar. `end` defaults to `start`. */
export const holidaySchema = z
  .object({
    name: nameSchema,
    start: localDateSchema,
    end: localDateSchema.optional(),
  })
  .strict()
  .transform((holiday) => ({ name: holiday.name, start: holiday.start, end: holiday.end ?? holiday.start }));
export type Holiday = z.output<typeof holidaySchema>;
export type HolidayInput = z.input<typeof holidaySchema>;

const workingHoursListSchema = z
  .array(workingHoursSchema)
  .min(1, "A business calendar needs at least one block of working hours")
  .max(70)
  .superRefine(checkWorkingHours);

const holidayListSchema = z.array(holidaySchema).max(1_000).superRefine(checkHolidays);

function checkWorkingHours(blocks: readonly WorkingHours[], ctx: z.RefinementCtx): void {
  blocks.forEach((block, index) => {
    if (minutesOfDay(block.end) <= minutesOfDay(block.start)) {
      ctx.addIssue({ code: "custom", path: [index, "end"], message: "end must be after start" });
    }
  });
  const ordered = blocks
    .map((block, index) => ({ block, index }))
    .sort((a, b) => a.block.weekday - b.block.weekday || minutesOfDay(a.block.start) - minutesOfDay(b.block.start));
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    if (!previous || !current || previous.block.weekday !== current.block.weekday) continue;
    if (minutesOfDay(current.block.start) < minutesOfDay(previous.block.end)) {
      ctx.addIssue({
        code: "custom",
        path: [current.index],
        message: `Overlaps the working hours at index ${previous.index}`,
      });
    }
  }
}

// Overlapping holiday ranges are refused: they usually mean a typo, and they make "days off" ambiguous.
function checkHolidays(holidays: readonly Holiday[], ctx: z.RefinementCtx): void {
  holidays.forEach((holiday, index) => {
    if (holiday.end < holiday.start)
      ctx.addIssue({ code: "custom", path: [index, "end"], message: "end must not be before start" });
  });
  const ordered = holidays
    .map((holiday, index) => ({ holiday, index }))
    .sort((a, b) => a.holiday.start.localeCompare(b.holiday.start));
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1];
    const current = ordered[i];
    if (previous && current && current.holiday.start <= previous.holiday.end) {
      ctx.addIssue({
        code: "custom",
        path: [current.index],
        message: `Holiday "${current.holiday.name}" overlaps "${previous.holiday.name}" (${previous.holiday.start}–${previous.holiday.end})`,
      });
    }
  }
}

/**
 * Input of `service.calendars.create`: working hours per weekday in an IANA time zone and
 * holidays. Overlapping working hours or holiday ranges are a `ValidationError`.
 *
 * @example
 * ```ts
 * await client.service.calendars.create({
 *   name: "Berlin office",
 *   timeZone: "Europe/Berlin",
 *   workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
 *   holidays: [{ name: "Christmas", start: "2026-12-24", end: "2026-12-26" }],
 * });
 * ```
 */
export const createBusinessCalendarSchema = withRecordExtensions(
  z
    .object({
      name: nameSchema,
      timeZone: timeZoneSchema,
      workingHours: workingHoursListSchema,
      holidays: holidayListSchema.optional(),
    })
    .strict(),
);
export type CreateBusinessCalendarInput = z.input<typeof createBusinessCalendarSchema>;

/** Input of `service.calendars.update`: `workingHours` and `holidays` replace the whole list. */
export const updateBusinessCalendarSchema = withRecordExtensions(
  z
    .object({
      name: nameSchema,
      timeZone: timeZoneSchema,
      workingHours: workingHoursListSchema,
      holidays: holidayListSchema,
    })
    .partial()
    .strict(),
);
export type UpdateBusinessCalendarInput = z.input<typeof updateBusinessCalendarSchema>;
