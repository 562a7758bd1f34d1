import {
  boundContext,
  type CoreClient,
  createEntityService,
  existingRecords,
  ForbiddenError,
  type ModuleContext,
  type OperationContext,
  parseInput,
  ValidationError,
  type ValidationIssue,
} from "@rapport/core";
import { insertValues } from "@rapport/core/internals";
import * as z from "zod";
import { lostReasonEntity } from "../lost-reasons/lost-reason-entity.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
import type { Stage } from "../pipelines/stage-schema.js";
import { loadStages } from "../pipelines/stage-store.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";
import { type OpportunityHistory, opportunityHistorySchema } from "./opportunity-import-schema.js";
import { VISIT_COLUMNS } from "./stage-history.js";

/** The most rows one transaction of `importHistory` writes. */
export const IMPORT_BATCH_SIZE = 1_000;

/** The external key of the account deals without one are imported into, and of the default lost reason. */
const IMPORT_KEYS = { system: "rapport", noAccount: "import:no-account", unspecified: "import:unspecified" } as const;

/** Options of `opportunities.importHistory`. */
export interface ImportHistoryOptions {
  /** Called after each committed batch. */
  readonly onProgress?: (progress: { readonly imported: number; readonly total: number }) => void;
  /** Rows per transaction, 1–1,000. @default 1_000 */
  readonly batchSize?: number;
}

/** What `opportunities.importHistory` did. */
export interface ImportHistoryResult {
  /** The new opportunities' ids, in the order of the rows. */
  readonly ids: readonly string[];
}

const optionsSchema = z.object({ batchSize: z.number().int().min(1).max(IMPORT_BATCH_SIZE).optional() });
const rowsSchema = z.array(z.unknown()).min(1).max(10_000_000);

/**
 * `opportunities.importHistory`: every row is checked first (a bad row writes nothing at all),
 * then written in transactions of `batchSize` rows; a row that fails against the database
 * (an unknown account, stage or owner) stops the import there, with every earlier batch
 * committed and nothing of its own batch written.
 */
