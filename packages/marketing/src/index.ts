// Campaigns: phases and goals, segments, members and responses, influence and attribution
export type {
  AttributionModel,
  AttributionOptions,
  CampaignAttribution,
  InfluencedOpportunity,
  OpportunityCampaign,
} from "./campaigns/attribution/attribution.js";
export { ATTRIBUTION_MODELS, attributionOptionsSchema } from "./campaigns/attribution/attribution.js";
export type {
  CampaignStatusChangedData,
  MemberStatusChangedData,
  PhaseCompletedData,
  PhaseStartedData,
} from "./campaigns/campaign-events.js";
export type { Campaign, CampaignCost } from "./campaigns/campaigns/campaign-entity.js";
export type {
  AddCostInput,
  CampaignStatus,
  CampaignType,
  CreateCampaignInput,
  UpdateCampaignInput,
} from "./campaigns/campaigns/campaign-schema.js";
export {
  addCostSchema,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TYPES,
  createCampaignSchema,
  updateCampaignSchema,
} from "./campaigns/campaigns/campaign-schema.js";
export type { CampaignRollup } from "./campaigns/campaigns/campaign-service.js";
export type { CampaignsClient } from "./campaigns/campaigns-part.js";
export type {
  CampaignInfluence,
  CampaignMember,
  CampaignResponse,
  MemberStatus,
} from "./campaigns/members/member-entities.js";
export type {
  AddMembersInput,
  CreateMemberStatusInput,
  InfluenceInput,
  RecordResponseInput,
  UpdateMemberStatusInput,
} from "./campaigns/members/member-schema.js";
export {
  addMembersSchema,
  createMemberStatusSchema,
  influenceSchema,
  recordResponseSchema,
  updateMemberStatusSchema,
} from "./campaigns/members/member-schema.js";
export { DEFAULT_MEMBER_STATUSES } from "./campaigns/members/member-statuses-seed.js";
export type { CampaignPhase, PhaseStatus } from "./campaigns/phases/phase-entity.js";
export { PHASE_STATUSES } from "./campaigns/phases/phase-entity.js";
export type { GoalAttainment, PhaseResult } from "./campaigns/phases/phase-results.js";
export type { AddPhaseInput, Goal, GoalMetric, UpdatePhaseInput } from "./campaigns/phases/phase-schema.js";
export { addPhaseSchema, GOAL_METRICS, goalSchema, updatePhaseSchema } from "./campaigns/phases/phase-schema.js";
export type { Segment } from "./campaigns/segments/segment-entity.js";
export type {
  CreateSegmentInput,
  SegmentKind,
  SegmentPageOptions,
  SegmentRecordType,
  SegmentRule,
  UpdateSegmentInput,
} from "./campaigns/segments/segment-schema.js";
export {
  createSegmentSchema,
  SEGMENT_KINDS,
  SEGMENT_RECORD_TYPES,
  segmentPageSchema,
  segmentRuleSchema,
  updateSegmentSchema,
} from "./campaigns/segments/segment-schema.js";
export type { CampaignFigures } from "./campaigns/shared/campaign-figures.js";
// Content library: items, stage content and what an opportunity shows
export type { ContentItem, CreateContentInput, UpdateContentInput } from "./content/content-entity.js";
export type { ContentErrorReason } from "./content/content-errors.js";
export { CONTENT_ERROR_REASONS } from "./content/content-errors.js";
export type { ContentClient } from "./content/content-part.js";
export type { ContentKind, ContentStatus, StageTarget } from "./content/content-schema.js";
export {
  assetUrlSchema,
  CONTENT_KINDS,
  CONTENT_STATUSES,
  createContentSchema,
  mimeTypeSchema,
  stageTargetSchema,
  updateContentSchema,
} from "./content/content-schema.js";
export type { ContentService } from "./content/content-service.js";
export type { OpportunityContent, StageContent, StageContentLink } from "./content/stage-content.js";
export { STAGE_CONTENT_LIMIT } from "./content/stage-content.js";
export type { MarketingClient, MarketingEvents, MarketingModule, MarketingOptions } from "./marketing-module.js";
export { marketing } from "./marketing-module.js";
export type { MarketingPart } from "./marketing-part.js";
// Outreach: consent, suppression, email templates and mass email
export type { Consent, Suppression } from "./outreach/consent/consent-entity.js";
export type {
  AddSuppressionInput,
  ConsentChannel,
  ConsentQuery,
  ConsentRequestInput,
  ConsentStatus,
  ConsentSubject,
  LawfulBasis,
  RecordConsentInput,
  SuppressionReason,
} from "./outreach/consent/consent-schema.js";
export {
  addSuppressionSchema,
  CONSENT_CHANNELS,
  CONSENT_STATUSES,
  consentQuerySchema,
  consentRequestSchema,
  consentSubjectSchema,
  LAWFUL_BASES,
  recordConsentSchema,
  SUPPRESSION_REASONS,
} from "./outreach/consent/consent-schema.js";
export type {
  ConsentDecision,
  ConsentDecisionReason,
  ConsentService,
  OptInRequest,
} from "./outreach/consent/consent-service.js";
export type { ConsentEventData } from "./outreach/consent/consent-store.js";
export type { SuppressionService } from "./outreach/consent/suppression-service.js";
export type {
  BounceInput,
  ComplaintInput,
  MailRecipientClickedData,
  MailRecipientEventData,
  UnsubscribeResult,
} from "./outreach/email/email-feedback.js";
export { bounceSchema, complaintSchema } from "./outreach/email/email-feedback.js";
export type { EmailService, MailRecipient } from "./outreach/email/email-service.js";
export type { MailSendRecord, MailSendStatus } from "./outreach/email/mail-send-entity.js";
export { MAIL_SEND_STATUSES } from "./outreach/email/mail-send-entity.js";
export type { MailRecipientSentData, MailSendCompletedData, SendReport } from "./outreach/email/send-delivery.js";
export type { CreateSendInput } from "./outreach/email/send-schema.js";
export { createSendSchema, mergeDataSchema } from "./outreach/email/send-schema.js";
export type { OutreachErrorReason } from "./outreach/outreach-errors.js";
export { OUTREACH_ERROR_REASONS } from "./outreach/outreach-errors.js";
export type { OutreachOptions } from "./outreach/outreach-options.js";
export type { OutreachClient } from "./outreach/outreach-part.js";
export type { RecipientStatus } from "./outreach/outreach-tables.js";
export { RECIPIENT_STATUSES } from "./outreach/outreach-tables.js";
export type { ContactMergeField, RenderedParts } from "./outreach/templates/template-engine.js";
export { CONTACT_MERGE_FIELDS, MESSAGE_MERGE_FIELDS } from "./outreach/templates/template-engine.js";
export type { CreateTemplateInput, EmailTemplate, UpdateTemplateInput } from "./outreach/templates/template-entity.js";
export { createTemplateSchema, updateTemplateSchema } from "./outreach/templates/template-entity.js";
export type { TemplateService } from "./outreach/templates/template-service.js";
export { previewSchema } from "./outreach/templates/template-service.js";
export type {
  MailTransport,
  OutgoingMessage,
  TransportReceipt,
} from "./outreach/transports/mail-transport.js";
export type { MemoryTransport } from "./outreach/transports/memory-transport.js";
export { memoryTransport } from "./outreach/transports/memory-transport.js";
export type { SmtpTransport, SmtpTransportOptions } from "./outreach/transports/smtp-transport.js";
export { smtpTransport } from "./outreach/transports/smtp-transport.js";
// Letters and labels
export type { LabelLayout, LabelLayoutName, PaperSize } from "./print/label-layouts.js";
export { LABEL_LAYOUT_NAMES, LABEL_LAYOUTS, PAPER_SIZES } from "./print/label-layouts.js";
export type { Letterhead } from "./print/letterhead.js";
export type { LetterMergeValues } from "./print/merge-template.js";
export { LETTER_MERGE_FIELDS } from "./print/merge-template.js";
export type { Addressee } from "./print/postal-address.js";
export { postalLines } from "./print/postal-address.js";
export type { LabelInput, LetterheadInput, LetterInput, PrintFormat, PrintPurpose } from "./print/print-schema.js";
export {
  labelInputSchema,
  letterheadSchema,
  letterInputSchema,
  PRINT_FORMATS,
  PRINT_PURPOSES,
  PRINT_RECIPIENT_LIMIT,
} from "./print/print-schema.js";
export type { HtmlOutput, LabelOutput, PdfOutput, PrintService } from "./print/print-service.js";
export type { UnprintableWhy } from "./print/recipients.js";
