import { DuplicateError, defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { isMissing } from "../internal/missing-link.js";
import {
  createPartnerSchema,
  PARTNER_TIERS,
  PARTNER_TYPES,
  type PartnerTier,
  type PartnerType,
  updatePartnerSchema,
} from "./partner-schema.js";

const partnerFields = {
  accountId: field.text(),
  partnerType: field.text<PartnerType>({ values: PARTNER_TYPES }),
  tier: field.text<PartnerTier>({ values: PARTNER_TIERS }),
  active: field.boolean(),
  ownerId: field.nullableText(),
  notes: field.nullableText({ filterable: false, sortable: false }),
};

/** A partner: an account that sells for the tenant, with its type and tier. */
export type Partner = EntityRecord<typeof partnerFields>;

/** Partners: agents, wholesalers, retailers, resellers… one per account. */
export const partnerEntity = defineEntity({
  type: "partner",
  table: "sales_partners",
  idPrefix: "prt",
  fields: partnerFields,
  createSchema: createPartnerSchema,
  patchSchema: updatePartnerSchema,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    if (before !== null) return;
    try {
      await op.recordRef("account", next.accountId);
    } catch (error) {
      if (!isMissing(error)) throw error;
      throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
    }
    // Names the holder; a concurrent insert for the same account is still caught by the unique index.
    const holder = await op.db
      .selectFrom("sales_partners")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("account_id", "=", next.accountId)
      .executeTakeFirst();
    if (holder) {
      throw new DuplicateError(`Account ${next.accountId} is already partner ${holder.id}`, {
        details: { accountId: next.accountId, existingId: holder.id },
      });
    }
  },
});
