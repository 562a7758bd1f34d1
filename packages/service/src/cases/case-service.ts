import {
  boundContext,
  createEntityService,
  type EntityService,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { type CaseSla, readCaseSla } from "../sla/case-sla.js";
import { shownCaseSla } from "../sla/case-sla-view.js";
import { addComment, type CaseComment, type CommentsOptions, listComments } from "./case-comments.js";
import { createCaseIn } from "./case-create.js";
import { type Case, caseEntity } from "./case-entity.js";
import { changeStatus } from "./case-lifecycle.js";
import { getCase, readCase } from "./case-records.js";
import {
  type AssignCaseInput,
  type CommentInput,
  type CreateCaseInput,
  createCaseSchema,
  type LogTimeInput,
  plainCreateCase,
  type ResolveOptions,
  resolveOptionsSchema,
  type StatusOptions,
  statusOptionsSchema,
  type TriageCaseInput,
  type UpdateCaseInput,
} from "./case-schema.js";
import { assignCase, type CaseTimeEntry, listTimeEntries, logTime, triageCase } from "./case-work.js";

/**
 * Cases: the standard service plus the lifecycle (`open`, `pend`, `resolve`, `close`,
 * `reopen`), assignment, triage, comments, time and SLA status. Every verb takes the case
 * id and returns the case as it is afterwards.
 */
export interface CaseService extends EntityService<Case, CreateCaseInput, UpdateCaseInput> {
  /** Starts work on a new case, or resumes a pending one (its SLA clocks run again). */
  open(id: string, options?: StatusOptions): Promise<Case>;
  /** Marks the case waiting on the customer; its SLA clocks pause. */
  pend(id: string, options?: StatusOptions): Promise<Case>;
  /** Resolves the case; its SLA clocks stop as met or breached. Emits `case.resolved`. A closed case cannot be resolved. */
  resolve(id: string, options?: ResolveOptions): Promise<Case>;
  /** Closes a resolved case for good. */
  close(id: string, options?: StatusOptions): Promise<Case>;
  /** Reopens a resolved case; its resolution clock runs again from where it stopped. */
  reopen(id: string, options?: StatusOptions): Promise<Case>;
  /** Moves the case to a queue and/or agent. Emits `case.assigned`. */
  assign(id: string, input: AssignCaseInput): Promise<Case>;
  /** Changes type, priority, severity or root cause. */
  triage(id: string, input: TriageCaseInput): Promise<Case>;
  /** Adds an internal or customer-visible comment. */
  comment(id: string, input: CommentInput): Promise<CaseComment>;
  /** The case's comments, oldest first; `{ visibility: "public" }` gives what the customer sees. */
  comments(id: string, options?: CommentsOptions): Promise<CaseComment[]>;
  /** Records time worked (counted against an hours entitlement). */
  logTime(id: string, input: LogTimeInput): Promise<CaseTimeEntry>;
  /** The case's time entries, oldest first. */
  timeEntries(id: string): Promise<CaseTimeEntry[]>;
  /** The case's SLA clocks, live at the clock's time. */
  sla(id: string): Promise<CaseSla>;
}

/** Builds `client.service.cases`; `timeZone` decides which day "today" is for entitlements. */
export function createCaseService(ctx: ModuleContext, timeZone: string): CaseService {
  const base = createEntityService(ctx, caseEntity);
  const verb = (fn: (op: OperationContext) => Promise<Case>) => ctx.run(async (op) => readCase(op, (await fn(op)).id));
  const status =
    (to: "open" | "pending" | "closed") =>
    (id: string, options: StatusOptions = {}) =>
      verb((op) => changeStatus(op, id, { to, ...parseInput(statusOptionsSchema, options) }));
  /** Checks the caller's input against their field rules, creates, and returns the case as they may see it. */
  const createOne = async (op: OperationContext, input: unknown) => {
    const parsed = parseInput(createCaseSchema, input, plainCreateCase);
    const cases = op.records(caseEntity);
    await cases.assertWritable(parsed, { create: true });
    return cases.shown(await createCaseIn(op, parsed, timeZone));
  };
  const create = (input: CreateCaseInput) => ctx.run((op) => createOne(op, input));
  return {
    ...base,
    create,
    createMany: (inputs) =>
      ctx.run(async (op) => {
        const created: Case[] = [];
        for (const input of inputs) created.push(await createOne(op, input));
        return created;
      }),
    upsertByExternalId: (system, externalId, input) =>
      ctx.run(async (op) => {
        const bound = createCaseService(boundContext(op), timeZone);
        const existing = await bound.findByExternalId(system, externalId);
        if (!existing) {
          const draft = parseInput(createCaseSchema, {
            ...input,
            externalIds: { ...input.externalIds, [system]: externalId },
          });
          return { record: await createCaseIn(op, draft, timeZone), created: true };
        }
        const { subject, description, accountId, contactId, productId, language, custom, externalIds, tags } = input;
        const patch = Object.fromEntries(
          Object.entries({
            subject,
            description,
            accountId,
            contactId,
            productId,
            language,
            custom,
            externalIds,
            tags,
          }).filter(([, value]) => value !== undefined),
        ) as UpdateCaseInput;
        return { record: await bound.update(existing.id, patch), created: false };
      }),
    open: status("open"),
    pend: status("pending"),
    close: status("closed"),
    reopen: (id, options = {}) =>
      verb((op) =>
        changeStatus(op, id, { to: "open", onlyFrom: ["resolved"], ...parseInput(statusOptionsSchema, options) }),
      ),
    resolve: (id, options = {}) =>
      verb((op) => changeStatus(op, id, { to: "resolved", ...parseInput(resolveOptionsSchema, options) })),
    assign: (id, input) => verb((op) => assignCase(op, id, input)),
    triage: (id, input) => verb((op) => triageCase(op, id, input)),
    comment: (id, input) => ctx.run((op) => addComment(op, id, input)),
    comments: (id, options = {}) => ctx.read((op) => listComments(op, id, options)),
    logTime: (id, input) => ctx.run((op) => logTime(op, id, input, timeZone)),
    timeEntries: (id) => ctx.read((op) => listTimeEntries(op, id)),
    sla: (id) => ctx.read(async (op) => shownCaseSla(op, await readCaseSla(op, (await getCase(op, id)).id))),
  };
}
