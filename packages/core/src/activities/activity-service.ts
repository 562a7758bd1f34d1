import { idSchema, type WriteOptions } from "../entities/base-record.js";
import { createEntityService } from "../entities/entity-service.js";
import { FieldGuard } from "../entities/field-guard.js";
import type { ListOptions, Page } from "../entities/list-query.js";
import { InvalidTransitionError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { parseInput } from "../kernel/validate.js";
import { type Activity, activityEntity, resolveRelatedTo, toActivity } from "./activity-entity.js";
import {
  type CompleteActivityOptions,
  type CreateActivityInput,
  completeActivitySchema,
  type RelatedTo,
  relatedToSchema,
  type TimelineOptions,
  timelineOptionsSchema,
  type UpdateActivityInput,
} from "./activity-schema.js";
import { timelinePage } from "./timeline-query.js";

/**
 * Activities ("contact records") on any record, and each record's timeline. The
 * standard entity verbs plus `complete` and `timeline`. Lists filter the link with the
 * fields `relatedType` and `relatedId`; records carry it as `relatedTo`.
 */
export interface ActivityService {
  /**
   * Logs a call, email, meeting, note or task on `relatedTo`. The linked record must exist
   * in the tenant (`NotFoundError`) and be of a registered type (`ValidationError`), and
   * the actor must be allowed to read it. Emits `activity.created`.
   */
  create(input: CreateActivityInput): Promise<Activity>;
  /** Creates many activities in one transaction; see `EntityService.createMany`. */
  createMany(inputs: readonly CreateActivityInput[]): Promise<Activity[]>;
  /** The activity `id`; `NotFoundError` when it is not in the tenant. */
  get(id: string): Promise<Activity>;
  /**
   * A page of activities the actor may see: filter on `kind`, `relatedType`, `relatedId`,
   * `ownerId`, `dueAt`, `doneAt`, `occurredAt`…
   *
   * @example
   * ```ts
   * // My open tasks, soonest first.
   * await client.activities.list({
   *   filter: [{ field: "kind", op: "eq", value: "task" }, { field: "doneAt", op: "isNull", value: true }, { field: "ownerId", op: "eq", value: "alice" }],
   *   orderBy: { field: "dueAt" },
   * });
   * ```
   */
  list(options?: ListOptions): Promise<Page<Activity>>;
  /** Changes fields; a new `relatedTo` is resolved and checked like on create. Emits `activity.updated`. */
  update(id: string, patch: UpdateActivityInput, options?: WriteOptions): Promise<Activity>;
  /** Archives the activity (it leaves timelines and lists). Emits `activity.archived`. */
  archive(id: string, options?: WriteOptions): Promise<Activity>;
  /** The activity another system knows as `externalId`, or `null`. */
  findByExternalId(system: string, externalId: string): Promise<Activity | null>;
  /** Creates or updates the activity keyed by an external id (e-mail sync, telephony logs). */
  upsertByExternalId(
    system: string,
    externalId: string,
    input: CreateActivityInput,
  ): Promise<{ record: Activity; created: boolean }>;
  /**
   * Marks the activity done now (a completed task, a held call), optionally recording how it
   * went. `InvalidTransitionError` when it is already done. Needs `activity:update`.
   * Emits `activity.updated` and `activity.completed`.
   */
  complete(id: string, options?: CompleteActivityOptions): Promise<Activity>;
  /**
   * The record's activities, newest first, paged with `cursor`. Includes the activities of
   * its child records (an account's contacts — any entity declared with
   * `parent: { type, field }`) unless `includeChildren: false`. Needs read access to the record.
   *
   * @example
   * ```ts
   * const page = await client.activities.timeline({ type: "account", id: acct.id }, { limit: 20 });
   * const next = await client.activities.timeline({ type: "account", id: acct.id }, { limit: 20, cursor: page.nextCursor! });
   * ```
   */
  timeline(relatedTo: RelatedTo, options?: TimelineOptions): Promise<Page<Activity>>;
}

/** Builds the activities service of a scoped client. */
export function createActivityService(ctx: ModuleContext): ActivityService {
  const base = createEntityService(ctx, activityEntity);
  const page = (p: Page<Parameters<typeof toActivity>[0]>): Page<Activity> => ({
    items: p.items.map(toActivity),
    nextCursor: p.nextCursor,
  });

  return {
    create: async (input) => toActivity(await base.create(input)),
    createMany: async (inputs) => (await base.createMany(inputs)).map(toActivity),
    get: async (id) => toActivity(await base.get(id)),
    list: async (options) => page(await base.list(options)),
    update: async (id, patch, options) => toActivity(await base.update(id, patch, options)),
    archive: async (id, options) => toActivity(await base.archive(id, options)),
    findByExternalId: async (system, externalId) => {
      const found = await base.findByExternalId(system, externalId);
      return found === null ? null : toActivity(found);
    },
    upsertByExternalId: async (system, externalId, input) => {
      const { record, created } = await base.upsertByExternalId(system, externalId, input);
      return { record: toActivity(record), created };
    },
    complete: (id, options = {}) =>
      ctx.run(async (op) => {
        const activityId = parseInput(idSchema(activityEntity.idPrefix), id);
        const { expectedVersion, outcome, durationMinutes } = parseInput(completeActivitySchema, options);
        const activities = op.records(activityEntity);
        const current = await activities.loadForChange(activityId, { expectedVersion });
        if (current.doneAt !== null) {
          throw new InvalidTransitionError(`activity ${activityId} was already completed at ${current.doneAt}`, {
            details: { id: activityId, doneAt: current.doneAt },
          });
        }
        const changes = {
          doneAt: op.timestamp,
          ...(outcome === undefined ? {} : { outcome }),
          ...(durationMinutes === undefined ? {} : { durationMinutes }),
        };
        (await FieldGuard.for(op, activityEntity.type))?.assertWritable(changes);
        const done = await activities.change(current, changes, {
          action: "complete",
          events: (after) => [
            {
              type: "activity.completed",
              data: {
                id: after.id,
                version: after.version,
                kind: after.kind,
                relatedTo: { type: after.relatedType, id: after.relatedId },
                outcome: after.outcome,
              },
            },
          ],
        });
        return toActivity(await activities.shown(done));
      }),
    timeline: (relatedTo, options = {}) =>
      ctx.read(async (op) => {
        const target = parseInput(relatedToSchema, relatedTo);
        const parsed = parseInput(timelineOptionsSchema, options);
        const ref = await resolveRelatedTo(op, target, []);
        return timelinePage(op, ref, parsed);
      }),
  };
}
