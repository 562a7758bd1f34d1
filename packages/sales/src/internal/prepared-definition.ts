import { defineEntity, type EntityDefinition, type FieldSpec } from "@rapport/core";
import * as z from "zod";

/** Values a verb has already validated and completed (defaults, derived fields), keyed by field name. */
const preparedValuesSchema = z.record(z.string(), z.unknown());

/**
 * The same entity with create and patch schemas that accept prepared values. Verbs parse
 * the public input themselves, add what needs the database (a pipeline's first stage, a
 * routed owner) or set fields the public patch does not expose, then write through the
 * generic service so custom fields, hooks, permissions, audit and events still apply.
 */
export function preparedDefinition<F extends Record<string, FieldSpec>>(
  definition: EntityDefinition<F, z.ZodType, z.ZodType>,
): EntityDefinition<F, typeof preparedValuesSchema, typeof preparedValuesSchema> {
  return defineEntity({ ...definition, createSchema: preparedValuesSchema, patchSchema: preparedValuesSchema });
}
