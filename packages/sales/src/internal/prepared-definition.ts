import { defineEntity, type EntityDefinition, type FieldSpec } from "@rapport/core";
import { plainInput } from "@rapport/core/internals";
import * as z from "zod";

/** An object, not an array: the shape prepared values are checked for. */
function isValuesObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Values a verb has already validated and completed (defaults, derived fields), keyed by field name. */
export const preparedValuesSchema = z.custom<Record<string, unknown>>(
  // Checked for shape only and passed on as is: a record schema would copy every value again.
  isValuesObject,
  "Expected an object of prepared values",
);

/** {@link preparedValuesSchema} without zod's parse machinery: the same check, the values as they are. */
export const plainPreparedValues: plainInput.Reader<Record<string, unknown>> = (value) =>
  isValuesObject(value) ? value : plainInput.UNSURE;

/** The schemas and readers of an entity whose verbs hand the generic service prepared values. */
export const PREPARED_INPUT = {
  createSchema: preparedValuesSchema,
  patchSchema: preparedValuesSchema,
  plainCreate: plainPreparedValues,
  plainPatch: plainPreparedValues,
} as const;

/** One prepared definition per entity, so the generic service's per-definition setup is reused. */
const prepared = new WeakMap<object, EntityDefinition<any, typeof preparedValuesSchema, typeof preparedValuesSchema>>();

/**
 * The same entity with create and patch schemas that accept prepared values. Verbs parse
 * the public input themselves, add what needs the database (a pipeline's first stage, a
 * routed owner) or set fields the public patch does not expose, then write through the
 * generic service so custom fields, hooks, permissions, audit and events still apply.
 */
export function preparedDefinition<F extends Record<string, FieldSpec>>(
  definition: EntityDefinition<F, z.ZodType, z.ZodType>,
): EntityDefinition<F, typeof preparedValuesSchema, typeof preparedValuesSchema> {
  let found = prepared.get(definition);
  if (!found) {
    found = defineEntity({ ...definition, ...PREPARED_INPUT });
    prepared.set(definition, found);
  }
  return found as EntityDefinition<F, typeof preparedValuesSchema, typeof preparedValuesSchema>;
}
