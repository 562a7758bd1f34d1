import type { OperationContext, RecordColumns } from "@rapport/core";
import type { Kysely } from "kysely";
import type { OpportunityRow } from "../database.js";

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

/** The columns this part of the module adds to `sales_opportunities`. */
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

/** Record tables whose columns the module's own SQL reads. */
export interface QuoteRow extends RecordColumns {
  number: number;
  revision: number;
  status: string;
  valid_until: string;
  expired_at: string | null;
  opportunity_id: string | null;
  owner_id: string | null;
}

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

export interface PartnerRow extends RecordColumns {
  account_id: string;
  partner_type: string;
  tier: string;
  active: number;
}

export interface DealRegistrationRow extends RecordColumns {
  partner_id: string;
  account_id: string;
  opportunity_id: string | null;
  status: string;
  owner_id: string | null;
}

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

/** The tables of quotes to contracts, and the opportunity columns they add, for typed Kysely queries. */
export interface DocumentTables {
  sales_settings: SalesSettingsRow;
  sales_counters: CounterRow;
  sales_exchange_rates: ExchangeRateRow;
  sales_opportunities: OpportunityRow & OpportunityDocumentColumns;
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

/** The operation's transaction, typed with the quote-to-contract tables. */
export function documentDb(op: OperationContext): Kysely<DocumentTables> {
  return op.db as Kysely<DocumentTables>;
}
