import { eventOf, type ModuleContext, parseInput } from "@rapport/core";
import type * as z from "zod";
import type { CleansingPart } from "../cleansing-part.js";
import { applyMerge, type MergeResult } from "./merge-apply.js";
import { mergeLogMigration } from "./merge-migration.js";
import { type MergePlan, prepareMerge } from "./merge-plan.js";
import { mergeIdSchema, mergePlanInputSchema, mergePlanSchema } from "./merge-schema.js";
import { type UndoResult, undoMerge } from "./merge-undo.js";

/** The payload of `<type>.merged` and `<type>.merge_undone`. */
export interface MergeEventPayload {
  readonly mergeId: string;
  readonly survivorId: string;
  readonly loserIds: readonly string[];
}

/** The merge area's events. */
export const mergeEvents = {
  "contact.merged": eventOf<MergeEventPayload>(),
  "contact.merge_undone": eventOf<MergeEventPayload>(),
  "account.merged": eventOf<MergeEventPayload>(),
  "account.merge_undone": eventOf<MergeEventPayload>(),
  "lead.merged": eventOf<MergeEventPayload>(),
  "lead.merge_undone": eventOf<MergeEventPayload>(),
  "product.merged": eventOf<MergeEventPayload>(),
  "product.merge_undone": eventOf<MergeEventPayload>(),
};

/** `client.cleansing.merge`: plan a merge, apply the plan, undo it. */
export interface MergeClient {
  readonly merge: {
    /**
     * Plans merging `loserIds` into `survivorId` (records of one `entityType`: contact,
     * account, lead or product): each differing field's winner by the survivorship rules
     * (`rules.default`, `rules.fields`, `overrides` per field), the conflicts, the related
     * records and rows to re-point, and the version of every record read. Writes nothing.
     * Needs `<type>:update` on every record and `<type>:archive` on the losers.
     *
     * @example
     * ```ts
     * const plan = await client.cleansing.merge.plan({ entityType: "contact", survivorId, loserIds: [dupId], rules: { default: "most_recent" } });
     * ```
     */
    plan(input: z.input<typeof mergePlanInputSchema>): Promise<MergePlan>;
    /**
     * Applies a plan in one transaction: the losers archived, the survivor's fields set,
     * related records and rows re-pointed, a merge log and `<type>.merged` written. A record
     * changed since planning refuses it (`MERGE_PLAN_STALE`) and nothing is written.
     */
    apply(plan: MergePlan | z.input<typeof mergePlanSchema>): Promise<MergeResult>;
    /**
     * Undoes a merge in one transaction: the records' fields written back, the losers
     * restored, re-pointed rows pointed back. `INVALID_TRANSITION` (`details.reason`:
     * `merge_undone`, `merge_superseded`) when it was undone already or a record changed since.
     */
    undo(mergeId: string): Promise<UndoResult>;
  };
}

/** The merge area of the cleansing module. */
export const mergePart: CleansingPart<MergeClient, typeof mergeEvents> = {
  migrations: [mergeLogMigration],
  entities: [],
  permissions: {},
  events: mergeEvents,
  jobs: [],
  client: (ctx: ModuleContext): MergeClient => ({
    merge: {
      plan: (input) =>
        ctx.read(async (op) => (await prepareMerge(op, parseInput(mergePlanInputSchema, input), false)).plan),
      apply: (plan) => ctx.run((op) => applyMerge(op, parseInput(mergePlanSchema, plan))),
      undo: (mergeId) => ctx.run((op) => undoMerge(op, parseInput(mergeIdSchema, mergeId))),
    },
  }),
};
