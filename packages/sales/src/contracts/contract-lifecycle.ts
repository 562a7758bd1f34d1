import {
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { addDays } from "../documents/dates.js";
import { refused, wrongStatus } from "../documents/document-errors.js";
import { loadForChange, writeChanges } from "../documents/record-verbs.js";
import { insertContract, todayOf } from "./contract-create.js";
import { type Contract, contractEntity } from "./contract-entity.js";
import { renewContractSchema, terminateContractSchema } from "./contract-schema.js";
import { sameTermEnd } from "./contract-term.js";

/** The contract facts its lifecycle events carry. */
export function contractEventData(contract: Contract) {
  return { id: contract.id, number: contract.number, accountId: contract.accountId, endDate: contract.endDate };
}

async function contractFor(
  op: OperationContext,
  id: string,
  action: string,
  statuses: readonly string[],
  verb: string,
  expectedVersion?: number,
): Promise<Contract> {
  const contract = await loadForChange(op, contractEntity, id, expectedVersion);
  await op.authorize(`contract:${action}`, {
    ownerId: contract.ownerId,
    createdBy: contract.createdBy,
    id: contract.id,
  });
  if (!statuses.includes(contract.status)) throw wrongStatus("contract", contract.id, contract.status, verb);
  return contract;
}

/** `contracts.activate`: a draft whose term has not ended becomes active. Emits `contract.activated`. */
export async function activateContract(op: OperationContext, id: string, options: WriteOptions): Promise<Contract> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const before = await contractFor(op, id, "activate", ["draft"], "activated", expectedVersion);
  if (before.endDate < todayOf(op)) {
    throw refused(`Contract ${before.id} ended on ${before.endDate}`, "document_status", { id: before.id });
  }
  const after = await writeChanges(
    op,
    contractEntity,
    before,
    { status: "active", activatedAt: op.timestamp },
    "activate",
  );
  op.emit("contract.activated", contractEventData(after));
  return after;
}

/** `contracts.terminate`: an active contract ends early, with a reason. Emits `contract.terminated`. */
export async function terminateContract(op: OperationContext, id: string, options: unknown): Promise<Contract> {
  const parsed = parseInput(terminateContractSchema, options);
  const before = await contractFor(op, id, "terminate", ["active"], "terminated", parsed.expectedVersion);
  const after = await writeChanges(
    op,
    contractEntity,
    before,
    { status: "terminated", endedAt: op.timestamp, terminationReason: parsed.reason },
    "terminate",
  );
  op.emit("contract.terminated", contractEventData(after));
  return after;
}

/** The part of the sales client renewal calls to open a renewal opportunity. */
interface OpportunityCreator {
  readonly sales: {
    readonly opportunities: { create(input: Record<string, unknown>): Promise<{ id: string }> };
  };
}

/** What a renewal changes. */
export interface RenewalTerms {
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  readonly value?: number | undefined;
  readonly createOpportunity?: boolean | undefined;
  readonly activate?: boolean | undefined;
}

/**
 * Renews `before` (locked, active or expired): the next contract follows on the day after
 * the end for the same term and value unless told otherwise, optionally with a renewal
 * opportunity; the current contract becomes `renewed`. Emits `contract.renewed`.
 */
export async function renewIn(
  op: OperationContext,
  before: Contract,
  terms: RenewalTerms,
): Promise<{ previous: Contract; next: Contract }> {
  const startDate = terms.startDate ?? addDays(before.endDate, 1);
  const endDate = terms.endDate ?? sameTermEnd(before.startDate, before.endDate, startDate);
  if (endDate < startDate) throw ValidationError.forField(["endDate"], "A contract cannot end before it starts");
  const value = terms.value ?? before.value;
  let renewalOpportunityId: string | null = null;
  if (terms.createOpportunity === true) {
    const opportunity = await (op.client() as OpportunityCreator).sales.opportunities.create({
      accountId: before.accountId,
      name: `Renewal: ${before.name}`.slice(0, 200),
      ownerId: before.ownerId,
      amount: value,
      currency: before.currency,
      closeDate: before.endDate,
      source: "renewal",
    });
    renewalOpportunityId = opportunity.id;
  }
  const next = await insertContract(
    op,
    {
      name: before.name,
      accountId: before.accountId,
      contactId: before.contactId,
      opportunityId: renewalOpportunityId ?? before.opportunityId,
      orderId: null,
      ownerId: before.ownerId,
      startDate,
      endDate,
      value,
      currency: before.currency,
      billingFrequency: before.billingFrequency,
      autoRenew: before.autoRenew,
      renewalNoticeDays: before.renewalNoticeDays,
      previousContractId: before.id,
    },
    terms.activate === true ? "active" : "draft",
  );
  const previous = await writeChanges(
    op,
    contractEntity,
    before,
    { status: "renewed", nextContractId: next.id, renewalOpportunityId, endedAt: before.endedAt ?? op.timestamp },
    "renew",
  );
  op.emit("contract.renewed", { ...contractEventData(previous), nextContractId: next.id, renewalOpportunityId });
  return { previous, next };
}

/** `contracts.renew`: renews an active or expired contract; returns the next contract. */
export async function renewContract(op: OperationContext, id: string, options: unknown): Promise<Contract> {
  const parsed = parseInput(renewContractSchema, options);
  const before = await contractFor(op, id, "renew", ["active", "expired"], "renewed", parsed.expectedVersion);
  return (await renewIn(op, before, parsed)).next;
}
