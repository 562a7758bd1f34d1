import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";
import type { CaptureOutcome } from "./leads/capture-schema.js";
import type { LeadSource } from "./leads/lead-schema.js";

/** Payload of `lead.captured`: a web-to-lead submission was accepted (replays of the same key emit nothing). */
export interface LeadCapturedData {
  readonly captureId: string;
  /** `created` a new lead, or attached the submission to an open lead or an existing contact. */
  readonly outcome: CaptureOutcome;
  readonly leadId: string | null;
  readonly contactId: string | null;
  /** Set when a lead rule converted the submission straight into an opportunity. */
  readonly opportunityId: string | null;
  readonly source: LeadSource;
}

/** Payload of `lead.converted`: a qualified lead became (or joined) an account, a contact and an opportunity. */
export interface LeadConvertedData {
  readonly leadId: string;
  readonly accountId: string;
  readonly contactId: string | null;
  readonly opportunityId: string | null;
}

/** Payload of `opportunity.stage_changed`, also emitted when `win`/`lose` move it to the closing stage. */
export interface OpportunityStageChangedData {
  readonly id: string;
  readonly version: number;
  readonly pipelineId: string;
  readonly fromStage: string;
  readonly toStage: string;
  /** The opportunity's probability in the new stage, in percent. */
  readonly probability: number;
}

/** Payload of `opportunity.imported`: one batch of `importHistory` committed (one event per batch, not per record). */
export interface OpportunitiesImportedData {
  readonly count: number;
  /** The new opportunities' ids, in the order of the batch's rows. */
  readonly ids: readonly string[];
}

/** Payload of `opportunity.won`. */
export interface OpportunityWonData {
  readonly id: string;
  readonly version: number;
  readonly ownerId: string | null;
  readonly amount: number | null;
  readonly currency: string | null;
}

/** Payload of `opportunity.lost`. */
export interface OpportunityLostData {
  readonly id: string;
  readonly version: number;
  readonly lostReasonId: string;
  /** The competitor account the deal was lost to, when known. */
  readonly competitorId: string | null;
}

/** Payload of `sales_settings.updated`. */
export interface SalesSettingsUpdatedData {
  readonly changed: readonly string[];
}

/** Payload of `exchange_rate.set`. */
export interface ExchangeRateSetData {
  readonly from: string;
  readonly to: string;
  readonly effectiveOn: string;
  readonly rate: string;
}

/** Payload of `opportunity_line.created`, `.updated` and `.removed`. */
export interface OpportunityLineData {
  readonly id: string;
  readonly opportunityId: string;
}

/** Payload of the quote lifecycle events. */
export interface QuoteEventData {
  readonly id: string;
  /** The record's version as the verb wrote it. */
  readonly version: number;
  readonly number: number;
  readonly revision: number;
  readonly opportunityId: string | null;
}

/** Payload of `quote.accepted`: what the customer agreed to. */
export interface QuoteAcceptedData extends QuoteEventData {
  readonly grandTotal: number;
  readonly currency: string;
  /** Whether accepting closed the opportunity as won. */
  readonly wonOpportunity: boolean;
}

/** Payload of `quote.revised`: the sent quote `id` was replaced by the draft `revisionId`. */
export interface QuoteRevisedData extends QuoteEventData {
  readonly revisionId: string;
}

/** Payload of the order lifecycle events, enough for a host's ERP to fetch the order. */
export interface OrderEventData {
  readonly id: string;
  /** The record's version as the verb wrote it. */
  readonly version: number;
  readonly number: number;
  readonly accountId: string;
  readonly grandTotal: number;
  readonly currency: string;
}

/** Payload of `order.partially_fulfilled`: what this fulfilment shipped, line by line. */
export interface OrderFulfilmentData extends OrderEventData {
  readonly lines: readonly { readonly lineId: string; readonly quantity: number }[];
}

/** Payload of the contract lifecycle events. */
export interface ContractEventData {
  readonly id: string;
  /** The record's version as the verb wrote it. */
  readonly version: number;
  readonly number: number;
  readonly accountId: string;
  readonly endDate: string;
}

/** Payload of `contract.renewal_due`: fired once, `renewalNoticeDays` before the end. */
export interface ContractRenewalDueData extends ContractEventData {
  readonly renewalDueOn: string;
  readonly autoRenew: boolean;
  readonly ownerId: string | null;
}

/** Payload of `contract.renewed`. */
export interface ContractRenewedData extends ContractEventData {
  readonly nextContractId: string;
  readonly renewalOpportunityId: string | null;
}

/** Payload of `deal_registration.approved` and `.rejected`. */
export interface DealRegistrationDecidedData {
  readonly id: string;
  readonly partnerId: string;
  readonly accountId: string;
  readonly opportunityId: string | null;
}

/** Payload of `opportunity.attributed` and `order.attributed`: the record's channel and partner changed. */
export interface ChannelAttributedData {
  readonly id: string;
  readonly partnerId: string | null;
  readonly channel: string;
}

/** Payload of the expense approval events. */
export interface ExpenseEventData {
  readonly id: string;
  /** The record's version as the verb wrote it. */
  readonly version: number;
  readonly ownerId: string | null;
  readonly amount: number;
  readonly currency: string;
}

/**
 * Every event of the sales module, pipeline to contract: name → payload. Record events
 * (`*.created`, `*.updated`, `*.archived`) come from the record layer; a verb's domain
 * events (`quote.sent`) are written with its change and carry the version it wrote. All
 * are delivered after commit and written to the change feed.
 */
