import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { requireAccount } from "../shared/peers.js";
import { createContractSchema, updateContractSchema } from "./contract-schema.js";

const contractFields = {
  accountId: field.text(),
  name: field.text(),
  tier: field.nullableText(),
  startDate: field.text(),
  endDate: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
};

/** Service contracts: what an account bought in support, for a period, at a tier. */
export const contractEntity = defineEntity({
  type: "service_contract",
  table: "service_contracts",
  idPrefix: "scon",
  fields: contractFields,
  createSchema: createContractSchema,
  patchSchema: updateContractSchema,
  parent: { type: "account", field: "accountId" },
  validate: async (next, before, op) => {
    if (next.endDate < next.startDate)
      throw ValidationError.forField(["endDate"], "endDate must not be before startDate");
    if (before === null) await requireAccount(op, next.accountId, ["accountId"]);
  },
});

/** A service contract as stored and returned. */
export type ServiceContract = EntityRecord<typeof contractFields>;
