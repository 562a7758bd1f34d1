import {
  boundContext,
  createEntityService,
  type EntityService,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { type CallActivityInput, peersOf } from "../shared/peers.js";
import { type Call, callEntity, storedCallEntity, validateCall } from "./call-entity.js";
import { type CreateCallInput, createCallSchema, type UpdateCallInput } from "./call-schema.js";

/** Calls: the standard service; `create` also puts the call on the linked record's timeline. */
export type CallService = EntityService<Call, CreateCallInput, UpdateCallInput>;

type CallDraft = ReturnType<typeof createCallSchema.parse>;

/** The record a call's timeline activity goes on: the most specific link (case, lead, contact, account). */
function timelineTarget(draft: CallDraft): { type: string; id: string } | null {
  if (draft.caseId) return { type: "case", id: draft.caseId };
  if (draft.leadId) return { type: "lead", id: draft.leadId };
  if (draft.contactId) return { type: "contact", id: draft.contactId };
  if (draft.accountId) return { type: "account", id: draft.accountId };
  return null;
}

/**
 * Logs a call in the caller's transaction. When the activities service is installed and the
 * call is linked to a record, a `call` activity is written on that record's timeline too.
 */
export async function logCallIn(op: OperationContext, input: CreateCallInput): Promise<Call> {
  const draft = parseInput(createCallSchema, input);
  await op.authorize("call:create");
  // Links are checked before the activity is written, so a bad link fails on the call's own field.
  await validateCall(
    {
      accountId: draft.accountId ?? null,
      contactId: draft.contactId ?? null,
      caseId: draft.caseId ?? null,
      leadId: draft.leadId ?? null,
    },
    null,
    op,
  );
  const activities = peersOf(op).activities;
  const target = timelineTarget(draft);
  let activityId: string | null = null;
  if (activities && target) {
    const doneAt = new Date(new Date(draft.startedAt).getTime() + draft.durationSeconds * 1000).toISOString();
    const activity: CallActivityInput = {
      kind: "call",
      relatedTo: target,
      subject: `${draft.direction === "inbound" ? "Inbound" : "Outbound"} call ${draft.from} → ${draft.to}`,
      body: draft.notes ?? null,
      occurredAt: draft.startedAt,
      doneAt,
      durationMinutes: Math.ceil(draft.durationSeconds / 60),
      outcome: draft.disposition ?? null,
      ...(draft.ownerId !== undefined ? { ownerId: draft.ownerId } : {}),
    };
    activityId = (await activities.create(activity)).id;
  }
  return createEntityService(boundContext(op), storedCallEntity).create({ ...input, activityId });
}

/** Builds `client.service.calls`. */
export function createCallService(ctx: ModuleContext): CallService {
  const base = createEntityService(ctx, callEntity);
  return {
    ...base,
    create: (input) => ctx.run((op) => logCallIn(op, input)),
    createMany: (inputs) =>
      ctx.run(async (op) => {
        const logged: Call[] = [];
        for (const input of inputs) logged.push(await logCallIn(op, input));
        return logged;
      }),
    upsertByExternalId: (system, externalId, input) =>
      ctx.run(async (op) => {
        const bound = createEntityService(boundContext(op), callEntity);
        const existing = await bound.findByExternalId(system, externalId);
        if (!existing)
          return {
            record: await logCallIn(op, { ...input, externalIds: { ...input.externalIds, [system]: externalId } }),
            created: true,
          };
        const { durationSeconds, disposition, recordingRef, notes, custom, tags } = input;
        const patch = Object.fromEntries(
          Object.entries({ durationSeconds, disposition, recordingRef, notes, custom, tags }).filter(
            ([, v]) => v !== undefined,
          ),
        );
        return { record: await bound.update(existing.id, patch as UpdateCallInput), created: false };
      }),
  };
}