export const salesEvents = {
  "pipeline.created": eventOf<RecordEventData>(),
  /** Also emitted by the stage verbs, with `changed: ["stages"]`. */
  "pipeline.updated": eventOf<RecordUpdatedData>(),
  "pipeline.archived": eventOf<RecordUpdatedData>(),
  "lost_reason.created": eventOf<RecordEventData>(),
  "lost_reason.updated": eventOf<RecordUpdatedData>(),
  "lost_reason.archived": eventOf<RecordUpdatedData>(),
  "territory.created": eventOf<RecordEventData>(),
  "territory.updated": eventOf<RecordUpdatedData>(),
  "territory.archived": eventOf<RecordUpdatedData>(),
  "lead_rule.created": eventOf<RecordEventData>(),
  "lead_rule.updated": eventOf<RecordUpdatedData>(),
  "lead_rule.archived": eventOf<RecordUpdatedData>(),
  "lead.created": eventOf<RecordEventData>(),
  "lead.updated": eventOf<RecordUpdatedData>(),
  "lead.archived": eventOf<RecordUpdatedData>(),
  "lead.captured": eventOf<LeadCapturedData>(),
  "lead.converted": eventOf<LeadConvertedData>(),
  "opportunity.created": eventOf<RecordEventData>(),
  /** A note on an opportunity's team (its own record, `addNote`). */
  "opportunity_note.created": eventOf<RecordEventData>(),
  /** Emitted by `update` and by every verb that changes the record (with the changed fields). */
  "opportunity.updated": eventOf<RecordUpdatedData>(),
  "opportunity.archived": eventOf<RecordUpdatedData>(),
  "opportunity.stage_changed": eventOf<OpportunityStageChangedData>(),
  "opportunity.won": eventOf<OpportunityWonData>(),
  "opportunity.imported": eventOf<OpportunitiesImportedData>(),
  "opportunity.lost": eventOf<OpportunityLostData>(),
  // Quote to contract: settings and rates, line items, quotes, orders, contracts, quotas,
  // partners and deal registrations, expenses.
  "sales_settings.updated": eventOf<SalesSettingsUpdatedData>(),
  "exchange_rate.set": eventOf<ExchangeRateSetData>(),
  "opportunity_line.created": eventOf<OpportunityLineData>(),
  "opportunity_line.updated": eventOf<OpportunityLineData>(),
  "opportunity_line.removed": eventOf<OpportunityLineData>(),
  "quote.created": eventOf<RecordEventData>(),
  "quote.updated": eventOf<RecordUpdatedData>(),
  "quote.archived": eventOf<RecordUpdatedData>(),
  "quote.submitted": eventOf<QuoteEventData>(),
  "quote.approved": eventOf<QuoteEventData>(),
  "quote.approval_declined": eventOf<QuoteEventData>(),
  "quote.sent": eventOf<QuoteEventData>(),
  "quote.accepted": eventOf<QuoteAcceptedData>(),
  "quote.rejected": eventOf<QuoteEventData>(),
  /** Fired by `crm.jobs.runDue()` once a sent quote's validity date has passed. */
  "quote.expired": eventOf<QuoteEventData>(),
  "quote.revised": eventOf<QuoteRevisedData>(),
  /** For the host's ERP: a new order exists (fetch it with `orders.get`). */
  "order.created": eventOf<RecordEventData>(),
  "order.updated": eventOf<RecordUpdatedData>(),
  "order.archived": eventOf<RecordUpdatedData>(),
  "order.confirmed": eventOf<OrderEventData>(),
  "order.partially_fulfilled": eventOf<OrderFulfilmentData>(),
  /** For the host's ERP: every line of the order is fulfilled. */
  "order.fulfilled": eventOf<OrderFulfilmentData>(),
  "order.cancelled": eventOf<OrderEventData>(),
  "order.attributed": eventOf<ChannelAttributedData>(),
  "contract.created": eventOf<RecordEventData>(),
  "contract.updated": eventOf<RecordUpdatedData>(),
  "contract.archived": eventOf<RecordUpdatedData>(),
  "contract.activated": eventOf<ContractEventData>(),
  /** Fired by `crm.jobs.runDue()` once, `renewalNoticeDays` before the contract ends. */
  "contract.renewal_due": eventOf<ContractRenewalDueData>(),
  "contract.renewed": eventOf<ContractRenewedData>(),
  "contract.expired": eventOf<ContractEventData>(),
  "contract.terminated": eventOf<ContractEventData>(),
  "quota.created": eventOf<RecordEventData>(),
  "quota.updated": eventOf<RecordUpdatedData>(),
  "quota.archived": eventOf<RecordUpdatedData>(),
  "partner.created": eventOf<RecordEventData>(),
  "partner.updated": eventOf<RecordUpdatedData>(),
  "partner.archived": eventOf<RecordUpdatedData>(),
  "deal_registration.created": eventOf<RecordEventData>(),
  "deal_registration.updated": eventOf<RecordUpdatedData>(),
  "deal_registration.archived": eventOf<RecordUpdatedData>(),
  "deal_registration.approved": eventOf<DealRegistrationDecidedData>(),
  "deal_registration.rejected": eventOf<DealRegistrationDecidedData>(),
  "opportunity.attributed": eventOf<ChannelAttributedData>(),
  "expense.created": eventOf<RecordEventData>(),
  "expense.updated": eventOf<RecordUpdatedData>(),
  "expense.archived": eventOf<RecordUpdatedData>(),
  "expense.submitted": eventOf<ExpenseEventData>(),
  "expense.approved": eventOf<ExpenseEventData>(),
  "expense.rejected": eventOf<ExpenseEventData>(),
};

/** The sales events' payloads by name. */
export type SalesEvents = {
  [K in keyof typeof salesEvents]: (typeof salesEvents)[K] extends { readonly __data?: infer D } ? D : never;
};
