import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { DuplicateError, ValidationError } from "../kernel/errors.js";
import {
  type CustomFieldKind,
  defineCustomFieldSchema,
  updateCustomFieldSchema,
  valueSchema,
} from "./custom-field-schema.js";

const customFieldFields = {
  entityType: field.text(),
  key: field.text(),
  label: field.text(),
  kind: field.text<CustomFieldKind>(),
  required: field.boolean(),
  defaultValue: field.json<unknown>({ column: "default_value" }),
  options: field.json<string[] | null>(),
  currency: field.nullableText(),
};

/** Tenant-defined custom fields: one row per entity type and key. */
export const customFieldEntity = defineEntity({
  type: "custom_field",
  table: "rapport_custom_fields",
  idPrefix: "cfd",
  fields: customFieldFields,
  createSchema: defineCustomFieldSchema,
  patchSchema: updateCustomFieldSchema,
  validate: async (next, before, op) => {
    if (!op.knownEntityTypes().includes(next.entityType)) {
      throw ValidationError.forField(["entityType"], `Unknown entity type "${next.entityType}"`);
    }
    if (before?.options && next.options && before.options.some((o) => !next.options?.includes(o))) {
      throw ValidationError.forField(["options"], "Options can be added but not removed: records may hold them");
    }
    if (next.defaultValue !== null && next.defaultValue !== undefined) {
      const result = valueSchema(next).safeParse(next.defaultValue);
      if (!result.success)
        throw ValidationError.forField(["defaultValue"], `Default does not fit a ${next.kind} field`);
    }
    if (before === null) {
      const clash = await op.db
        .selectFrom("rapport_custom_fields")
        .select("id")
        .where("tenant_id", "=", op.tenantId)
        .where("entity_type", "=", next.entityType)
        .where("key", "=", next.key)
        .executeTakeFirst();
      if (clash)
        throw new DuplicateError(`${next.entityType} already has a custom field "${next.key}"`, {
          details: { id: clash.id },
        });
    }
  },
});

/** A custom field definition as stored and returned. */
export type CustomField = EntityRecord<typeof customFieldFields>;
