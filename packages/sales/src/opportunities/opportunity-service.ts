import {
  boundContext,
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
  type WriteOptions,
} from "@rapport/core";
import { nullWhenMissing } from "../internal/missing-link.js";
import { preparedDefinition } from "../internal/prepared-definition.js";
import { type SyncVerbs, syncVerbs } from "../internal/sync-verbs.js";
import { pipelineEntity } from "../pipelines/pipeline-entity.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
import { currentStage, enterableStage, stagesOf } from "../pipelines/stage-store.js";
import { addNote, notesOf, type TimelineEntry, timelineOf } from "../team/opportunity-timeline.js";
import { addTeamMember, removeTeamMember, teamOf, updateTeamMember } from "../team/team-members.js";
import type {
  AddNoteInput,
  AddTeamMemberInput,
  OpportunityNote,
  PageOptions,
  TeamMember,
  UpdateTeamMemberInput,
} from "../team/team-schema.js";
import {
  type AddCompetitorInput,
  addCompetitor,
  competitorsOf,
  type OpportunityCompetitor,
  removeCompetitor,
  type UpdateCompetitorInput,
  updateCompetitor,
} from "./competitors.js";
import { createOpportunitiesIn } from "./opportunity-bulk.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";
import { type ImportHistoryOptions, type ImportHistoryResult, importOpportunityHistory } from "./opportunity-import.js";
import type { OpportunityHistoryInput } from "./opportunity-import-schema.js";
import {
  type CreateOpportunityInput,
  createOpportunitySchema,
  type LoseOptions,
  type UpdateOpportunityInput,
  updateOpportunitySchema,
  type WinOptions,
} from "./opportunity-schema.js";
import { lose, moveStage, win } from "./opportunity-verbs.js";
import { recordVisit, type StageVisit, visitsOf } from "./stage-history.js";

