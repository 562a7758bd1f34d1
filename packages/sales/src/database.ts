import type { OperationContext, RecordColumns } from "@rapport/core";
import type { Kysely } from "kysely";

/** `sales_pipelines`: one row per pipeline. */
export interface PipelineRow extends RecordColumns {
  name: string;
  description: string | null;
  /** 1 for the tenant's default pipeline (booleans are integers on every adapter). */
  is_default: number;
}

/** `sales_stages`: the stages of every pipeline; `key` is unique per pipeline and never changes. */
export interface StageRow {
  tenant_id: string;
  id: string;
  pipeline_id: string;
  key: string;
  name: string;
  position: number;
  probability: number;
  kind: string;
  /** JSON array of opportunity field names. */
  required_fields: string;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

/** `sales_playbooks`: guidance for one stage. */
export interface PlaybookRow {
  tenant_id: string;
  stage_id: string;
  information_sources: string;
  recommended_activities: string;
  checklist: string;
  updated_at: string;
  updated_by: string;
}

/** `sales_lead_rules`: routing rules; `rr_counter` is the round-robin position, outside the record fields. */
export interface LeadRuleRow extends RecordColumns {
  rr_counter: number;
}

/** `sales_leads`, as far as the module's own SQL reads it. */
export interface LeadRow extends RecordColumns {
  email: string | null;
  phone: string | null;
  status: string;
  owner_id: string | null;
  converted_at: string | null;
}

/** `sales_lead_captures`: one row per web-to-lead submission, keyed by its idempotency key. */
export interface LeadCaptureRow {
  tenant_id: string;
  id: string;
  idempotency_key: string | null;
  payload_hash: string;
  outcome: string;
  lead_id: string | null;
  contact_id: string | null;
  opportunity_id: string | null;
  source: string;
  payload: string;
  received_at: string;
  actor_id: string;
}

/** `sales_opportunities`, as far as the module's own SQL reads and writes it. */
export interface OpportunityRow extends RecordColumns {
  name: string;
  account_id: string;
  owner_id: string | null;
  pipeline_id: string;
  stage_key: string;
  status: string;
  amount: number | string | null;
  currency: string | null;
  probability: number;
  probability_source: string;
  close_date: string | null;
  stage_entered_at: string;
  closed_at: string | null;
  lost_reason_id: string | null;
  lost_note: string | null;
  lost_to_competitor_id: string | null;
}

/** `sales_stage_history`: one row per visit of an opportunity to a stage. */
export interface StageHistoryRow {
  tenant_id: string;
  id: string;
  opportunity_id: string;
  pipeline_id: string;
  stage_key: string;
  from_stage_key: string | null;
  entered_at: string;
  left_at: string | null;
  actor_id: string;
}

/** `sales_opportunity_competitors`: competitor accounts on an opportunity, with notes. */
export interface OpportunityCompetitorRow {
  tenant_id: string;
  opportunity_id: string;
  account_id: string;
  strengths: string | null;
  weaknesses: string | null;
  notes: string | null;
  added_at: string;
  added_by: string;
  updated_at: string;
}

/** `sales_opportunity_team`: who works an opportunity besides its owner. */
export interface OpportunityTeamRow {
  tenant_id: string;
  opportunity_id: string;
  user_id: string;
  role: string;
  access: string;
  added_at: string;
  added_by: string;
}

/** `sales_opportunity_notes`: notes shared with the opportunity's team. */
export interface OpportunityNoteRow {
  tenant_id: string;
  id: string;
  opportunity_id: string;
  body: string;
  author_id: string;
  created_at: string;
}

/** The sales module's tables, for typed Kysely queries. */
export interface SalesDatabase {
  sales_pipelines: PipelineRow;
  sales_stages: StageRow;
  sales_playbooks: PlaybookRow;
  sales_lead_rules: LeadRuleRow;
  sales_leads: LeadRow;
  sales_lead_captures: LeadCaptureRow;
  sales_opportunities: OpportunityRow;
  sales_stage_history: StageHistoryRow;
  sales_opportunity_competitors: OpportunityCompetitorRow;
  sales_opportunity_team: OpportunityTeamRow;
  sales_opportunity_notes: OpportunityNoteRow;
}

/** The operation's transaction, typed with the sales tables. */
export function salesDb(op: OperationContext): Kysely<SalesDatabase> {
  return op.db as Kysely<SalesDatabase>;
}

/** Reads a JSON text column. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
