import {
  createEntityService,
  type OperationContext,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { refused, wrongStatus } from "../documents/document-errors.js";
import { nextNumber } from "../documents/document-number.js";
import { loadForChange } from "../documents/record-verbs.js";
import { boundContext } from "../internal/bound-context.js";
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

/** Writes a new contract (draft unless `status` says otherwise), numbered and with its renewal date. */
export async function insertContract(op: OperationContext, values: NewContract, status = "draft"): Promise<Contract> {
  const noticeDays = values.renewalNoticeDays ?? (await settingsOf(op)).renewalNoticeDays;
  const record: Record<string, unknown> = {
    ...values,
    number: await nextNumber(op, "contract"),
    status,
    renewalNoticeDays: noticeDays,
    renewalDueOn: renewalDueOn(values.endDate, noticeDays),
    activatedAt: status === "active" ? op.timestamp : null,
  };
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return createEntityService(boundContext(op), contractEntity).create(record);
}

/** `contracts.create`: a standalone draft contract. */
export async function createContract(op: OperationContext, input: unknown): Promise<Contract> {
  const parsed = parseInput(createContractSchema, input);
  await op.authorize("contract:create");
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
  const order = await createEntityService(boundContext(op), orderEntity).get(orderId);
  if (!CONTRACTABLE.includes(order.status)) {
    throw refused(`Order ${order.id} is ${order.status}; confirm it first`, "document_status", {
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
  const before = await loadForChange(op, contractEntity, id, expectedVersion);
  if (before.status !== "draft") throw wrongStatus("contract", before.id, before.status, "changed");
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
