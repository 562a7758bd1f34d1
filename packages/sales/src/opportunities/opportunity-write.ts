import { createEntityService, idSchema, type OperationContext, parseInput, runCompiled } from "@rapport/core";
import { changedMeanwhile, invalidTransition, staleVersion } from "../errors.js";
import { boundContext } from "../internal/bound-context.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";

type Changes = Partial<
  Pick<
    Opportunity,
    | "stageKey"
    | "status"
    | "probability"
    | "probabilitySource"
    | "stageEnteredAt"
    | "closedAt"
    | "closeDate"
    | "lostReasonId"
    | "lostNote"
    | "lostToCompetitorId"
  >
>;

const COLUMNS: Record<keyof Changes, string> = {
  stageKey: "stage_key",
  status: "status",
  probability: "probability",
  probabilitySource: "probability_source",
  stageEnteredAt: "stage_entered_at",
  closedAt: "closed_at",
  closeDate: "close_date",
  lostReasonId: "lost_reason_id",
  lostNote: "lost_note",
  lostToCompetitorId: "lost_to_competitor_id",
};

/**
 * Loads an opportunity a verb will change: locks its row where the database can, checks
 * the actor may read it and that the caller's version is current, and refuses archived ones.
 */
export async function loadForVerb(
  op: OperationContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<Opportunity> {
  const parsedId = parseInput(idSchema("opp"), id);
  const opportunity = await createEntityService(boundContext(op), opportunityEntity).getForUpdate(parsedId);
  if (expectedVersion !== undefined && expectedVersion !== opportunity.version) {
    throw staleVersion("opportunity", parsedId, expectedVersion, opportunity.version);
  }
  if (opportunity.archivedAt !== null)
    throw invalidTransition(`Opportunity ${parsedId} is archived`, "opportunity_closed", { id: parsedId });
  return opportunity;
}

/**
 * Writes a verb's changes to an opportunity if nobody changed it meanwhile: bumps the
 * version, audits the verb as `action` and emits `opportunity.updated` with the changed fields.
 */
export async function writeOpportunity(
  op: OperationContext,
  before: Opportunity,
  changes: Changes,
  action: string,
): Promise<Opportunity> {
  const after: Opportunity = {
    ...before,
    ...changes,
    version: before.version + 1,
    updatedAt: op.timestamp,
    updatedBy: op.actor.userId,
  };
  const set: Record<string, unknown> = {
    version: after.version,
    updated_at: op.timestamp,
    updated_by: op.actor.userId,
  };
  for (const [field, value] of Object.entries(changes)) set[COLUMNS[field as keyof Changes]] = value;
  const result = await runCompiled(
    op,
    `update:sales_opportunities:${Object.keys(set).join(",")}`,
    [...Object.values(set), op.tenantId, before.id, before.version],
    () =>
      op.db
        .updateTable("sales_opportunities")
        .set(set)
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", before.id)
        .where("version", "=", before.version),
  );
  if (Number(result.numAffectedRows ?? 0) !== 1) throw changedMeanwhile("opportunity", before.id, before.version);
  const asFields = (record: Opportunity) => record as unknown as Readonly<Record<string, unknown>>;
  await op.audit({
    entityType: "opportunity",
    entityId: before.id,
    action,
    before: asFields(before),
    after: asFields(after),
  });
  const changed = (Object.keys(changes) as (keyof Changes)[]).filter((k) => before[k] !== after[k]);
  op.emit("opportunity.updated", { id: after.id, version: after.version, changed });
  return after;
}
