import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { DuplicateError, ValidationError } from "../kernel/errors.js";
import type { RecordScope } from "../permissions/permission-catalog.js";
import { defineRoleSchema, updateRoleSchema } from "./role-schema.js";

const roleFields = {
  name: field.text(),
  label: field.nullableText(),
  grants: field.json<Record<string, RecordScope>>(),
  hiddenFields: field.json<Record<string, string[]>>({ column: "hidden_fields" }),
  readOnlyFields: field.json<Record<string, string[]>>({ column: "read_only_fields" }),
};

/** A tenant-defined role: grants must name declared permissions; default role names are taken. */
export const roleEntity = defineEntity({
  type: "role",
  table: "rapport_roles",
  idPrefix: "rol",
  fields: roleFields,
  createSchema: defineRoleSchema.transform((input) => ({ hiddenFields: {}, readOnlyFields: {}, ...input })),
  patchSchema: updateRoleSchema,
  validate: async (next, before, op) => {
    const rules = await op.policy();
    const unknown = Object.keys(next.grants).filter((permission) => !rules.isKnown(permission));
    if (unknown.length > 0) throw ValidationError.forField(["grants"], `Unknown permission(s): ${unknown.join(", ")}`);
    if (before !== null) return;
    if (rules.isDefaultRole(next.name)) throw new DuplicateError(`"${next.name}" is a default role`);
    const clash = await op.db
      .selectFrom("rapport_roles")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("name", "=", next.name)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (clash) throw new DuplicateError(`Role "${next.name}" already exists`, { details: { id: clash.id } });
  },
});

/** A tenant-defined role as stored and returned. */
export type Role = EntityRecord<typeof roleFields>;
