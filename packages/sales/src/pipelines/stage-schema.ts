import { nameSchema } from "@rapport/core";
import * as z from "zod";

/** What a stage means for the opportunities in it: still being worked, won, or lost. */
export const STAGE_KINDS = ["open", "won", "lost"] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * Opportunity fields a stage can require before an opportunity may enter it.
 * `competitors` requires at least one competitor recorded on the opportunity.
 */
export const REQUIRABLE_FIELDS = [
  "amount",
  "closeDate",
  "primaryContactId",
  "nextStep",
  "recurringAmount",
  "termMonths",
  "source",
  "description",
  "competitors",
] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export const STAGE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A stage key: lowercase letters, digits and `_`, starting with a letter. Keys never change once created. */
export const stageKeySchema = z
  .string()
  .regex(STAGE_KEY_PATTERN, "Stage keys are lowercase letters, digits and _, starting with a letter");

const probabilitySchema = z.number().int().min(0).max(100);

function closedStageProbability(
  value: { kind?: StageKind | undefined; probability?: number | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.kind === "won" && value.probability !== undefined && value.probability !== 100) {
    ctx.addIssue({ code: "custom", path: ["probability"], message: "A won stage has probability 100" });
  }
  if (value.kind === "lost" && value.probability !== undefined && value.probability !== 0) {
    ctx.addIssue({ code: "custom", path: ["probability"], message: "A lost stage has probability 0" });
  }
}

/** One stage as given to `pipelines.create` and `pipelines.addStage`. */
export const stageInputSchema = z
  .object({
    key: stageKeySchema,
    name: nameSchema,
    /** Win probability in percent (0–100); opportunities in the stage default to it. */
    probability: probabilitySchema,
    /** @default "open" */
    kind: z.enum(STAGE_KINDS).default("open"),
    /** Fields an opportunity must have to enter the stage. @default [] */
    requiredFields: z.array(z.enum(REQUIRABLE_FIELDS)).max(REQUIRABLE_FIELDS.length).default([]),
  })
  .strict()
  .superRefine(closedStageProbability);
export type StageInput = z.input<typeof stageInputSchema>;

/** Input of `pipelines.addStage`: a stage, placed after `after` (default: after the last open stage). */
export const addStageSchema = z
  .object({
    key: stageKeySchema,
    name: nameSchema,
    probability: probabilitySchema,
    kind: z.enum(STAGE_KINDS).default("open"),
    requiredFields: z.array(z.enum(REQUIRABLE_FIELDS)).max(REQUIRABLE_FIELDS.length).default([]),
    /** The key of the stage the new one follows. */
    after: stageKeySchema.optional(),
  })
  .strict()
  .superRefine(closedStageProbability);
export type AddStageInput = z.input<typeof addStageSchema>;

/** Input of `pipelines.updateStage`: rename, re-weigh or change required fields. The key and kind never change. */
export const updateStageSchema = z
  .object({
    name: nameSchema,
    probability: probabilitySchema,
    requiredFields: z.array(z.enum(REQUIRABLE_FIELDS)).max(REQUIRABLE_FIELDS.length),
  })
  .partial()
  .strict();
export type UpdateStageInput = z.input<typeof updateStageSchema>;

/** Input of `pipelines.reorderStages`: every active stage key, once, in the new order. */
export const reorderStagesSchema = z.array(stageKeySchema).min(1).max(100);

/** A stage of a pipeline. */
export interface Stage {
  readonly id: string;
  readonly pipelineId: string;
  /** Stable identifier used by opportunities (`"evaluation"`). */
  readonly key: string;
  readonly name: string;
  /** 1-based position in the pipeline; retired stages keep theirs after the active ones. */
  readonly position: number;
  /** Win probability in percent. */
  readonly probability: number;
  readonly kind: StageKind;
  readonly requiredFields: readonly RequirableField[];
  /** When the stage was retired; retired stages take no new opportunities but keep the ones in them. */
  readonly retiredAt: string | null;
}
