import {
  customValuesSchema,
  defineEntity,
  type EntityRecord,
  externalIdsSchema,
  field,
  longTextSchema,
  nameSchema,
} from "@rapport/core";
import * as z from "zod";

const lostReasonInput = {
  name: nameSchema,
  description: longTextSchema.max(2_000).nullable(),
  custom: customValuesSchema,
  externalIds: externalIdsSchema,
};

/** Input of `lostReasons.create`: a reason the tenant records when an opportunity is lost. */
export const createLostReasonSchema = z
  .object({
    ...lostReasonInput,
    description: lostReasonInput.description.optional(),
    custom: lostReasonInput.custom.optional(),
    externalIds: lostReasonInput.externalIds.optional(),
  })
  .strict();
export type CreateLostReasonInput = z.input<typeof createLostReasonSchema>;

/** Input of `lostReasons.update`. */
export const updateLostReasonSchema = z.object(lostReasonInput).partial().strict();
export type UpdateLostReasonInput = z.input<typeof updateLostReasonSchema>;

const lostReasonFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
};

/** Lost reasons: the tenant's list of why deals are lost ("Price", "No decision"). Archived reasons cannot be chosen. */
export const lostReasonEntity = defineEntity({
  type: "lost_reason",
  table: "sales_lost_reasons",
  idPrefix: "lrsn",
  fields: lostReasonFields,
  createSchema: createLostReasonSchema,
  patchSchema: updateLostReasonSchema,
});

/** A lost reason as stored and returned. */
export type LostReason = EntityRecord<typeof lostReasonFields>;

/** The lost reasons every tenant starts with. */
export const DEFAULT_LOST_REASONS: readonly CreateLostReasonInput[] = [
  { name: "Price", description: "The buyer found the offer too expensive." },
  { name: "Product fit", description: "The product lacked something the buyer needed." },
  { name: "Lost to competitor", description: "The buyer chose a competitor." },
  { name: "No decision", description: "The buyer did not buy at all." },
  { name: "Timing", description: "The buyer postponed the purchase." },
];
