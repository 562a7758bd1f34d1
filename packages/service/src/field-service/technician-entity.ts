import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { requireCalendar } from "../sla/sla-policy-entity.js";
import { createTechnicianSchema, updateTechnicianSchema } from "./technician-schema.js";

const technicianFields = {
  name: field.text(),
  userId: field.nullableText(),
  skills: field.json<string[]>(),
  territory: field.nullableText(),
  calendarId: field.text(),
  active: field.boolean(),
};

/** Field technicians: skills, territory and working hours (a business calendar). */
export const technicianEntity = defineEntity({
  type: "technician",
  table: "service_technicians",
  idPrefix: "tech",
  fields: technicianFields,
  createSchema: createTechnicianSchema.transform((input) => ({ ...input, skills: [...new Set(input.skills)] })),
  patchSchema: updateTechnicianSchema.transform((patch) =>
    patch.skills ? { ...patch, skills: [...new Set(patch.skills)] } : patch,
  ),
  validate: async (next, before, op) => {
    if (next.calendarId !== before?.calendarId) await requireCalendar(op, next.calendarId, ["calendarId"]);
  },
});

/** A technician as stored and returned. */
export type Technician = EntityRecord<typeof technicianFields>;
