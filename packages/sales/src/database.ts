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

/** `sales_checkouts`: one row per web-shop checkout, keyed by its idempotency key. */
export interface CheckoutRow {
  tenant_id: string;
  idempotency_key: string;
  payload_hash: string;
  order_id: string | null;
  opportunity_id: string | null;
  received_at: string;
  actor_id: string;
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

/** `sales_opportunity_notes`: notes shared with the opportunity's team (`opportunity_note` records). */
export interface OpportunityNoteRow extends RecordColumns {
  opportunity_id: string;
  body: string;
  author_id: string;
}

/** `sales_settings`: one row per tenant once its settings changed from the defaults. */
export interface SalesSettingsRow {
  tenant_id: string;
  corporate_currency: string | null;
  /** Thousandths of a percent. */
  discount_approval_limit: number;
  quote_validity_days: number;
  renewal_notice_days: number;
  updated_at: string;
  updated_by: string;
}

/** `sales_counters`: the last number handed out per tenant and series. */
export interface CounterRow {
  tenant_id: string;
  series: string;
  value: number | string;
}

/** `sales_exchange_rates`: `1 from_currency = rate to_currency` from `effective_on`, kept exactly as a fraction of minor units. */
export interface ExchangeRateRow {
  tenant_id: string;
  from_currency: string;
  to_currency: string;
  effective_on: string;
  rate: string;
  numerator: number | string;
  denominator: number | string;
  created_at: string;
  created_by: string;
}

/** The columns quote to contract adds to `sales_opportunities` (its own migrations). */
export interface OpportunityDocumentColumns {
  amount_from_lines: number;
  forecast_category: string | null;
  partner_id: string | null;
  channel: string | null;
}

/** Priced line columns shared by opportunity, quote and order lines. */
export interface PricedLineColumns {
  tenant_id: string;
  id: string;
  position: number;
  product_id: string;
  sku: string;
  product_name: string;
  description: string | null;
  price_book_id: string | null;
  /** `price_book` or `manual`. */
  price_source: string;
  list_price: number | string | null;
  unit_price: number | string;
  /** Ten-thousandths of a unit. */
  quantity: number | string;
  /** Thousandths of a percent. */
  discount: number;
  gross_amount: number | string;
  net_amount: number | string;
}

/** `sales_opportunity_lines`. */
export interface OpportunityLineRow extends PricedLineColumns {
  opportunity_id: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
}

/** `sales_quote_lines`. */
export interface QuoteLineRow extends PricedLineColumns {
  quote_id: string;
  tax_rate: number;
  tax_amount: number | string;
  total_amount: number | string;
}

/** `sales_order_lines`. */
export interface OrderLineRow extends PricedLineColumns {
  order_id: string;
  tax_rate: number;
  tax_amount: number | string;
  total_amount: number | string;
  fulfilled_quantity: number | string;
}

/** `sales_quotes`, as far as the module's own SQL reads it. */
export interface QuoteRow extends RecordColumns {
  number: number;
  revision: number;
  status: string;
  valid_until: string;
  expired_at: string | null;
  opportunity_id: string | null;
  owner_id: string | null;
}

/** `sales_orders`, as far as the module's own SQL reads it. */
export interface OrderRow extends RecordColumns {
  number: number;
  quote_id: string | null;
  account_id: string;
  status: string;
  order_date: string;
  currency: string;
  net_total: number | string;
  partner_id: string | null;
  channel: string | null;
  owner_id: string | null;
}

/** `sales_contracts`, as far as the module's own SQL reads it. */
export interface ContractRow extends RecordColumns {
  number: number;
  status: string;
  start_date: string;
  end_date: string;
  auto_renew: number;
  renewal_due_on: string;
  renewal_notified_at: string | null;
  account_id: string;
  value: number | string;
  currency: string;
}

/** `sales_quotas`, as far as the module's own SQL reads it. */
export interface QuotaRow extends RecordColumns {
  subject_type: string;
  user_id: string | null;
  team_id: string | null;
  period_start: string;
  period_end: string;
  measure: string;
  target: number | string;
  currency: string | null;
}

/** `sales_partners`, as far as the module's own SQL reads it. */
export interface PartnerRow extends RecordColumns {
  account_id: string;
  partner_type: string;
  tier: string;
  active: number;
}

/** `sales_deal_registrations`, as far as the module's own SQL reads it. */
export interface DealRegistrationRow extends RecordColumns {
  partner_id: string;
  account_id: string;
  opportunity_id: string | null;
  status: string;
  owner_id: string | null;
}

/** `sales_expenses`, as far as the module's own SQL reads it. */
export interface ExpenseRow extends RecordColumns {
  owner_id: string | null;
  opportunity_id: string | null;
  account_id: string | null;
  category: string;
  amount: number | string;
  currency: string;
  spent_on: string;
  status: string;
}

/** `rapport_team_members`, the kernel's team membership (read for team roll-ups). */
export interface TeamMemberRow {
  tenant_id: string;
  team_id: string;
  user_id: string;
  role: string;
  added_at: string;
}

/** The sales module's tables, for typed Kysely queries. */
export interface SalesDatabase {
  sales_pipelines: PipelineRow;
  sales_stages: StageRow;
  sales_playbooks: PlaybookRow;
  sales_lead_rules: LeadRuleRow;
  sales_leads: LeadRow;
  sales_lead_captures: LeadCaptureRow;
  sales_checkouts: CheckoutRow;
  sales_opportunities: OpportunityRow & OpportunityDocumentColumns;
  sales_stage_history: StageHistoryRow;
  sales_opportunity_competitors: OpportunityCompetitorRow;
  sales_opportunity_team: OpportunityTeamRow;
  sales_opportunity_notes: OpportunityNoteRow;
  sales_settings: SalesSettingsRow;
  sales_counters: CounterRow;
  sales_exchange_rates: ExchangeRateRow;
  sales_opportunity_lines: OpportunityLineRow;
  sales_quotes: QuoteRow;
  sales_quote_lines: QuoteLineRow;
  sales_orders: OrderRow;
  sales_order_lines: OrderLineRow;
  sales_contracts: ContractRow;
  sales_quotas: QuotaRow;
  sales_partners: PartnerRow;
  sales_deal_registrations: DealRegistrationRow;
  sales_expenses: ExpenseRow;
  rapport_team_members: TeamMemberRow;
}

/** The operation's transaction, typed with the sales tables (the module's verbs take the operation untyped). */
export function salesDb(op: OperationContext<SalesDatabase>): Kysely<SalesDatabase> {
  return op.db;
}

/** Reads a JSON text column. */
export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
