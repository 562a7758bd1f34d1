import * as z from "zod";
import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import type { User } from "./user-schema.js";

const userFields = {
  name: field.text(),
  email: field.nullableText(),
  active: field.boolean(),
  managerId: field.nullableText(),
  territory: field.nullableText(),
  title: field.nullableText(),
};

/**
 * User profiles as a record of the record layer, so `users.upsert` writes through it. Ids
 * are the host's (passed as `id` to `insert`), so `idPrefix` is never used to make one.
 * Not in the users part's `entities`: other records do not link to profiles by `recordRef`.
 */
export const userEntity = defineEntity({
  type: "user",
  table: "rapport_users",
  idPrefix: "user",
  fields: userFields,
  // `users.upsert` validates with its own schema; the generic service is not built for users.
  createSchema: z.object({}).strict(),
  patchSchema: z.object({}).strict(),
});

/** A stored profile record. */
export type UserRecord = EntityRecord<typeof userFields>;

/** The public {@link User} of a profile record (profiles carry no custom fields, tags or external ids). */
export function toUserProfile(record: UserRecord): User {
  return {
    id: record.id,
    tenantId: record.tenantId,
    name: record.name,
    email: record.email,
    active: record.active,
    managerId: record.managerId,
    territory: record.territory,
    title: record.title,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
  };
}
