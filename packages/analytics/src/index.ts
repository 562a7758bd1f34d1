export type { AnalyticsModule } from "./analytics-module.js";
export { analytics } from "./analytics-module.js";
export type { CleansingClient, CleansingModule, CleansingOptions } from "./cleansing/cleansing-module.js";
export { cleansing } from "./cleansing/cleansing-module.js";
export type { CleansingPart } from "./cleansing/cleansing-part.js";
export type { DuplicateJob, JobPair } from "./cleansing/jobs/duplicate-job.js";
export type { JobsClient } from "./cleansing/jobs/jobs-part.js";
export type { FinderStats, FoundPair } from "./cleansing/matching/duplicate-finder.js";
export type { ExtraField, MatchEntityType } from "./cleansing/matching/entity-rules.js";
export { MATCH_ENTITY_TYPES } from "./cleansing/matching/entity-rules.js";
export type { LevelProbabilities } from "./cleansing/matching/fellegi-sunter.js";
export { DEFAULT_PRIOR, DEFAULT_PROBABILITIES } from "./cleansing/matching/fellegi-sunter.js";
export type { AgreementLevel, ComparisonKind } from "./cleansing/matching/field-comparison.js";
export { AGREEMENT_LEVELS, COMPARISON_KINDS } from "./cleansing/matching/field-comparison.js";
export type {
  DuplicatePage,
  FindDuplicatesInput,
  LinkedPair,
  LinkPage,
  LinkRecordsInput,
  ListQualityInput,
  MatchingClient,
} from "./cleansing/matching/matching-part.js";
export { findDuplicatesSchema, linkRecordsSchema, listQualitySchema } from "./cleansing/matching/matching-part.js";
export { DEFAULT_MAX_BLOCK, DEFAULT_THRESHOLD } from "./cleansing/matching/matching-settings.js";
export type { MatchReason } from "./cleansing/matching/pair-scorer.js";
export type { LinkSide } from "./cleansing/matching/set-filter.js";
export type { MergeResult } from "./cleansing/merge/merge-apply.js";
export { MERGE_UNDO_REFUSALS, MergePlanStaleError } from "./cleansing/merge/merge-errors.js";
export type { MergeClient, MergeEventPayload } from "./cleansing/merge/merge-part.js";
export type { MergePlan, RelatedRecord, RelatedRows } from "./cleansing/merge/merge-plan.js";
export type { MergePlanInput, SurvivorshipRule } from "./cleansing/merge/merge-schema.js";
export { MERGEABLE_TYPES, SURVIVORSHIP_RULES } from "./cleansing/merge/merge-schema.js";
export type { FieldDecision } from "./cleansing/merge/merge-survivorship.js";
export type { UndoResult } from "./cleansing/merge/merge-undo.js";
export type { NormalisedAddress, NormalisedPostcode } from "./cleansing/normalise/address.js";
export type { NormalisedCompanyName } from "./cleansing/normalise/company-name.js";
export type { NormalisedEmail } from "./cleansing/normalise/email.js";
export type { NormalisedPersonName } from "./cleansing/normalise/person-name.js";
export type { NormalisedPhone } from "./cleansing/normalise/phone.js";
export type { QualityFlag } from "./cleansing/quality/quality-flags.js";
export { QUALITY_FLAGS } from "./cleansing/quality/quality-flags.js";
export type { QualityItem, QualityPage } from "./cleansing/quality/quality-list.js";
export type { DuplicateDetectedPayload, DuplicateMatch } from "./cleansing/rules/rule-check.js";
export type { DuplicateRule } from "./cleansing/rules/rule-entity.js";
export { DUPLICATE_RULE_ACTIONS } from "./cleansing/rules/rule-entity.js";
export type { DuplicateAlert, DuplicateRuleOptions, RulesClient } from "./cleansing/rules/rules-part.js";
