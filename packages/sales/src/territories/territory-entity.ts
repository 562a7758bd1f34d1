import {
  customValuesSchema,
  defineEntity,
  type EntityRecord,
  externalIdsSchema,
  field,
  longTextSchema,
  nameSchema,
  userIdSchema,
} from "@rapport/core";
import * as z from "zod";
import { countrySchema } from "../leads/contact-normalise.js";

const territoryInput = {
  name: nameSchema,
  description: longTextSchema.max(2_000).nullable(),
  /** ISO 3166-1 alpha-2 codes of the countries the territory covers. */
  countries: z.array(countrySchema).max(300),
  /** The reps who work the territory; rules without their own users route among them. */
  userIds: z.array(userIdSchema).max(500),
  custom: customValuesSchema,
  externalIds: externalIdsSchema,
};

function uniqueLists(
  value: { countries?: readonly string[] | undefined; userIds?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
) {
  for (const key of ["countries", "userIds"] as const) {
    const list = value[key] ?? [];
    list.forEach((item, index) => {
      if (list.indexOf(item) !== index)
        ctx.addIssue({ code: "custom", path: [key, index], message: `"${item}" is listed twice` });
    });
  }
}

/**
 * Input of `territories.create`: a named set of countries and the reps who work them.
 *
 * @example
 * ```ts
 * await manager.sales.territories.create({ name: "DACH", countries: ["DE", "AT", "CH"], userIds: ["jonas", "lea"] });
 * ```
 */
export const createTerritorySchema = z
  .object({
    ...territoryInput,
    description: territoryInput.description.optional(),
    countries: territoryInput.countries.default([]),
    userIds: territoryInput.userIds.default([]),
    custom: territoryInput.custom.optional(),
    externalIds: territoryInput.externalIds.optional(),
  })
  .strict()
  .superRefine(uniqueLists);
export type CreateTerritoryInput = z.input<typeof createTerritorySchema>;

/** Input of `territories.update`; lists are replaced whole. */
export const updateTerritorySchema = z.object(territoryInput).partial().strict().superRefine(uniqueLists);
export type UpdateTerritoryInput = z.input<typeof updateTerritorySchema>;

const territoryFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  countries: field.json<string[]>(),
  userIds: field.json<string[]>(),
};

/** Territories: where leads come from, and who works them. A lead belongs to the first territory covering its country. */
export const territoryEntity = defineEntity({
  type: "territory",
  table: "sales_territories",
  idPrefix: "terr",
  fields: territoryFields,
  createSchema: createTerritorySchema,
  patchSchema: updateTerritorySchema,
});

/** A territory as stored and returned. */
export type Territory = EntityRecord<typeof territoryFields>;
