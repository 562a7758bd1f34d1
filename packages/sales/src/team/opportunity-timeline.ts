import { type OperationContext, type Page, parseInput, restrictQuery, ValidationError } from "@rapport/core";
import { plainInput } from "@rapport/core/internals";
import { sql } from "kysely";
import { type OpportunityNoteRow, salesDb } from "../database.js";
import { type OpportunityNoteRecord, opportunityNoteEntity } from "./opportunity-note-entity.js";
import { addNoteSchema, type OpportunityNote, pageOptionsSchema } from "./team-schema.js";

/** One entry of an opportunity's timeline. */
export type TimelineEntry =
  | {
      readonly type: "activity";
      readonly id: string;
      readonly at: string;
      /** The activity's owner: whoever on the team did the work. */
      readonly userId: string | null;
      /** `call`, `email`, `meeting`, `note` or `task`. Absent, like `subject` and `body`, when the actor may not see that activity field. */
      readonly kind?: string;
      readonly subject?: string | null;
      readonly body?: string | null;
    }
  | { readonly type: "note"; readonly id: string; readonly at: string; readonly userId: string; readonly body: string }
  | {
      readonly type: "stage";
      readonly id: string;
      readonly at: string;
      readonly userId: string;
      readonly stageKey: string;
      readonly fromStageKey: string | null;
    };

interface Cursor {
  readonly at: string;
  readonly id: string;
}

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function isCursorText(value: unknown): value is string {
  return typeof value === "string" && plainInput.isStorableText(value);
}

function decode(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Cursor;
    // Decoded strings reach SQL: NUL or a lone surrogate would be a database error on PostgreSQL.
    if (isCursorText(value.at) && isCursorText(value.id)) return value;
  } catch {
    // reported below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed");
}

function toNote(row: OpportunityNoteRow): OpportunityNote {
  return {
    id: row.id,
    opportunityId: row.opportunity_id,
    body: row.body,
    authorId: row.author_id,
    createdAt: row.created_at,
  };
}

/**
 * `opportunities.addNote`: anyone who can read the opportunity (its team included) may add
 * one. The note is a record of its own, so adding it leaves the opportunity's version alone.
 */
export async function addNote(op: OperationContext, opportunityId: string, input: unknown): Promise<OpportunityNote> {
  const { body } = parseInput(addNoteSchema, input);
  // The caller was authorised by reading the opportunity: insert checks no note permission.
  const [note] = await op.records(opportunityNoteEntity).insert([{ opportunityId, body, authorId: op.actor.userId }]);
  const { id, createdAt } = note as OpportunityNoteRecord;
  return { id, opportunityId, body, authorId: op.actor.userId, createdAt };
}

/** The opportunity's notes, newest first, paged by id. */
export async function notesOf(
  op: OperationContext,
  opportunityId: string,
  options: unknown,
): Promise<Page<OpportunityNote>> {
  const { limit = 50, cursor } = parseInput(pageOptionsSchema, options);
  let query = salesDb(op)
    .selectFrom("sales_opportunity_notes")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (cursor !== undefined) query = query.where("id", "<", decode(cursor).id);
  const rows = await query.execute();
  const items = rows.slice(0, limit).map(toNote);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encode({ at: last.createdAt, id: last.id }) : null };
}

interface TimelineRow {
  type: string;
  id: string;
  at: string;
  user_id: string | null;
  detail: string | null;
  title: string | null;
  body: string | null;
}

/** Which parts of a timeline the actor may see: activities in their `activity:read` scope, fields they may see. */
interface TimelineView {
  readonly activities: boolean;
  readonly stages: boolean;
  /** Activity fields the actor may not see. */
  readonly hiddenActivityFields: ReadonlySet<"kind" | "subject" | "body">;
}

async function timelineView(op: OperationContext): Promise<TimelineView> {
  const policy = await op.policy();
  const hidden = (entity: string, field: string) => policy.fieldAccess(op.actor, entity, field) === "hidden";
  return {
    activities: (await op.scopeOf("activity:read")) !== null,
    // A stage entry is the opportunity's stageKey over time.
    stages: !hidden("opportunity", "stageKey"),
    hiddenActivityFields: new Set((["kind", "subject", "body"] as const).filter((f) => hidden("activity", f))),
  };
}

/**
 * The opportunity's timeline, newest first, in one SQL query: the activities logged on it
 * that the actor may read (their `activity:read` scope, as `activities.list` decides it),
 * the team's notes and the stage changes. Fields the actor may not see are left out.
 */
export async function timelineOf(
  op: OperationContext,
  opportunityId: string,
  options: unknown,
): Promise<Page<TimelineEntry>> {
  const { limit = 50, cursor } = parseInput(pageOptionsSchema, options);
  const db = op.db;
  const view = await timelineView(op);
  const activities = db
    .selectFrom("activities")
    .select([
      sql<string>`'activity'`.as("type"),
      "id",
      "occurred_at as at",
      "owner_id as user_id",
      "kind as detail",
      "subject as title",
      "body",
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("related_type", "=", "opportunity")
    .where("related_id", "=", opportunityId)
    .where("archived_at", "is", null);
  const notes = db
    .selectFrom("sales_opportunity_notes")
    .select([
      sql<string>`'note'`.as("type"),
      "id",
      "created_at as at",
      "author_id as user_id",
      sql<string | null>`null`.as("detail"),
      sql<string | null>`null`.as("title"),
      "body",
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId);
  const stages = db
    .selectFrom("sales_stage_history")
    .select([
      sql<string>`'stage'`.as("type"),
      "id",
      "entered_at as at",
      "actor_id as user_id",
      "stage_key as detail",
      "from_stage_key as title",
      sql<string | null>`null`.as("body"),
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId);
  let parts = notes;
  if (view.activities) parts = parts.unionAll(await restrictQuery(op, "activity:read", activities));
  if (view.stages) parts = parts.unionAll(stages);
  let query = db.selectFrom(parts.as("t")).selectAll();
  if (cursor !== undefined) {
    const after = decode(cursor);
    query = query.where((eb) =>
      eb.or([eb("t.at", "<", after.at), eb.and([eb("t.at", "=", after.at), eb("t.id", "<", after.id)])]),
    );
  }
  const rows = (await query
    .orderBy("t.at", "desc")
    .orderBy("t.id", "desc")
    .limit(limit + 1)
    .execute()) as TimelineRow[];
  const items = rows.slice(0, limit).map((row) => toEntry(row, view));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encode({ at: last.at, id: last.id }) : null };
}

function toEntry(row: TimelineRow, view: TimelineView): TimelineEntry {
  if (row.type === "activity") {
    const hidden = view.hiddenActivityFields;
    return {
      type: "activity",
      id: row.id,
      at: row.at,
      userId: row.user_id,
      ...(hidden.has("kind") ? {} : { kind: row.detail ?? "" }),
      ...(hidden.has("subject") ? {} : { subject: row.title }),
      ...(hidden.has("body") ? {} : { body: row.body }),
    };
  }
  if (row.type === "note")
    return { type: "note", id: row.id, at: row.at, userId: row.user_id ?? "", body: row.body ?? "" };
  return {
    type: "stage",
    id: row.id,
    at: row.at,
    userId: row.user_id ?? "",
    stageKey: row.detail ?? "",
    fromStageKey: row.title,
  };
}
