import { currencySchema, idSchema, textSchema } from "@rapport/core";
import * as z from "zod";
import { stageKeySchema } from "../pipelines/stage-schema.js";

/**
 * Where buyers get the information that moves them at a stage of the buying process:
 * mass media while they become aware, the salesperson once interested, technical sources
 * while evaluating, their own hands-on experience in a trial, and references (other
 * customers) before they adopt.
 */
export const INFORMATION_SOURCES = [
  "mass_media",
  "salesperson",
  "technical_sources",
  "hands_on",
  "references",
  "peers",
  "events",
  "web_content",
] as const;
export type InformationSource = (typeof INFORMATION_SOURCES)[number];

/** Activity kinds a playbook recommends (the kinds of the core activity log). */
export const RECOMMENDED_ACTIVITY_TYPES = ["call", "email", "meeting", "note", "task"] as const;
export type RecommendedActivityType = (typeof RECOMMENDED_ACTIVITY_TYPES)[number];

/** One activity a playbook recommends at its stage. */
export interface RecommendedActivity {
  readonly type: RecommendedActivityType;
  readonly subject: string;
}

const recommendedActivitySchema = z
  .object({ type: z.enum(RECOMMENDED_ACTIVITY_TYPES), subject: textSchema().trim().min(1).max(300) })
  .strict();

/** Input of `playbooks.update`: any of the guidance lists, each replaced whole. */
export const updatePlaybookSchema = z
  .object({
    informationSources: z.array(z.enum(INFORMATION_SOURCES)).max(INFORMATION_SOURCES.length),
    recommendedActivities: z.array(recommendedActivitySchema).max(50),
    checklist: z.array(textSchema().trim().min(1).max(500)).max(50),
  })
  .partial()
  .strict();
export type UpdatePlaybookInput = z.input<typeof updatePlaybookSchema>;

/** Which stage a playbook call is about. */
export const playbookTargetSchema = z
  .object({
    stageKey: stageKeySchema,
    /** @default the default pipeline */
    pipelineId: idSchema("pipe").optional(),
  })
  .strict();
export type PlaybookTarget = z.input<typeof playbookTargetSchema>;

/**
 * Options of `playbooks.forStage`: how the reference reps are chosen. The best reps are
 * those with the most won revenue in `currency` among opportunities closed in the period.
 */
export const forStageOptionsSchema = z
  .object({
    /** The pipeline the stage belongs to. @default the default pipeline */
    pipelineId: idSchema("pipe").optional(),
    /** Won revenue is compared in this currency (amounts in other currencies are not converted). */
    currency: currencySchema,
    /** Start of the period (inclusive, ISO-8601). @default 90 days before `to` */
    from: z.iso.datetime().optional(),
    /** End of the period (exclusive, ISO-8601). @default now */
    to: z.iso.datetime().optional(),
    /** How many top reps to learn from. @default 3 */
    reps: z.number().int().min(1).max(20).optional(),
    /** How many reference activities to return. @default 20 */
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type ForStageOptions = z.input<typeof forStageOptionsSchema>;

/** A stage's guidance. */
export interface Playbook {
  readonly pipelineId: string;
  readonly stageKey: string;
  readonly stageName: string;
  readonly informationSources: readonly InformationSource[];
  readonly recommendedActivities: readonly RecommendedActivity[];
  readonly checklist: readonly string[];
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A top rep: their won revenue and deal count in the period. */
export interface ReferenceRep {
  readonly userId: string;
  /** Won revenue in minor units of the requested currency; absent when the reader's roles hide `opportunity.amount` (reps are then ranked by deals won). */
  readonly wonAmount: number;
  readonly wonCount: number;
}

/** An activity a top rep logged on a won opportunity while it was in the stage; a field the reader's roles hide (the activity's, or the opportunity's name) is absent. */
export interface ReferenceActivity {
  readonly activityId: string;
  readonly opportunityId: string;
  readonly opportunityName: string;
  readonly userId: string;
  /** `call`, `email`, `meeting`, `note` or `task`. */
  readonly kind: string;
  readonly subject: string | null;
  readonly body: string | null;
  readonly outcome: string | null;
  /** When the activity happened (its `occurredAt`). */
  readonly occurredAt: string;
}

/** What `playbooks.forStage` returns: the guidance and what the best reps did at this stage. */
export interface StagePlaybook extends Playbook {
  readonly references: {
    readonly currency: string;
    readonly from: string;
    readonly to: string;
    readonly reps: readonly ReferenceRep[];
    readonly activities: readonly ReferenceActivity[];
  };
}
