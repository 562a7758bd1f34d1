import { addressField } from "../accounts/address-schema.js";
import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { ContactChannel, ContactEmail, ContactPhone } from "./contact-schema.js";
import { createContactSchema, updateContactSchema } from "./contact-schema.js";

const contactFields = {
  accountId: field.nullableText(),
  firstName: field.nullableText(),
  lastName: field.nullableText(),
  /** First and last name joined; kept by core so lists can sort and search by the whole name. */
  fullName: field.text(),
  title: field.nullableText(),
  emails: field.json<ContactEmail[]>(),
  /** The primary email address (lower case), kept by core for `findByEmail`; `null` without emails. */
  primaryEmail: field.nullableText(),
  phones: field.json<ContactPhone[]>(),
  mailingAddress: addressField(),
  doNotCall: field.boolean(),
  doNotEmail: field.boolean(),
  preferredChannel: field.nullableText<ContactChannel>(),
  language: field.nullableText(),
  ownerId: field.nullableText(),
};

async function assertAccountUsable(op: OperationContext, accountId: string): Promise<void> {
  const row = await op.db
    .selectFrom("accounts")
    .select("archived_at")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (!row) throw ValidationError.forField(["accountId"], `No account ${accountId} in this tenant`, { accountId });
  if (row.archived_at !== null)
    throw ValidationError.forField(["accountId"], `Account ${accountId} is archived`, { accountId });
}

/** Contacts: the people the tenant deals with, usually at an account. */
export const contactEntity = defineEntity({
  type: "contact",
  table: "contacts",
  idPrefix: "con",
  fields: contactFields,
  createSchema: createContactSchema,
  patchSchema: updateContactSchema,
  ownerField: "ownerId",
  // An account's activity timeline includes its contacts' calls, emails and meetings.
  parent: { type: "account", field: "accountId" },
  validate: async (next, before, op) => {
    if (next.firstName === null && next.lastName === null) {
      throw ValidationError.forField(["lastName"], "A contact needs a first or a last name");
    }
    if (next.accountId !== null && next.accountId !== before?.accountId) await assertAccountUsable(op, next.accountId);
  },
});

/** A contact as stored and returned. */
export type Contact = EntityRecord<typeof contactFields>;
