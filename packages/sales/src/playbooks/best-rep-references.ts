import type { OperationContext } from "@rapport/core";
import type { SalesDatabase } from "../database.js";
import type { ReferenceActivity, ReferenceRep } from "./playbook-schema.js";

/** The columns of the core `activities` table the references read. */
interface ActivitiesTable {
  tenant_id: string;
  id: string;
  kind: string;
  subject: string | null;
  body: string | null;
  outcome: string | null;
  owner_id: string | null;
  occurred_at: string;
  related_type: string;
  related_id: string;
  archived_at: string | null;
}

type ReferenceTables = SalesDatabase & { activities: ActivitiesTable };

/** True when the actor's roles hide `field` of `entityType`: the references leave it out. */
function hides(
  policy: Awaited<ReturnType<OperationContext["policy"]>>,
  op: OperationContext,
  entityType: string,
  field: string,
) {
  return policy.fieldAccess(op.actor, entityType, field) === "hidden";
}

/** Which won deals rank the reps. */
export interface RankingWindow {
  readonly pipelineId: string;
  readonly currency: string;
  /** Inclusive ISO-8601 start. */
  readonly from: string;
  /** Exclusive ISO-8601 end. */
  readonly to: string;
}

/**
 * The reps with the most won revenue in the window: opportunities of the pipeline won
 * (closed) in the period, in the currency, summed per owner — one SQL aggregate.
 */
export async function topReps(
  op: OperationContext<ReferenceTables>,
  window: RankingWindow,
  count: number,
): Promise<ReferenceRep[]> {
  const db = op.db;
  // A hidden amount ranks by deals won instead: a ranking by revenue would tell what it hides.
  const amountHidden = hides(await op.policy(), op, "opportunity", "amount");
  const rows = await db
    .selectFrom("sales_opportunities")
    .select((eb) => [
      "owner_id",
      eb.fn.sum<number | string>("amount").as("won_amount"),
      eb.fn.countAll<number | string>().as("won_count"),
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("pipeline_id", "=", window.pipelineId)
    .where("status", "=", "won")
    .where("currency", "=", window.currency)
    .where("closed_at", ">=", window.from)
    .where("closed_at", "<", window.to)
    .where("owner_id", "is not", null)
    .where("archived_at", "is", null)
    .groupBy("owner_id")
    .orderBy(amountHidden ? "won_count" : "won_amount", "desc")
    .orderBy("owner_id")
    .limit(count)
    .execute();
  return rows.map((row) => ({
    userId: row.owner_id as string,
    ...(amountHidden ? {} : { wonAmount: Number(row.won_amount ?? 0) }),
    wonCount: Number(row.won_count),
  })) as ReferenceRep[];
}

/**
 * The most recent activities the given reps logged on won opportunities of the pipeline
 * while those opportunities were in `stageKey` (between entering and leaving it, per the
 * stage history), newest first.
 */
export async function referenceActivities(
  op: OperationContext<ReferenceTables>,
  pipelineId: string,
  stageKey: string,
  userIds: readonly string[],
  limit: number,
): Promise<ReferenceActivity[]> {
  if (userIds.length === 0) return [];
  const db = op.db;
  const rows = await db
    .selectFrom("activities as a")
    .innerJoin("sales_opportunities as o", (join) =>
      join.onRef("o.tenant_id", "=", "a.tenant_id").onRef("o.id", "=", "a.related_id"),
    )
    .innerJoin("sales_stage_history as h", (join) =>
      join.onRef("h.tenant_id", "=", "o.tenant_id").onRef("h.opportunity_id", "=", "o.id"),
    )
    .select([
      "a.id as activity_id",
      "a.kind",
      "a.subject",
      "a.body",
      "a.outcome",
      "a.owner_id",
      "a.occurred_at",
      "o.id as opportunity_id",
      "o.name as opportunity_name",
    ])
    .where("a.tenant_id", "=", op.tenantId)
    .where("a.related_type", "=", "opportunity")
    .where("a.archived_at", "is", null)
    .where("a.owner_id", "in", userIds)
    .where("o.pipeline_id", "=", pipelineId)
    .where("o.status", "=", "won")
    .where("h.stage_key", "=", stageKey)
    .whereRef("a.occurred_at", ">=", "h.entered_at")
    .where((eb) => eb.or([eb("h.left_at", "is", null), eb("a.occurred_at", "<", eb.ref("h.left_at"))]))
    .orderBy("a.occurred_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  const policy = await op.policy();
  const shown = (entityType: string, field: string, value: unknown) =>
    hides(policy, op, entityType, field) ? {} : { [field === "name" ? "opportunityName" : field]: value };
  return rows.map(
    (row) =>
      ({
        activityId: row.activity_id,
        opportunityId: row.opportunity_id,
        ...shown("opportunity", "name", row.opportunity_name),
        userId: row.owner_id as string,
        ...shown("activity", "kind", row.kind),
        ...shown("activity", "subject", row.subject),
        ...shown("activity", "body", row.body),
        ...shown("activity", "outcome", row.outcome),
        occurredAt: row.occurred_at,
      }) as ReferenceActivity,
  );
}
