import { defineEntity, type EntityRecord, field } from "@rapport/core";
import {
  createBusinessCalendarSchema,
  type Holiday,
  updateBusinessCalendarSchema,
  type WorkingHours,
} from "./business-calendar-schema.js";

const calendarFields = {
  name: field.text(),
  timeZone: field.text(),
  workingHours: field.json<WorkingHours[]>(),
  holidays: field.json<Holiday[]>(),
};

/** Business calendars: working hours, time zone and holidays that SLA clocks and technicians work by. */
export const businessCalendarEntity = defineEntity({
  type: "business_calendar",
  table: "service_business_calendars",
  idPrefix: "bcal",
  fields: calendarFields,
  createSchema: createBusinessCalendarSchema.transform((input) => ({ ...input, holidays: input.holidays ?? [] })),
  patchSchema: updateBusinessCalendarSchema,
});

/** A business calendar as stored and returned. */
export type BusinessCalendar = EntityRecord<typeof calendarFields>;