export async function importOpportunityHistory(
  ctx: ModuleContext,
  rows: readonly unknown[],
  options: ImportHistoryOptions = {},
): Promise<ImportHistoryResult> {
  // History is written with times and outcomes no live verb would write: a system actor's job, refused before any work.
  if (!ctx.actor.system)
    throw new ForbiddenError(`Only a system actor imports history; ${ctx.actor.userId} is not one`);
  const list = parseInput(rowsSchema, rows);
  const { batchSize = IMPORT_BATCH_SIZE } = parseInput(optionsSchema, { batchSize: options.batchSize });
  const issues: ValidationIssue[] = [];
  const parsed = list.map((row, index) => {
    const result = opportunityHistorySchema.safeParse(row);
    if (!result.success) issues.push(...result.error.issues.map((i) => ({ ...i, path: [index, ...i.path] })));
    return result.data as OpportunityHistory;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  assertUniqueExternalIds(parsed);
  const ids: string[] = [];
  for (let start = 0; start < parsed.length; start += batchSize) {
    const batch = parsed.slice(start, start + batchSize);
    const created = await ctx.run((op) => importBatch(op, batch).catch((error) => rethrowAt(error, start)));
    ids.push(...created);
    options.onProgress?.({ imported: ids.length, total: parsed.length });
  }
  return { ids };
}

/** Two rows of one import claiming the same external key would collide half-way: refuse them up front. */
function assertUniqueExternalIds(rows: readonly OpportunityHistory[]): void {
  const seen = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    for (const [system, key] of Object.entries(row.externalIds ?? {})) {
      const id = `${system}\u0000${key}`;
      const first = seen.get(id);
      if (first !== undefined) {
        throw ValidationError.forField(
          [index, "externalIds", system],
          `External id ${system}:${key} is also on row ${first}`,
          { system, externalId: key, row: first },
        );
      }
      seen.set(id, index);
    }
  }
}

/** A batch's issue paths start at the row's index in the batch: make them the row's index in the import. */
function rethrowAt(error: unknown, offset: number): never {
  if (!(error instanceof ValidationError) || offset === 0) throw error;
  throw new ValidationError(
    error.issues.map((issue) =>
      typeof issue.path[0] === "number" ? { ...issue, path: [issue.path[0] + offset, ...issue.path.slice(1)] } : issue,
    ),
    undefined,
    { details: error.details },
  );
}

async function importBatch(op: OperationContext, rows: readonly OpportunityHistory[]): Promise<string[]> {
  await op.authorize("opportunity:create");
  const fallbackPipeline = rows.some((r) => r.pipelineId === undefined) ? await defaultPipelineId(op) : null;
  const pipelineOf = (row: OpportunityHistory) => row.pipelineId ?? (fallbackPipeline as string);
  const stages = await loadStages(op, [...new Set(rows.map(pipelineOf))]);
  await assertOwners(op, rows);
  const lostReasons = await lostReasonsOf(op, rows);
  const noAccount = rows.some((r) => r.accountId == null) ? await noAccountId(op) : null;

  const values = rows.map((row, index) => {
    const pipelineStages = stages.get(pipelineOf(row));
    if (!pipelineStages)
      throw ValidationError.forField([index, "pipelineId"], `Pipeline ${row.pipelineId} does not exist`);
    return historyValues(op, row, index, pipelineOf(row), pipelineStages, {
      accountId: row.accountId ?? (noAccount as string),
      lostReasonId: row.status === "lost" ? (row.lostReasonId ?? lostReasons.unspecified) : null,
    });
  });
  const created = await op.records(opportunityEntity).insert(
    values.map((v) => v.record),
    { history: true },
  );
  await insertValues(
    op,
    "sales_stage_history",
    VISIT_COLUMNS,
    created.flatMap((opportunity, index) => visitValues(op, opportunity, values[index]?.visits ?? [])),
    1_000,
  );
  const createdIds = created.map((o) => o.id);
  op.emit("opportunity.imported", { count: created.length, ids: createdIds });
  return createdIds;
}

interface Visit {
  readonly stageKey: string;
  readonly enteredAt: string;
}

/** The record values of one row, and the stage visits it went through. */
function historyValues(
  op: OperationContext,
  row: OpportunityHistory,
  index: number,
  pipelineId: string,
  stages: readonly Stage[],
  links: { accountId: string; lostReasonId: string | null },
): { record: Record<string, unknown>; visits: Visit[] } {
  const stageAt = (key: string, path: (string | number)[]) => {
    const stage = stages.find((s) => s.key === key);
    if (!stage)
      throw ValidationError.forField([index, ...path], `The pipeline has no stage "${key}"`, { stageKey: key });
    return stage;
  };
  const history = (row.stageHistory ?? []).map((visit, i) => {
    if (stageAt(visit.stageKey, ["stageHistory", i, "stageKey"]).kind !== "open")
      throw ValidationError.forField([index, "stageHistory", i, "stageKey"], "History lists open stages only");
    return { stageKey: visit.stageKey, enteredAt: visit.enteredAt };
  });
  const last = history.at(-1);
  if (row.createdAt > op.timestamp || (last && last.enteredAt > op.timestamp))
    throw ValidationError.forField([index, "createdAt"], "History cannot be in the future");
  const { stageHistory: _history, lostReasonId: _reason, lostNote, ...fields } = row;
  if (row.status === "open") {
    const key = row.stageKey ?? last?.stageKey ?? stages.find((s) => s.kind === "open" && s.retiredAt === null)?.key;
    const stage = stageAt(key ?? "", ["stageKey"]);
    if (stage.kind !== "open") throw ValidationError.forField([index, "stageKey"], "An open deal is in an open stage");
    const visits =
      last?.stageKey === stage.key ? history : [...history, { stageKey: stage.key, enteredAt: row.createdAt }];
    const enteredAt = visits.at(-1)?.enteredAt ?? row.createdAt;
    return {
      record: {
        ...fields,
        accountId: links.accountId,
        pipelineId,
        stageKey: stage.key,
        status: "open",
        probability: row.probability ?? stage.probability,
        probabilitySource: row.probability == null ? "stage" : "manual",
        stageEnteredAt: enteredAt,
        updatedAt: enteredAt,
      },
      visits,
    };
  }
  const closing = stages.find((s) => s.kind === row.status);
  if (!closing) throw ValidationError.forField([index, "status"], `The pipeline has no ${row.status} stage`);
  const closeDate = row.closeDate as string;
  const closedAt = row.closedAt ?? maxInstant(`${closeDate}T00:00:00.000Z`, row.createdAt);
  if ((last && last.enteredAt > closedAt) || closedAt > op.timestamp)
    throw ValidationError.forField(
      [index, "closedAt"],
      "The deal closes after its last stage visit, and not after now",
    );
  return {
    record: {
      ...fields,
      accountId: links.accountId,
      pipelineId,
      stageKey: closing.key,
      status: row.status,
      probability: row.status === "won" ? 100 : 0,
      probabilitySource: "stage",
      stageEnteredAt: closedAt,
      closedAt,
      closeDate,
      lostReasonId: links.lostReasonId,
      lostNote: lostNote ?? null,
      updatedAt: closedAt,
    },
    visits: [...history, { stageKey: closing.key, enteredAt: closedAt }],
  };
}

function maxInstant(a: string, b: string): string {
  return a > b ? a : b;
}

/** Stage-history rows: each visit is left when the next one is entered. */
function visitValues(op: OperationContext, opportunity: Opportunity, visits: readonly Visit[]): unknown[] {
  return visits.flatMap((visit, i) => [
    op.tenantId,
    op.newId("stgv"),
    opportunity.id,
    opportunity.pipelineId,
    visit.stageKey,
    visits[i - 1]?.stageKey ?? null,
    visit.enteredAt,
    visits[i + 1]?.enteredAt ?? null,
    op.actor.userId,
  ]);
}

/** When the tenant keeps user profiles, every owner must be one of them. */
async function assertOwners(op: OperationContext, rows: readonly OpportunityHistory[]): Promise<void> {
  const owners = [...new Set(rows.flatMap((r) => (r.ownerId == null ? [] : [r.ownerId])))];
  if (owners.length === 0) return;
  const anyUser = await op.db
    .selectFrom("rapport_users")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .limit(1)
    .executeTakeFirst();
  if (!anyUser) return;
  const known = await existingRecords(op, "rapport_users", owners);
  const index = rows.findIndex((r) => r.ownerId != null && !known.has(r.ownerId));
  if (index >= 0)
    throw ValidationError.forField([index, "ownerId"], `User ${rows[index]?.ownerId} is not a user of the tenant`);
}

/** Checks the lost reasons rows name, and finds (or makes) the tenant's "Unspecified" one when a lost row names none. */
async function lostReasonsOf(
  op: OperationContext,
  rows: readonly OpportunityHistory[],
): Promise<{ unspecified: string | null }> {
  const named = rows.flatMap((r) => (r.lostReasonId === undefined ? [] : [r.lostReasonId]));
  const known = await existingRecords(op, "sales_lost_reasons", named);
  const index = rows.findIndex((r) => r.lostReasonId !== undefined && known.get(r.lostReasonId) !== null);
  if (index >= 0)
    throw ValidationError.forField([index, "lostReasonId"], `Lost reason ${rows[index]?.lostReasonId} does not exist`);
  if (!rows.some((r) => r.status === "lost" && r.lostReasonId === undefined)) return { unspecified: null };
  const reasons = createEntityService(boundContext(op), lostReasonEntity);
  const existing = await reasons.findByExternalId(IMPORT_KEYS.system, IMPORT_KEYS.unspecified);
  if (existing) return { unspecified: existing.id };
  const reason = await reasons.create({
    name: "Unspecified",
    description: "Lost deals imported without a reason",
    externalIds: { [IMPORT_KEYS.system]: IMPORT_KEYS.unspecified },
  });
  return { unspecified: reason.id };
}

const core = (op: OperationContext) => op.client() as CoreClient;

/** The tenant's "(no account)" account, made on the first import that needs it. */
async function noAccountId(op: OperationContext): Promise<string> {
  const accounts = core(op).accounts;
  const existing = await accounts.findByExternalId(IMPORT_KEYS.system, IMPORT_KEYS.noAccount);
  if (existing) return existing.id;
  const created = await accounts.create({
    name: "(no account)",
    type: "prospect",
    externalIds: { [IMPORT_KEYS.system]: IMPORT_KEYS.noAccount },
  });
  return created.id;
}
