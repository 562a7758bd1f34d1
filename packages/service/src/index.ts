// Module

export type { BusinessCalendar } from "./calendars/business-calendar-entity.js";
export type {
  CreateBusinessCalendarInput,
  Holiday,
  HolidayInput,
  UpdateBusinessCalendarInput,
  WorkingHours,
} from "./calendars/business-calendar-schema.js";
// Business calendars and SLAs
export {
  createBusinessCalendarSchema,
  holidaySchema,
  updateBusinessCalendarSchema,
  workingHoursSchema,
} from "./calendars/business-calendar-schema.js";
export type { BusinessCalendarService } from "./calendars/business-calendar-service.js";
export type { BusinessSchedule } from "./calendars/business-time.js";
export { addBusinessMinutes, businessMinutesBetween, isWithinBusinessHours } from "./calendars/business-time.js";
export type { Call } from "./calls/call-entity.js";
export type { CallDirection, CallDisposition, CreateCallInput, UpdateCallInput } from "./calls/call-schema.js";
// Calls
export { CALL_DIRECTIONS, CALL_DISPOSITIONS, createCallSchema, updateCallSchema } from "./calls/call-schema.js";
export type { CallService } from "./calls/call-service.js";
export type { CaseComment, CommentsOptions } from "./cases/case-comments.js";
export { commentsOptionsSchema } from "./cases/case-comments.js";
export type { Case } from "./cases/case-entity.js";
export type {
  AssignCaseInput,
  CommentInput,
  CommentVisibility,
  CreateCaseInput,
  EscalateInput,
  LogTimeInput,
  ResolveOptions,
  StatusOptions,
  TriageCaseInput,
  UpdateCaseInput,
} from "./cases/case-schema.js";
// Cases
export {
  assignCaseSchema,
  COMMENT_VISIBILITIES,
  commentSchema,
  createCaseSchema,
  escalateSchema,
  languageSchema,
  logTimeSchema,
  resolveOptionsSchema,
  statusOptionsSchema,
  triageCaseSchema,
  updateCaseSchema,
} from "./cases/case-schema.js";
export type { CaseService } from "./cases/case-service.js";
export { CASE_TRANSITIONS } from "./cases/case-status.js";
export type { CaseTimeEntry } from "./cases/case-work.js";
export type {
  ComplaintRegisterEntry,
  ComplaintSummaryRow,
  RegisterOptions,
  SummaryOptions,
} from "./complaints/complaint-register.js";
export { registerOptionsSchema, summaryOptionsSchema } from "./complaints/complaint-register.js";
export type { ComplaintService } from "./complaints/complaint-service.js";
export type { EscalationRule } from "./complaints/escalation-rule-entity.js";
export type {
  CreateEscalationRuleInput,
  EscalationTrigger,
  UpdateEscalationRuleInput,
} from "./complaints/escalation-rule-schema.js";
// Complaints
export {
  createEscalationRuleSchema,
  ESCALATION_TRIGGERS,
  updateEscalationRuleSchema,
} from "./complaints/escalation-rule-schema.js";
export type { ServiceContract } from "./entitlements/contract-entity.js";
export type { CreateContractInput, UpdateContractInput } from "./entitlements/contract-schema.js";
// Contracts and entitlements
export { createContractSchema, updateContractSchema } from "./entitlements/contract-schema.js";
export type { Entitlement } from "./entitlements/entitlement-entity.js";
export type {
  CreateEntitlementInput,
  EntitlementUnit,
  UpdateEntitlementInput,
} from "./entitlements/entitlement-schema.js";
export {
  createEntitlementSchema,
  ENTITLEMENT_UNITS,
  updateEntitlementSchema,
} from "./entitlements/entitlement-schema.js";
export type { ContractService, EntitlementService, EntitlementUsage } from "./entitlements/entitlement-service.js";
export type { DispatchRefusal } from "./errors.js";
export { DISPATCH_REFUSALS, dispatchRefusalOf } from "./errors.js";
export type { CaseAssignedData, CaseEscalatedData, CaseSlaEventData, IntakeRoutedData } from "./events.js";
export { SERVICE_EVENTS } from "./events.js";
export type { DispatchProposal } from "./field-service/dispatch-planner.js";
export type { Technician } from "./field-service/technician-entity.js";
export type { CreateTechnicianInput, UpdateTechnicianInput } from "./field-service/technician-schema.js";
// Field service
export {
  createTechnicianSchema,
  skillSchema,
  territorySchema,
  updateTechnicianSchema,
} from "./field-service/technician-schema.js";
export type { TechnicianService } from "./field-service/technician-service.js";
export type { WorkOrder } from "./field-service/work-order-entity.js";
export type { WorkOrderPart } from "./field-service/work-order-moves.js";
export type {
  CompleteWorkOrderInput,
  CreateWorkOrderInput,
  DispatchInput,
  OutcomeReasonInput,
  PartInput,
  ProgressInput,
  UpdateWorkOrderInput,
  WorkOrderLocation,
  WorkOrderStatus,
} from "./field-service/work-order-schema.js";
export {
  completeWorkOrderSchema,
  createWorkOrderSchema,
  dispatchSchema,
  locationSchema,
  outcomeReasonSchema,
  partSchema,
  progressSchema,
  updateWorkOrderSchema,
  WORK_ORDER_STATUSES,
} from "./field-service/work-order-schema.js";
export type { WorkOrderService } from "./field-service/work-order-service.js";
export type { ArticleCounts, CaseArticleLink, FeedbackListOptions } from "./knowledge/article-engagement.js";
// Knowledge base
export { feedbackListSchema } from "./knowledge/article-engagement.js";
export type { ArticleFeedback, KnowledgeArticle } from "./knowledge/article-entity.js";
export type { ImportArticlesOptions, ImportArticlesResult, ImportProgress } from "./knowledge/article-import.js";
export { IMPORT_ARTICLES_LIMIT } from "./knowledge/article-import.js";
export type { ArticleVersion } from "./knowledge/article-reads.js";
export type { WorkflowOptions } from "./knowledge/article-workflow.js";
export type { KnowledgeCategory } from "./knowledge/category-entity.js";
export { MAX_CATEGORY_DEPTH } from "./knowledge/category-entity.js";
export type { CategoryNode, CategoryService, MoveCategoryInput } from "./knowledge/category-service.js";
export { moveCategorySchema } from "./knowledge/category-service.js";
export type { ArticleCaseLinkData, ArticlePublishedData } from "./knowledge/knowledge-events.js";
export type { PortalActorOptions } from "./knowledge/knowledge-portal.js";
export { KNOWLEDGE_PARTNER_ROLE, KNOWLEDGE_PORTAL_ROLE, portalActor } from "./knowledge/knowledge-portal.js";
export type {
  CreateArticleInput,
  CreateCategoryInput,
  FeedbackInput,
  ImportArticleInput,
  ReviewNoteOptions,
  UpdateArticleInput,
  UpdateCategoryInput,
} from "./knowledge/knowledge-schema.js";
export {
  createArticleSchema,
  createCategorySchema,
  feedbackSchema,
  importArticleSchema,
  reviewNoteSchema,
  updateArticleSchema,
  updateCategorySchema,
} from "./knowledge/knowledge-schema.js";
export type { ArticleHit, ArticleHitPage, ArticleSearchRequest, SuggestInput } from "./knowledge/knowledge-search.js";
export {
  articleSearchSchema,
  SUGGEST_TERMS,
  suggestOptionsSchema,
  suggestSchema,
} from "./knowledge/knowledge-search.js";
export type { KnowledgeService } from "./knowledge/knowledge-service.js";
export type { ArticleFormat, ArticleStatus, ArticleVisibility } from "./knowledge/knowledge-vocabulary.js";
export { ARTICLE_FORMATS, ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from "./knowledge/knowledge-vocabulary.js";
export { salientTerms } from "./knowledge/salient-terms.js";
export type { TldrArticleOptions, TldrPage } from "./knowledge/tldr-pages.js";
export {
  loadTldrPages,
  parseTldrPages,
  relatedSlugs,
  TLDR_ATTRIBUTION,
  tldrPageToArticle,
} from "./knowledge/tldr-pages.js";
export type { Queue, QueueMember } from "./queues/queue-entity.js";
export type { CreateQueueInput, QueueDistribution, QueueMemberInput, UpdateQueueInput } from "./queues/queue-schema.js";
// Queues
export { createQueueSchema, QUEUE_DISTRIBUTIONS, queueMemberSchema, updateQueueSchema } from "./queues/queue-schema.js";
export type { QueueService } from "./queues/queue-service.js";
export type { IntakeRequest } from "./routing/intake-schema.js";
// Intake and routing
export {
  callIntakeSchema,
  chatIntakeSchema,
  emailIntakeSchema,
  intakeCustomerSchema,
  intakeRequestSchema,
  webFormIntakeSchema,
} from "./routing/intake-schema.js";
export type { IntakeResult } from "./routing/intake-service.js";
export type { RoutingDecision, TerminalAction } from "./routing/routing-engine.js";
export type { RoutingRuleSet } from "./routing/routing-rule-set-entity.js";
export type {
  CreateRuleSetInput,
  RoutingAction,
  RoutingConditions,
  RoutingRule,
  UpdateRuleSetInput,
} from "./routing/routing-schema.js";
export {
  createRuleSetSchema,
  routingActionSchema,
  routingConditionsSchema,
  routingRuleSchema,
  updateRuleSetSchema,
} from "./routing/routing-schema.js";
export type { RoutingService, RuleSetService } from "./routing/routing-service.js";
export type { ServiceClient } from "./service-client.js";
export type { ServiceModule, ServiceOptions } from "./service-module.js";
export { service, serviceOptionsSchema } from "./service-module.js";
export { SERVICE_PERMISSIONS } from "./service-permissions.js";
export { DEFAULT_BUYING_KEYWORDS, DEFAULT_COMPLAINT_KEYWORDS, DEFAULT_SLA_TARGETS } from "./service-seed.js";
export type {
  CaseChannel,
  CasePriority,
  CaseStatus,
  CaseType,
  ComplaintSeverity,
  EntitlementStatus,
  EscalationLevel,
  RootCause,
  SlaMetric,
  SlaStatus,
} from "./shared/vocabulary.js";
// Vocabulary
export {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CASE_TYPES,
  COMPLAINT_SEVERITIES,
  ENTITLEMENT_STATUSES,
  ESCALATION_LEVELS,
  ROOT_CAUSES,
  SLA_METRICS,
  SLA_STATUSES,
} from "./shared/vocabulary.js";
export type { CaseSla, SlaClockStatus } from "./sla/case-sla.js";
export type { SlaPolicy } from "./sla/sla-policy-entity.js";
export type { CreateSlaPolicyInput, SlaTarget, SlaTargets, UpdateSlaPolicyInput } from "./sla/sla-policy-schema.js";
export {
  createSlaPolicySchema,
  slaTargetSchema,
  slaTargetsSchema,
  updateSlaPolicySchema,
} from "./sla/sla-policy-schema.js";
export type { SlaPolicyService } from "./sla/sla-policy-service.js";
