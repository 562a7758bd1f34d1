import { idSchema, longTextSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { stageKeySchema } from "../pipelines/stage-schema.js";
import { dateSchema, moneyNeedsCurrency, opportunityFields } from "./opportunity-schema.js";

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** One stage the opportunity entered, and when. */
const stageVisitSchema = z.object({ stageKey: stageKeySchema, enteredAt: instant }).strict();

/**
 * One opportunity of another system's history, as `opportunities.importHistory` takes it:
 * the fields of `create` (with `accountId` optional), when it was created, and how far it
 * got — still open in a stage, or already won or lost on a close date.
 */
export const opportunityHistorySchema = withRecordExtensions(
  z
    .object({
      name: opportunityFields.name,
      /** The account; leave it out for a deal that had none (it joins the tenant's "(no account)" account). */
      accountId: opportunityFields.accountId.nullable().optional(),
      primaryContactId: opportunityFields.primaryContactId.optional(),
      ownerId: opportunityFields.ownerId.optional(),
      pipelineId: idSchema("pipe").optional(),
      amount: opportunityFields.amount.optional(),
      currency: opportunityFields.currency.optional(),
      recurringAmount: opportunityFields.recurringAmount.optional(),
      termMonths: opportunityFields.termMonths.optional(),
      probability: opportunityFields.probability.optional(),
      source: opportunityFields.source.optional(),
      nextStep: opportunityFields.nextStep.optional(),
      description: opportunityFields.description.optional(),
      /** When the deal was created in the other system; not after now. */
      createdAt: instant,
      /** @default "open" */
      status: z.enum(["open", "won", "lost"]).default("open"),
      /** An open deal's stage. @default the last of `stageHistory`, else the pipeline's first open stage */
      stageKey: stageKeySchema.optional(),
      /** The expected close date of an open deal; the day a won or lost deal closed (required then). */
      closeDate: dateSchema.nullable().optional(),
      /** When a won or lost deal closed. @default the start of `closeDate` (UTC), or `createdAt` when that is later */
      closedAt: instant.optional(),
      /** Why a lost deal was lost. @default the tenant's "Unspecified" reason */
      lostReasonId: idSchema("lrsn").optional(),
      lostNote: longTextSchema.max(2_000).optional(),
      /** The open stages it went through, oldest first; the won or lost stage follows at `closedAt`. */
      stageHistory: z.array(stageVisitSchema).max(100).optional(),
    })
    .strict()
    .superRefine(moneyNeedsCurrency)
    .superRefine(closedDealRules),
);
export type OpportunityHistoryInput = z.input<typeof opportunityHistorySchema>;
export type OpportunityHistory = z.output<typeof opportunityHistorySchema>;

type RowValues = {
  createdAt: string;
  status: "open" | "won" | "lost";
  closeDate?: string | null | undefined;
  closedAt?: string | undefined;
  amount?: number | null | undefined;
  recurringAmount?: number | null | undefined;
  lostReasonId?: string | undefined;
  lostNote?: string | undefined;
  stageKey?: string | undefined;
  stageHistory?: { stageKey: string; enteredAt: string }[] | undefined;
};

/** The order of a deal's dates, and what a closed deal must say. */
function closedDealRules(row: RowValues, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  const createdDay = row.createdAt.slice(0, 10);
  const closed = row.status !== "open";
  if (closed && row.closeDate == null) issue("closeDate", `A ${row.status} deal needs its close date`);
  if (closed && row.closeDate != null && row.closeDate < createdDay)
    issue("closeDate", `The close date ${row.closeDate} is before the deal was created (${createdDay})`);
  if (row.status === "won" && row.amount == null && row.recurringAmount == null)
    issue("amount", "A won deal needs its amount");
  if (!closed && row.closedAt !== undefined) issue("closedAt", "Only a won or lost deal has closedAt");
  if (closed && row.closedAt !== undefined && row.closedAt < row.createdAt)
    issue("closedAt", "closedAt is before createdAt");
  if (closed && row.stageKey !== undefined) issue("stageKey", `A ${row.status} deal is in the ${row.status} stage`);
  if (row.status !== "lost" && (row.lostReasonId !== undefined || row.lostNote !== undefined))
    issue("lostReasonId", "Only a lost deal has a lost reason");
  let previous = row.createdAt;
  for (const visit of row.stageHistory ?? []) {
    if (visit.enteredAt < previous) {
      issue("stageHistory", "Stage visits go oldest first, from createdAt on");
      break;
    }
    previous = visit.enteredAt;
  }
  if (closed && row.closedAt !== undefined && previous > row.closedAt)
    issue("stageHistory", "A stage was entered after the deal closed");
}
