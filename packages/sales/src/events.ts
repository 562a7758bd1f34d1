import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";
import { documentEvents } from "./documents/document-events.js";
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

/**
 * Every event of the sales module: name → payload. Record events (`*.created`,
 * `*.updated`, `*.archived`) come from the standard entity services; the domain events
 * are emitted by the verbs. All are delivered after commit and written to the change feed.
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
  /** Emitted by `update` and by every verb that changes the record (with the changed fields). */
  "opportunity.updated": eventOf<RecordUpdatedData>(),
  "opportunity.archived": eventOf<RecordUpdatedData>(),
  "opportunity.stage_changed": eventOf<OpportunityStageChangedData>(),
  "opportunity.won": eventOf<OpportunityWonData>(),
  "opportunity.lost": eventOf<OpportunityLostData>(),
  ...documentEvents,
};

/** The sales events' payloads by name. */
export type SalesEvents = {
  [K in keyof typeof salesEvents]: (typeof salesEvents)[K] extends { readonly __data?: infer D } ? D : never;
};
