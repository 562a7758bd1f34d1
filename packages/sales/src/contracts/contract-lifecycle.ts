import {
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { addDays } from "../documents/dates.js";
import { assertDocumentState, invalidTransition } from "../errors.js";
import { contractIdSchema, insertContract, todayOf } from "./contract-create.js";
import { type Contract, contractEntity } from "./contract-entity.js";
import { renewContractSchema, terminateContractSchema } from "./contract-schema.js";
import { sameTermEnd } from "./contract-term.js";

/** The contract facts its lifecycle events carry, at the version the verb wrote. */
export function contractEventData(contract: Contract) {
  return {
    id: contract.id,
    version: contract.version,
    number: contract.number,
    accountId: contract.accountId,
    endDate: contract.endDate,
  };
}

/** `contracts.activate`: a draft whose term has not ended becomes active. Emits `contract.activated`. */
export async function activateContract(op: OperationContext, id: string, options: WriteOptions): Promise<Contract> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const contracts = op.records(contractEntity);
  const before = await contracts.loadForChange(parseInput(contractIdSchema, id), {
    expectedVersion,
    authorize: "activate",
  });
  assertDocumentState(contracts, before, "activate", ["draft"]);
  if (before.endDate < todayOf(op)) {
    throw invalidTransition(`Contract ${before.id} ended on ${before.endDate}`, "document_status", { id: before.id });
  }
  return contracts.change(
    before,
    { status: "active", activatedAt: op.timestamp },
    { action: "activate", events: (after) => [{ type: "contract.activated", data: contractEventData(after) }] },
  );
}

/** `contracts.terminate`: an active contract ends early, with a reason. Emits `contract.terminated`. */
export async function terminateContract(op: OperationContext, id: string, options: unknown): Promise<Contract> {
  const parsed = parseInput(terminateContractSchema, options);
  const contracts = op.records(contractEntity);
  const before = await contracts.loadForChange(parseInput(contractIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "terminate",
  });
  assertDocumentState(contracts, before, "terminate", ["active"]);
  return contracts.change(
    before,
    { status: "terminated", endedAt: op.timestamp, terminationReason: parsed.reason },
    { action: "terminate", events: (after) => [{ type: "contract.terminated", data: contractEventData(after) }] },
  );
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
    const client: unknown = op.client();
    const opportunity = await (client as OpportunityCreator).sales.opportunities.create({
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
  return {
    previous: await op.records(contractEntity).change(
      before,
      { status: "renewed", nextContractId: next.id, renewalOpportunityId, endedAt: before.endedAt ?? op.timestamp },
      {
        action: "renew",
        events: (after) => [
          {
            type: "contract.renewed",
            data: { ...contractEventData(after), nextContractId: next.id, renewalOpportunityId },
          },
        ],
      },
    ),
    next,
  };
}

/** `contracts.renew`: renews an active or expired contract; returns the next contract. */
export async function renewContract(op: OperationContext, id: string, options: unknown): Promise<Contract> {
  const parsed = parseInput(renewContractSchema, options);
  const contracts = op.records(contractEntity);
  const before = await contracts.loadForChange(parseInput(contractIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "renew",
  });
  assertDocumentState(contracts, before, "renew", ["active", "expired"]);
  return (await renewIn(op, before, parsed)).next;
}
