import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext, RecordRef } from "../kernel/operation-context.js";
import { type ActivityKind, createActivitySchema, type RelatedTo, updateActivitySchema } from "./activity-schema.js";

const activityFields = {
  kind: field.text<ActivityKind>(),
  subject: field.nullableText(),
  body: field.nullableText({ filterable: false, sortable: false }),
  /** The linked record's type; `relatedTo.type` on the public record. */
  relatedType: field.text(),
  /** The linked record's id; `relatedTo.id` on the public record. */
  relatedId: field.text(),
  ownerId: field.nullableText(),
  occurredAt: field.timestamp(),
  dueAt: field.nullableTimestamp(),
  doneAt: field.nullableTimestamp(),
  outcome: field.nullableText(),
  durationMinutes: field.nullableInteger(),
};

/**
 * Resolves an activity's (or appointment's) link in the tenant and checks the actor may
 * read the linked record. Issues point at `relatedTo`.
 */
export async function resolveRelatedTo(
  op: OperationContext,
  relatedTo: RelatedTo,
  path: readonly PropertyKey[] = ["relatedTo"],
): Promise<RecordRef> {
  let ref: RecordRef;
  try {
    ref = await op.recordRef(relatedTo.type, relatedTo.id);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
      undefined,
      { details: { ...error.details, relatedTo }, cause: error },
    );
  }
  await op.authorize(`${ref.type}:read`, { ownerId: ref.ownerId, createdBy: ref.createdBy, id: ref.id });
  return ref;
}

/** Activities ("contact records"): calls, emails, meetings, notes and tasks on any record. */
export const activityEntity = defineEntity({
  type: "activity",
  table: "activities",
  idPrefix: "act",
  fields: activityFields,
  createSchema: createActivitySchema,
  patchSchema: updateActivitySchema,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    if (before !== null && before.relatedType === next.relatedType && before.relatedId === next.relatedId) return;
    await resolveRelatedTo(op, { type: next.relatedType, id: next.relatedId });
  },
});

/** An activity row as the generic entity service sees it (the link in two fields). */
export type ActivityRow = EntityRecord<typeof activityFields>;

/** An activity as stored and returned. */
export type Activity = Omit<ActivityRow, "relatedType" | "relatedId"> & {
  /** The record the activity is about. */
  readonly relatedTo: RelatedTo;
};

/** The public shape of a stored activity: the link as `relatedTo`. */
export function toActivity(row: ActivityRow): Activity {
  const { relatedType, relatedId, ...rest } = row;
  return { ...rest, relatedTo: { type: relatedType, id: relatedId } };
}
