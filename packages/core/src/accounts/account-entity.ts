import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { ValidationError } from "../kernel/errors.js";
import { assertValidParent } from "./account-hierarchy.js";
import type { AccountType } from "./account-schema.js";
import { createAccountSchema, plainCreateAccount, plainUpdateAccount, updateAccountSchema } from "./account-schema.js";
import { addressField } from "./address-schema.js";

const accountFields = {
  name: field.text(),
  type: field.text<AccountType>(),
  industry: field.nullableText(),
  website: field.nullableText(),
  description: field.nullableText({ filterable: false, sortable: false }),
  ownerId: field.nullableText(),
  annualRevenue: field.nullableInteger(),
  currency: field.nullableText(),
  parentId: field.nullableText(),
  employeeCount: field.nullableInteger(),
  billingAddress: addressField(),
  shippingAddress: addressField(),
};

/** Accounts: the companies the tenant deals with — customers, prospects, partners, competitors, suppliers. */
export const accountEntity = defineEntity({
  type: "account",
  table: "accounts",
  idPrefix: "acc",
  fields: accountFields,
  createSchema: createAccountSchema,
  plainCreate: plainCreateAccount,
  patchSchema: updateAccountSchema,
  plainPatch: plainUpdateAccount,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    if (next.annualRevenue !== null && next.currency === null) {
      throw ValidationError.forField(["currency"], "A currency is required with annualRevenue");
    }
    if (next.parentId !== null && next.parentId !== before?.parentId) {
      await assertValidParent(op, next.id, next.parentId, before === null);
    }
  },
});

/** An account as stored and returned. */
export type Account = EntityRecord<typeof accountFields>;