/** Opportunities: the standard record verbs, the stage verbs, competitors and team selling. */
export interface OpportunityService extends SyncVerbs<Opportunity, CreateOpportunityInput> {
  /** Creates an open opportunity (see `createOpportunitySchema` for the defaults). Emits `opportunity.created`. */
  create(input: CreateOpportunityInput): Promise<Opportunity>;
  /**
   * Creates many opportunities in one transaction with multi-row inserts (the import path):
   * all inputs are validated first, and one invalid input fails the call with a
   * `ValidationError` whose paths start with its index. At most 10,000 per call.
   */
  createMany(inputs: readonly CreateOpportunityInput[]): Promise<Opportunity[]>;
  /**
   * Imports another system's history — a system actor's verb (`crm.system(tenantId)`), for
   * migrations: opportunities created in the past, open in a stage or already won or lost,
   * with their stage history. Every row is checked first (a `ValidationError` whose paths
   * start with the row's index writes nothing); then rows are written `batchSize` (≤ 1,000)
   * per transaction, calling `onProgress` after each. A row the database refuses (an
   * unknown account, pipeline, stage, owner or lost reason) stops the import there: earlier
   * batches stay, nothing of its batch is written, and the error's path names the row.
   *
   * Records keep their `createdAt`, `closedAt`, close date and stage times; the audit
   * records each as an `import` by the system actor at the time of the import; one
   * `opportunity.imported` event per batch carries the new ids (no per-record `created`,
   * `won` or `lost` events: consumers of those are for live deals). A deal without an
   * account joins the tenant's "(no account)" account (external key `rapport` /
   * `import:no-account`); a lost deal without a reason gets the tenant's "Unspecified" one.
   *
   * @example
   * ```ts
   * const { ids } = await crm.system("acme").sales.opportunities.importHistory([
   *   { name: "Globex 2024", accountId, amount: 1_200_000, currency: "USD", createdAt: "2024-02-01T09:00:00Z", status: "won", closeDate: "2024-03-15" },
   * ], { onProgress: ({ imported, total }) => console.log(`${imported}/${total}`) });
   * ```
   */
  importHistory(rows: readonly OpportunityHistoryInput[], options?: ImportHistoryOptions): Promise<ImportHistoryResult>;
  /** The opportunity. Throws `NotFoundError`; `ForbiddenError` outside the actor's scope (team members are in `team` scope). */
  get(id: string): Promise<Opportunity>;
  /** A page of the opportunities the actor may see — under `team` scope, including those whose team they are on. */
  list(options?: ListOptions): Promise<Page<Opportunity>>;
  /** Changes fields (not the stage: see `moveStage`). `probability: null` returns to the stage's probability. */
  update(id: string, patch: UpdateOpportunityInput, options?: WriteOptions): Promise<Opportunity>;
  archive(id: string, options?: WriteOptions): Promise<Opportunity>;
  /**
   * Moves an open opportunity to another open stage of its pipeline. Refuses a closed
   * opportunity, a stage it is already in, and a won/lost stage (`InvalidTransitionError`);
   * an unknown, retired or other pipeline's stage, and missing required fields
   * (`ValidationError`); a stale `expectedVersion` (`ConflictError`). Emits `opportunity.stage_changed`.
   *
   * @example
   * ```ts
   * const moved = await rep.sales.opportunities.moveStage(opp.id, "interest", { expectedVersion: opp.version });
   * ```
   */
  moveStage(id: string, stageKey: string, options?: WriteOptions): Promise<Opportunity>;
  /** Closes the opportunity as won. Emits `opportunity.stage_changed` and `opportunity.won`. */
  win(id: string, options?: WinOptions): Promise<Opportunity>;
  /** Closes the opportunity as lost, with a lost reason and optionally the competitor. Emits `opportunity.stage_changed` and `opportunity.lost`. */
  lose(id: string, options: LoseOptions): Promise<Opportunity>;
  /** Every stage the opportunity has been in, oldest first, with when it entered and left and who moved it. */
  stageHistory(id: string): Promise<StageVisit[]>;
  /** Records a competitor (an account of type `competitor`) on the opportunity, with strengths and weaknesses. */
  addCompetitor(id: string, input: AddCompetitorInput): Promise<OpportunityCompetitor>;
  updateCompetitor(id: string, accountId: string, patch: UpdateCompetitorInput): Promise<OpportunityCompetitor>;
  removeCompetitor(id: string, accountId: string): Promise<void>;
  competitors(id: string): Promise<OpportunityCompetitor[]>;
  /** Adds a user to the opportunity team with a role and an access level. Needs `opportunity:manage_team`. */
  addTeamMember(id: string, input: AddTeamMemberInput): Promise<TeamMember>;
  updateTeamMember(id: string, userId: string, patch: UpdateTeamMemberInput): Promise<TeamMember>;
  removeTeamMember(id: string, userId: string): Promise<void>;
  team(id: string): Promise<TeamMember[]>;
  /** Adds a note the whole team sees. Anyone who may read the opportunity may add one. */
  addNote(id: string, input: AddNoteInput): Promise<OpportunityNote>;
  notes(id: string, options?: PageOptions): Promise<Page<OpportunityNote>>;
  /**
   * The opportunity's timeline, newest first: every activity logged on it by anyone (the
   * owner or a team member — reading the deal means seeing the work on it), notes and stage changes.
   */
  timeline(id: string, options?: PageOptions): Promise<Page<TimelineEntry>>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), opportunityEntity);
const prepared = (op: OperationContext) => createEntityService(boundContext(op), preparedDefinition(opportunityEntity));

/** A verb's result as the caller may see it (fields their roles hide left out). */
const shown = (op: OperationContext, opportunity: Opportunity) => op.records(opportunityEntity).shown(opportunity);

/** Creates an opportunity inside `op` (also used by lead conversion). */
export async function createOpportunityIn(op: OperationContext, input: unknown): Promise<Opportunity> {
  const parsed = parseInput(createOpportunitySchema, input);
  await op.authorize("opportunity:create");
  const pipelineId = parsed.pipelineId ?? (await defaultPipelineId(op));
  // A rep may create deals in a pipeline they may not administer: its existence is checked as the system.
  const pipeline = await op.asSystem().records(pipelineEntity).get(pipelineId).catch(nullWhenMissing);
  if (pipeline === null) throw ValidationError.forField(["pipelineId"], `Pipeline ${pipelineId} does not exist`);
  if (pipeline.archivedAt !== null)
    throw ValidationError.forField(["pipelineId"], `Pipeline ${pipelineId} is archived`);
  const stage = parsed.stageKey
    ? await enterableStage(op, pipelineId, parsed.stageKey, ["stageKey"])
    : (await stagesOf(op, pipelineId)).find((s) => s.kind === "open" && s.retiredAt === null);
  if (stage?.kind !== "open") {
    throw ValidationError.forField(["stageKey"], "Opportunities start in an open stage; close them with win or lose");
  }
  const leadId = parsed.leadId;
  if (leadId != null) {
    const lead = await op.recordRef("lead", leadId).catch(nullWhenMissing);
    if (lead === null) throw ValidationError.forField(["leadId"], `Lead ${leadId} does not exist`);
  }
  const { pipelineId: _p, stageKey: _s, probability, amount, ...fields } = parsed;
  const derivedAmount =
    amount ??
    (parsed.recurringAmount != null && parsed.termMonths != null ? parsed.recurringAmount * parsed.termMonths : null);
  const opportunity = await prepared(op).create({
    ...fields,
    amount: derivedAmount,
    pipelineId,
    stageKey: stage.key,
    status: "open",
    probability: probability ?? stage.probability,
    probabilitySource: probability == null ? "stage" : "manual",
    stageEnteredAt: op.timestamp,
  });
  await recordVisit(op, opportunity.id, pipelineId, stage.key, null);
  return opportunity;
}

