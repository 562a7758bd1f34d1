// Module

export type { Contract } from "./contracts/contract-entity.js";
export type {
  BillingFrequency,
  ContractStatus,
  CreateContractInput,
  FromOrderOptions,
  RenewContractOptions,
  TerminateContractOptions,
  UpdateContractInput,
} from "./contracts/contract-schema.js";
export {
  BILLING_FREQUENCIES,
  CONTRACT_STATUSES,
  createContractSchema,
  fromOrderSchema,
  renewContractSchema,
  terminateContractSchema,
  updateContractSchema,
} from "./contracts/contract-schema.js";
// Quote to contract: settings, currencies, line items, quotes, orders, contracts, quotas,
// partners and channels, expenses and forecasts
export type { ContractService } from "./contracts/contract-service.js";
export type { CurrencyService } from "./currencies/currency-service.js";
export { LIST_RATES_LIMIT } from "./currencies/currency-service.js";
export type {
  Conversion,
  ConvertInput,
  ExchangeRate,
  ListRatesOptions,
  SetRateInput,
} from "./currencies/exchange-rate-schema.js";
export { convertSchema, listRatesSchema, rateSchema, setRateSchema } from "./currencies/exchange-rate-schema.js";
export { MAX_RATE_PRODUCT } from "./currencies/rate-fraction.js";
export type { NumberSeries } from "./documents/document-number.js";
export { NUMBER_SERIES } from "./documents/document-number.js";
export { PERCENT_DECIMALS, PERCENT_SCALE, percentSchema } from "./documents/percent.js";
export type { DocumentErrorReason, SalesErrorReason } from "./errors.js";
export { DealRegistrationConflictError, DOCUMENT_ERROR_REASONS, SALES_ERROR_REASONS } from "./errors.js";
export type {
  ChannelAttributedData,
  ContractEventData,
  ContractRenewalDueData,
  ContractRenewedData,
  DealRegistrationDecidedData,
  ExchangeRateSetData,
  ExpenseEventData,
  LeadCapturedData,
  LeadConvertedData,
  OpportunitiesImportedData,
  OpportunityLineData,
  OpportunityLostData,
  OpportunityStageChangedData,
  OpportunityWonData,
  OrderEventData,
  OrderFulfilmentData,
  QuoteAcceptedData,
  QuoteEventData,
  QuoteRevisedData,
  SalesEvents,
  SalesSettingsUpdatedData,
} from "./events.js";
export { salesEvents } from "./events.js";
export type { Expense } from "./expenses/expense-entity.js";
export type {
  CreateExpenseInput,
  DecideExpenseOptions,
  ExpenseCategory,
  ExpenseStatus,
  ExpenseTotalsOptions,
  UpdateExpenseInput,
} from "./expenses/expense-schema.js";
export {
  createExpenseSchema,
  decideExpenseSchema,
  EXPENSE_CATEGORIES,
  EXPENSE_STATUSES,
  expenseTotalsSchema,
  updateExpenseSchema,
} from "./expenses/expense-schema.js";
export type { ExpenseService } from "./expenses/expense-service.js";
export type { ExpenseTotals, RepExpenseTotals } from "./expenses/expense-totals.js";
export type { ForecastFigures } from "./forecasts/forecast-query.js";
export type { ForecastCategory, ForecastQuery } from "./forecasts/forecast-schema.js";
export { FORECAST_CATEGORIES, forecastCategorySchema, forecastQuerySchema } from "./forecasts/forecast-schema.js";
export type { Forecast, ForecastService, OpportunityForecastCategory } from "./forecasts/forecast-service.js";
export type { CaptureOptions, CaptureOutcome, CaptureResult, LeadCaptureInput } from "./leads/capture-schema.js";
export { CAPTURE_OUTCOMES, captureLeadSchema, captureOptionsSchema } from "./leads/capture-schema.js";
export type { ConvertLeadInput, LeadConversion } from "./leads/conversion-schema.js";
export { conversionOpportunitySchema, convertLeadSchema } from "./leads/conversion-schema.js";
export type { Lead } from "./leads/lead-entity.js";
export type {
  AssignmentStrategy,
  CreateLeadRuleInput,
  LeadRule,
  LeadRuleMatch,
  UpdateLeadRuleInput,
} from "./leads/lead-rule-entity.js";
export { ASSIGNMENT_STRATEGIES, createLeadRuleSchema, updateLeadRuleSchema } from "./leads/lead-rule-entity.js";
export type {
  AssignLeadOptions,
  CreateLeadInput,
  DisqualifyLeadOptions,
  LeadSource,
  LeadStatus,
  UpdateLeadInput,
} from "./leads/lead-schema.js";
// Leads, routing and capture
export {
  assignLeadSchema,
  createLeadSchema,
  disqualifyLeadSchema,
  LEAD_SOURCES,
  LEAD_STATUSES,
  updateLeadSchema,
} from "./leads/lead-schema.js";
export type { LeadService } from "./leads/lead-service.js";
export type { LineInput, PriceSource, TaxedLineInput, UpdateLineInput } from "./line-items/line-input-schema.js";
export {
  lineInputSchema,
  PRICE_SOURCES,
  taxedLineInputSchema,
  updateLineSchema,
} from "./line-items/line-input-schema.js";
export type { LineItemService } from "./line-items/line-item-service.js";
export type { PricedLineView } from "./line-items/line-rows.js";
export type { DocumentTotals, LineAmounts, LineFigures } from "./line-items/line-totals.js";
export { lineAmounts, roundHalfUp, sumLines } from "./line-items/line-totals.js";
export type { LineSummary, OpportunityLine } from "./line-items/opportunity-lines.js";
export type { CreateLostReasonInput, LostReason, UpdateLostReasonInput } from "./lost-reasons/lost-reason-entity.js";
export {
  createLostReasonSchema,
  DEFAULT_LOST_REASONS,
  updateLostReasonSchema,
} from "./lost-reasons/lost-reason-entity.js";
export type { AddCompetitorInput, OpportunityCompetitor, UpdateCompetitorInput } from "./opportunities/competitors.js";
export { addCompetitorSchema, updateCompetitorSchema } from "./opportunities/competitors.js";
export type { TeamAccess } from "./opportunities/opportunity-access.js";
export { TEAM_ACCESS_LEVELS } from "./opportunities/opportunity-access.js";
export type { Opportunity } from "./opportunities/opportunity-entity.js";
export type {
  ImportHistoryOptions,
  ImportHistoryResult,
} from "./opportunities/opportunity-import.js";
export { IMPORT_BATCH_SIZE } from "./opportunities/opportunity-import.js";
export type { OpportunityHistoryInput } from "./opportunities/opportunity-import-schema.js";
export { opportunityHistorySchema } from "./opportunities/opportunity-import-schema.js";
export type {
  CreateOpportunityInput,
  LoseOptions,
  OpportunityStatus,
  ProbabilitySource,
  UpdateOpportunityInput,
  WinOptions,
} from "./opportunities/opportunity-schema.js";
// Opportunities
export {
  createOpportunitySchema,
  loseOptionsSchema,
  OPPORTUNITY_STATUSES,
  PROBABILITY_SOURCES,
  updateOpportunitySchema,
  winOptionsSchema,
} from "./opportunities/opportunity-schema.js";
export type { OpportunityService } from "./opportunities/opportunity-service.js";
export type { StageVisit } from "./opportunities/stage-history.js";
export type { CheckoutOptions, CheckoutResult } from "./orders/checkout.js";
export { checkoutOptionsSchema } from "./orders/checkout.js";
export type {
  CancelOrderOptions,
  CreateOrderInput,
  FromQuoteOptions,
  FulfilOrderInput,
  OrderStatus,
  SalesChannel,
} from "./orders/order-schema.js";
export {
  cancelOrderSchema,
  createOrderSchema,
  fromQuoteSchema,
  fulfilOrderSchema,
  ORDER_STATUSES,
  SALES_CHANNELS,
} from "./orders/order-schema.js";
export type { OrderService } from "./orders/order-service.js";
export type { Order, OrderLine } from "./orders/order-view.js";
export type { ChannelAttribution } from "./partners/attribution.js";
export type { DealRegistration, RegistrationConflict } from "./partners/deal-registration-entity.js";
export type { Partner } from "./partners/partner-entity.js";
export type { PartnerPerformance } from "./partners/partner-performance.js";
export type {
  ApproveRegistrationOptions,
  AttributionInput,
  AttributionTarget,
  CreatePartnerInput,
  PartnerTier,
  PartnerType,
  PeriodRange,
  RegisterDealInput,
  RegistrationStatus,
  RejectRegistrationOptions,
  UpdatePartnerInput,
} from "./partners/partner-schema.js";
export {
  approveRegistrationSchema,
  attributionSchema,
  attributionTargetSchema,
  createPartnerSchema,
  PARTNER_TIERS,
  PARTNER_TYPES,
  periodRangeSchema,
  REGISTRATION_STATUSES,
  registerDealSchema,
  rejectRegistrationSchema,
  updatePartnerSchema,
} from "./partners/partner-schema.js";
export type { PartnerService } from "./partners/partner-service.js";
export { salesPermissions } from "./permissions.js";
export { DEFAULT_PIPELINE } from "./pipelines/default-pipeline.js";
export type { Pipeline, PipelineRecord } from "./pipelines/pipeline-entity.js";
export type { CreatePipelineInput, UpdatePipelineInput } from "./pipelines/pipeline-schema.js";
// Pipelines and stages
export { createPipelineSchema, updatePipelineSchema } from "./pipelines/pipeline-schema.js";
export type { PipelineService } from "./pipelines/pipeline-service.js";
export type {
  AddStageInput,
  RequirableField,
  Stage,
  StageInput,
  StageKind,
  UpdateStageInput,
} from "./pipelines/stage-schema.js";
export {
  addStageSchema,
  REQUIRABLE_FIELDS,
  reorderStagesSchema,
  STAGE_KINDS,
  stageInputSchema,
  stageKeySchema,
  updateStageSchema,
} from "./pipelines/stage-schema.js";
export type { DefaultPlaybook } from "./playbooks/default-playbooks.js";
export { DEFAULT_PLAYBOOKS } from "./playbooks/default-playbooks.js";
export type {
  ForStageOptions,
  InformationSource,
  Playbook,
  PlaybookTarget,
  RecommendedActivity,
  RecommendedActivityType,
  ReferenceActivity,
  ReferenceRep,
  StagePlaybook,
  UpdatePlaybookInput,
} from "./playbooks/playbook-schema.js";
// Playbooks
export {
  forStageOptionsSchema,
  INFORMATION_SOURCES,
  playbookTargetSchema,
  RECOMMENDED_ACTIVITY_TYPES,
  updatePlaybookSchema,
} from "./playbooks/playbook-schema.js";
export type { PlaybookService } from "./playbooks/playbook-service.js";
export type { Period, PeriodInput, PeriodType } from "./quotas/period.js";
export { PERIOD_TYPES, periodSchema } from "./quotas/period.js";
export type { MemberAttainment, QuotaAttainment } from "./quotas/quota-attainment.js";
export type { Quota } from "./quotas/quota-entity.js";
export type { CreateQuotaInput, QuotaMeasure, UpdateQuotaInput } from "./quotas/quota-schema.js";
export { createQuotaSchema, QUOTA_MEASURES, updateQuotaSchema } from "./quotas/quota-schema.js";
export type { QuotaService } from "./quotas/quota-service.js";
export type {
  AcceptQuoteOptions,
  CreateQuoteInput,
  FromOpportunityOptions,
  QuoteStatus,
  ReasonOptions,
  UpdateQuoteInput,
  UpdateQuoteLineInput,
} from "./quotes/quote-schema.js";
export {
  acceptQuoteSchema,
  createQuoteSchema,
  fromOpportunitySchema,
  MAX_DOCUMENT_LINES,
  QUOTE_STATUSES,
  reasonOptionsSchema,
  updateQuoteLineSchema,
  updateQuoteSchema,
} from "./quotes/quote-schema.js";
export type { QuoteService } from "./quotes/quote-service.js";
export type { Quote, QuoteLine } from "./quotes/quote-view.js";
export type { AccountParetoOptions, PipelineByStageOptions, WinRatesOptions } from "./reports/report-schema.js";
// Reports
export { accountParetoSchema, pipelineByStageSchema, winRatesSchema } from "./reports/report-schema.js";
export type { ParetoRow, PipelineStageRow, SalesReports, WinRateRow } from "./reports/sales-reports.js";
export type { SalesClient } from "./sales-client.js";
export type { SalesModule } from "./sales-module.js";
export { sales } from "./sales-module.js";
export type { SalesSettings, UpdateSalesSettingsInput } from "./settings/settings-schema.js";
export { DEFAULT_SALES_SETTINGS, updateSalesSettingsSchema } from "./settings/settings-schema.js";
export type { SalesSettingsService } from "./settings/settings-service.js";
export type { TimelineEntry } from "./team/opportunity-timeline.js";
export type {
  AddNoteInput,
  AddTeamMemberInput,
  OpportunityNote,
  PageOptions,
  TeamMember,
  UpdateTeamMemberInput,
} from "./team/team-schema.js";
// Team selling
export {
  addNoteSchema,
  addTeamMemberSchema,
  OPPORTUNITY_TEAM_ROLES,
  pageOptionsSchema,
  updateTeamMemberSchema,
} from "./team/team-schema.js";
export type { CreateTerritoryInput, Territory, UpdateTerritoryInput } from "./territories/territory-entity.js";
export { createTerritorySchema, updateTerritorySchema } from "./territories/territory-entity.js";
