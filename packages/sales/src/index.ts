// Module

export type { SalesErrorReason } from "./errors.js";
export { SALES_ERROR_REASONS } from "./errors.js";
export type {
  LeadCapturedData,
  LeadConvertedData,
  OpportunityLostData,
  OpportunityStageChangedData,
  OpportunityWonData,
  SalesEvents,
} from "./events.js";
export { salesEvents } from "./events.js";
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
export type { SalesClient } from "./sales-client.js";
export type { SalesModule } from "./sales-module.js";
export { sales } from "./sales-module.js";
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

// Reports
export { accountParetoSchema, pipelineByStageSchema, winRatesSchema } from "./reports/report-schema.js";
export type { AccountParetoOptions, PipelineByStageOptions, WinRatesOptions } from "./reports/report-schema.js";
export type { ParetoRow, PipelineStageRow, SalesReports, WinRateRow } from "./reports/sales-reports.js";
