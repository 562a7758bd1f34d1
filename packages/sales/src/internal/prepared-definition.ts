import { defineEntity, type EntityDefinition, type FieldSpec } from "@rapport/core";
import * as z from "zod";

/** Values a verb has already validated and completed (defaults, derived fields), keyed by field name. */
const preparedValuesSchema = z.custom<Record<string, unknown>>(
  // Checked for shape only and passed on as is: a record schema would copy every value again.
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "Expected an object of prepared values",
);

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
    found = defineEntity({ ...definition, createSchema: preparedValuesSchema, patchSchema: preparedValuesSchema });
    prepared.set(definition, found);
  }
  return found as EntityDefinition<F, typeof preparedValuesSchema, typeof preparedValuesSchema>;
}
