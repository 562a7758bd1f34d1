import { createEntityService, type EntityService, type ModuleContext } from "@rapport/core";
import { type ContractService, createContractService } from "./contracts/contract-service.js";
import { type CurrencyService, createCurrencyService } from "./currencies/currency-service.js";
import { createExpenseService, type ExpenseService } from "./expenses/expense-service.js";
import { createForecastService, type ForecastService } from "./forecasts/forecast-service.js";
import {
  type CreateLeadRuleInput,
  type LeadRule,
  leadRuleEntity,
  type UpdateLeadRuleInput,
} from "./leads/lead-rule-entity.js";
import { createLeadService, type LeadService } from "./leads/lead-service.js";
import { createLineItemService, type LineItemService } from "./line-items/line-item-service.js";
import {
  type CreateLostReasonInput,
  type LostReason,
  lostReasonEntity,
  type UpdateLostReasonInput,
} from "./lost-reasons/lost-reason-entity.js";
import { createOpportunityService, type OpportunityService } from "./opportunities/opportunity-service.js";
import { createOrderService, type OrderService } from "./orders/order-service.js";
import { createPartnerService, type PartnerService } from "./partners/partner-service.js";
import { createPipelineService, type PipelineService } from "./pipelines/pipeline-service.js";
import { createPlaybookService, type PlaybookService } from "./playbooks/playbook-service.js";
import { createQuotaService, type QuotaService } from "./quotas/quota-service.js";
import { createQuoteService, type QuoteService } from "./quotes/quote-service.js";
import { createSalesReports, type SalesReports } from "./reports/sales-reports.js";
import { createSalesSettingsService, type SalesSettingsService } from "./settings/settings-service.js";
import {
  type CreateTerritoryInput,
  type Territory,
  territoryEntity,
  type UpdateTerritoryInput,
} from "./territories/territory-entity.js";

/** The sales module's client: `crm.as(actor).sales`. */
export interface SalesClient {
  /** Pipelines and their stages. */
  readonly pipelines: PipelineService;
  /** Stage playbooks, with the best reps' work as references. */
  readonly playbooks: PlaybookService;
  /** Pipeline, win-rate and 80/20 reports, computed in SQL. */
  readonly reports: SalesReports;
  /** Leads: capture, qualification, routing, conversion. */
  readonly leads: LeadService;
  /** Rules that route leads to owners and auto-convert web-to-lead captures. */
  readonly leadRules: EntityService<LeadRule, CreateLeadRuleInput, UpdateLeadRuleInput>;
  /** Territories: countries and the reps who work them. */
  readonly territories: EntityService<Territory, CreateTerritoryInput, UpdateTerritoryInput>;
  /** Opportunities, their stages, competitors and teams. */
  readonly opportunities: OpportunityService;
  /** The tenant's reasons for lost deals. */
  readonly lostReasons: EntityService<LostReason, CreateLostReasonInput, UpdateLostReasonInput>;
  /** The tenant's sales settings: corporate currency, quote approval limit, validity and renewal notice. */
  readonly settings: SalesSettingsService;
  /** Dated exchange rates and exact conversion to the corporate currency. */
  readonly currencies: CurrencyService;
  /** Line items on opportunities, and the amount that follows them. */
  readonly lineItems: LineItemService;
  /** Quotes: numbered, revised, approved, sent, accepted or expired; rendered to print-ready HTML. */
  readonly quotes: QuoteService;
  /** Sales orders from accepted quotes or placed directly, confirmed and fulfilled line by line. */
  readonly orders: OrderService;
  /** Partners, deal registration, channel attribution and partner performance. */
  readonly partners: PartnerService;
  /** Sales contracts: terms, billing, renewal notices and renewals. */
  readonly contracts: ContractService;
  /** Quotas per user or team per period, and their attainment. */
  readonly quotas: QuotaService;
  /** Sales expenses with approval, and totals per rep and period. */
  readonly expenses: ExpenseService;
  /** Forecasts: pipeline, weighted, commit, best case, won to date and quota gap. */
  readonly forecasts: ForecastService;
}

/** Builds the sales client of one scoped client. */
export function createSalesClient(ctx: ModuleContext): SalesClient {
  return {
    pipelines: createPipelineService(ctx),
    playbooks: createPlaybookService(ctx),
    reports: createSalesReports(ctx),
    leads: createLeadService(ctx),
    leadRules: createEntityService(ctx, leadRuleEntity),
    territories: createEntityService(ctx, territoryEntity),
    opportunities: createOpportunityService(ctx),
    lostReasons: createEntityService(ctx, lostReasonEntity),
    settings: createSalesSettingsService(ctx),
    currencies: createCurrencyService(ctx),
    lineItems: createLineItemService(ctx),
    quotes: createQuoteService(ctx),
    orders: createOrderService(ctx),
    partners: createPartnerService(ctx),
    contracts: createContractService(ctx),
    quotas: createQuotaService(ctx),
    expenses: createExpenseService(ctx),
    forecasts: createForecastService(ctx),
  };
}
