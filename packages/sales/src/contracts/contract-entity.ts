import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { checkDocumentLinks } from "../documents/record-links.js";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import type { BillingFrequency, ContractStatus } from "./contract-schema.js";
import { BILLING_FREQUENCIES, CONTRACT_STATUSES } from "./contract-schema.js";

const contractFields = {
  /** Per tenant, 1, 2, 3… */
  number: field.integer(),
  name: field.text(),
  accountId: field.text(),
  contactId: field.nullableText(),
  opportunityId: field.nullableText(),
  orderId: field.nullableText(),
  ownerId: field.nullableText(),
  startDate: field.text(),
  endDate: field.text(),
  value: field.integer(),
  currency: field.text(),
  billingFrequency: field.text<BillingFrequency>({ values: BILLING_FREQUENCIES }),
  autoRenew: field.boolean(),
  status: field.text<ContractStatus>({ values: CONTRACT_STATUSES }),
  renewalNoticeDays: field.integer(),
  /** `endDate − renewalNoticeDays`: when `contract.renewal_due` fires. */
  renewalDueOn: field.text(),
  renewalNotifiedAt: field.nullableTimestamp(),
  activatedAt: field.nullableTimestamp(),
  endedAt: field.nullableTimestamp(),
  terminationReason: field.nullableText({ filterable: false, sortable: false }),
  previousContractId: field.nullableText(),
  nextContractId: field.nullableText(),
  renewalOpportunityId: field.nullableText(),
};

/** A sales contract: an account's term, value and billing, from draft to its end or renewal. */
export type Contract = EntityRecord<typeof contractFields>;

/** Sales contracts: from an order or standalone, renewed term after term. */
export const contractEntity = defineEntity({
  type: "contract",
  table: "sales_contracts",
  idPrefix: "ctr",
  fields: contractFields,
  ...PREPARED_INPUT,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    if (next.endDate < next.startDate) {
      throw ValidationError.forField(["endDate"], "A contract cannot end before it starts");
    }
    await checkDocumentLinks(op, next, before);
  },
});
