import { idSchema, nameSchema, textSchema, userIdSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/** A skill name, compared case-insensitively (stored lower-case): `hvac`, `electrical`. */
export const skillSchema = textSchema().trim().toLowerCase().min(1).max(50);

/** A territory name (`north`, `berlin-mitte`), compared as given. */
export const territorySchema = textSchema().trim().min(1).max(100);

const technicianFields = {
  name: nameSchema,
  /** The host user who is this technician (their calendar gets the appointments). */
  userId: userIdSchema.nullable(),
  skills: z.array(skillSchema).max(100),
  territory: territorySchema.nullable(),
  /** Working hours, time zone and days off. */
  calendarId: idSchema("bcal"),
  active: z.boolean(),
};

/**
 * Input of `service.technicians.create`.
 *
 * @example
 * ```ts
 * await dispatcher.service.technicians.create({ name: "Tom", userId: "tom", skills: ["hvac"], territory: "north", calendarId: cal.id });
 * ```
 */
export const createTechnicianSchema = withRecordExtensions(
  z
    .object({
      ...technicianFields,
      userId: technicianFields.userId.default(null),
      skills: technicianFields.skills.default([]),
      territory: technicianFields.territory.default(null),
      active: technicianFields.active.default(true),
    })
    .strict(),
);
export type CreateTechnicianInput = z.input<typeof createTechnicianSchema>;

/** Input of `service.technicians.update`. */
export const updateTechnicianSchema = withRecordExtensions(z.object(technicianFields).partial().strict());
export type UpdateTechnicianInput = z.input<typeof updateTechnicianSchema>;