async function updateIn(
  op: OperationContext,
  id: string,
  patch: unknown,
  options: WriteOptions | undefined,
): Promise<Opportunity> {
  const parsed = parseInput(updateOpportunitySchema, patch);
  const values: Record<string, unknown> = { ...parsed };
  if (parsed.probability === null) {
    const current = await records(op).get(id);
    const stage = await currentStage(op, current.pipelineId, current.stageKey);
    values.probability = stage?.probability ?? current.probability;
    values.probabilitySource = "stage";
  } else if (parsed.probability !== undefined) {
    values.probabilitySource = "manual";
  }
  return prepared(op).update(id, values, options);
}

/** Builds the opportunity service of one scoped client. */
export function createOpportunityService(ctx: ModuleContext): OpportunityService {
  /** Runs `fn` on an opportunity the actor may read (owner, team scope, shared or all). */
  const readable = <T>(id: string, fn: (op: OperationContext, opportunity: Opportunity) => Promise<T>, write = false) =>
    (write ? ctx.run : ctx.read)(async (op: OperationContext) => fn(op, await records(op).get(id)));
  return {
    create: (input) => ctx.run((op) => createOpportunityIn(op, input)),
    createMany: (inputs) => ctx.run((op) => createOpportunitiesIn(op, inputs)),
    importHistory: (rows, options) => importOpportunityHistory(ctx, rows, options),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options) => ctx.run((op) => updateIn(op, id, patch, options)),
    archive: (id, options) => ctx.run((op) => records(op).archive(id, options)),
    ...syncVerbs<Opportunity, CreateOpportunityInput>(ctx, {
      entity: opportunityEntity,
      patchSchema: updateOpportunitySchema,
      create: (op, input) => createOpportunityIn(op, input),
      update: (op, id, patch) => updateIn(op, id, patch, {}),
    }),
    moveStage: (id, stageKey, options = {}) =>
      ctx.run(async (op) => shown(op, await moveStage(op, id, stageKey, options))),
    win: (id, options = {}) => ctx.run(async (op) => shown(op, await win(op, id, options))),
    lose: (id, options) => ctx.run(async (op) => shown(op, await lose(op, id, options))),
    stageHistory: (id) => readable(id, (op, opportunity) => visitsOf(op, opportunity.id)),
    addCompetitor: (id, input) => ctx.run((op) => addCompetitor(op, id, input)),
    updateCompetitor: (id, accountId, patch) => ctx.run((op) => updateCompetitor(op, id, accountId, patch)),
    removeCompetitor: (id, accountId) => ctx.run((op) => removeCompetitor(op, id, accountId)),
    competitors: (id) => readable(id, (op, opportunity) => competitorsOf(op, opportunity.id)),
    addTeamMember: (id, input) => ctx.run((op) => addTeamMember(op, id, input)),
    updateTeamMember: (id, userId, patch) => ctx.run((op) => updateTeamMember(op, id, userId, patch)),
    removeTeamMember: (id, userId) => ctx.run((op) => removeTeamMember(op, id, userId)),
    team: (id) => readable(id, (op, opportunity) => teamOf(op, opportunity.id)),
    addNote: (id, input) => readable(id, (op, opportunity) => addNote(op, opportunity.id, input), true),
    notes: (id, options = {}) => readable(id, (op, opportunity) => notesOf(op, opportunity.id, options)),
    timeline: (id, options = {}) => readable(id, (op, opportunity) => timelineOf(op, opportunity.id, options)),
  };
}
