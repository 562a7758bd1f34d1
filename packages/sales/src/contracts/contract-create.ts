import {
  boundContext,
  createEntityService,
  idSchema,
  type OperationContext,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { nextNumber } from "../documents/document-number.js";
import { assertDocumentState, invalidTransition } from "../errors.js";
import { orderEntity } from "../orders/order-entity.js";
import { settingsOf } from "../settings/settings-service.js";
import { type Contract, contractEntity } from "./contract-entity.js";
import { createContractSchema, fromOrderSchema, updateContractSchema } from "./contract-schema.js";
import { endAfterMonths, renewalDueOn } from "./contract-term.js";

/** The values of a new contract; the number, status and renewal date are added here. */
export type NewContract = Record<string, unknown> & {
  readonly endDate: string;
  readonly renewalNoticeDays?: number | undefined;
};

/**
 * Writes a new contract (draft unless `status` says otherwise), numbered and with its
 * renewal date; `contract.create` hooks see the values first.
 */
export async function insertContract(op: OperationContext, values: NewContract, status = "draft"): Promise<Contract> {
  const noticeDays = values.renewalNoticeDays ?? (await settingsOf(op)).renewalNoticeDays;
  const record = await op.before("contract.create", {
    ...values,
    number: await nextNumber(op, "contract"),
    status,
    renewalNoticeDays: noticeDays,
    renewalDueOn: renewalDueOn(values.endDate, noticeDays),
    activatedAt: status === "active" ? op.timestamp : null,
  });
  const [contract] = await op.records(contractEntity).insert([record]);
  return contract as Contract;
}

/** Checks a contract id's shape before it is looked up (`ValidationError`). */
export const contractIdSchema = idSchema(contractEntity.idPrefix);

/** `contracts.create`: a standalone draft contract. */
export async function createContract(op: OperationContext, input: unknown): Promise<Contract> {
  const parsed = parseInput(createContractSchema, input);
  await op.authorize("contract:create");
  await op.records(contractEntity).assertWritable(parsed, { create: true });
  return insertContract(op, {
    ...parsed,
    name: parsed.name ?? "Contract",
    autoRenew: parsed.autoRenew ?? false,
    opportunityId: parsed.opportunityId ?? null,
    orderId: null,
  });
}

/** Orders a contract can be made from: confirmed or (partly) fulfilled. */
const CONTRACTABLE = ["confirmed", "partially_fulfilled", "fulfilled"];

/** `contracts.createFromOrder`: a draft contract for the order's account, worth its net total. */
export async function createContractFromOrder(
  op: OperationContext,
  orderId: string,
  options: unknown,
): Promise<Contract> {
  const parsed = parseInput(fromOrderSchema, options);
  await op.authorize("contract:create");
  const order = await op.records(orderEntity).get(parseInput(idSchema(orderEntity.idPrefix), orderId));
  if (!CONTRACTABLE.includes(order.status)) {
    throw invalidTransition(`Order ${order.id} is ${order.status}; confirm it first`, "document_status", {
      id: order.id,
      status: order.status,
    });
  }
  const startDate = parsed.startDate ?? order.orderDate;
  const endDate = parsed.endDate ?? endAfterMonths(startDate, parsed.termMonths ?? 12);
  const { termMonths: _t, ...rest } = parsed;
  // Re-check the defaulted dates: an explicit end date before the order date is still refused.
  const checked = parseInput(createContractSchema, {
    accountId: order.accountId,
    startDate,
    endDate,
    value: order.netTotal,
    currency: order.currency,
    billingFrequency: parsed.billingFrequency,
  });
  return insertContract(op, {
    ...rest,
    ...checked,
    name: parsed.name ?? `Order SO-${String(order.number).padStart(5, "0")}`,
    autoRenew: parsed.autoRenew ?? false,
    contactId: order.contactId,
    opportunityId: order.opportunityId,
    orderId: order.id,
    ownerId: order.ownerId,
  });
}

/** `contracts.update`: changes a draft; the renewal date follows the end date and notice. */
export async function updateContract(
  op: OperationContext,
  id: string,
  patch: unknown,
  options: WriteOptions,
): Promise<Contract> {
  const parsed = parseInput(updateContractSchema, patch);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const contracts = op.records(contractEntity);
  const before = await contracts.loadForChange(parseInput(contractIdSchema, id), {
    expectedVersion,
    authorize: "update",
  });
  assertDocumentState(contracts, before, "change", ["draft"]);
  const endDate = parsed.endDate ?? before.endDate;
  const noticeDays = parsed.renewalNoticeDays ?? before.renewalNoticeDays;
  return createEntityService(boundContext(op), contractEntity).update(
    before.id,
    { ...parsed, renewalDueOn: renewalDueOn(endDate, noticeDays) },
    { expectedVersion: before.version },
  );
}

/** Today in the operation's clock. */
export function todayOf(op: OperationContext): string {
  return dateOf(op.timestamp);
}
