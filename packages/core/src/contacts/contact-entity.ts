import { addressField } from "../accounts/address-schema.js";
import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { existingRecords } from "../entities/existing-records.js";
import { field } from "../entities/fields.js";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { ContactChannel, ContactEmail, ContactPhone } from "./contact-schema.js";
import { createContactSchema, plainCreateContact, plainUpdateContact, updateContactSchema } from "./contact-schema.js";

const contactFields = {
  accountId: field.nullableText(),
  firstName: field.nullableText(),
  lastName: field.nullableText(),
  /** First and last name joined; kept by core so lists can sort and search by the whole name. */
  fullName: field.text({ computed: true }),
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
  const archivedAt = (await existingRecords(op, "accounts", [accountId])).get(accountId);
  if (archivedAt === undefined) throw noAccount(accountId, []);
  if (archivedAt !== null) throw archivedAccount(accountId, []);
}

function assertNamed(contact: { firstName: string | null; lastName: string | null }, at: readonly PropertyKey[]): void {
  if (contact.firstName === null && contact.lastName === null) {
    throw ValidationError.forField([...at, "lastName"], "A contact needs a first or a last name");
  }
}

const noAccount = (accountId: string, at: readonly PropertyKey[]) =>
  ValidationError.forField([...at, "accountId"], `No account ${accountId} in this tenant`, { accountId });
const archivedAccount = (accountId: string, at: readonly PropertyKey[]) =>
  ValidationError.forField([...at, "accountId"], `Account ${accountId} is archived`, { accountId });

/** Contacts: the people the tenant deals with, usually at an account. */
export const contactEntity = defineEntity({
  type: "contact",
  table: "contacts",
  idPrefix: "con",
  fields: contactFields,
  createSchema: createContactSchema,
  plainCreate: plainCreateContact,
  patchSchema: updateContactSchema,
  plainPatch: plainUpdateContact,
  ownerField: "ownerId",
  // An account's activity timeline includes its contacts' calls, emails and meetings.
  parent: { type: "account", field: "accountId" },
  validate: async (next, before, op) => {
    assertNamed(next, []);
    if (next.accountId !== null && next.accountId !== before?.accountId) await assertAccountUsable(op, next.accountId);
  },
  validateMany: async (records, op) => {
    for (const [index, record] of records.entries()) assertNamed(record, [index]);
    const accounts = await existingRecords(
      op,
      "accounts",
      records.flatMap((r) => (r.accountId === null ? [] : [r.accountId])),
    );
    for (const [index, record] of records.entries()) {
      if (record.accountId === null) continue;
      const archivedAt = accounts.get(record.accountId);
      if (archivedAt === undefined) throw noAccount(record.accountId, [index]);
      if (archivedAt !== null) throw archivedAccount(record.accountId, [index]);
    }
  },
});

/** A contact as stored and returned. */
export type Contact = EntityRecord<typeof contactFields>;
