import type { Kysely } from "kysely";
import * as z from "zod";
import { ValidationError } from "../kernel/errors.js";
import { parseInput } from "../kernel/validate.js";
import { tenantIdSchema } from "../permissions/actor.js";
import type { CrmEvent } from "./event-types.js";

/** One batch of the change feed. Continue from `nextCursor`; `hasMore` says whether to ask again now. */
export interface ChangeBatch<E = CrmEvent> {
  readonly items: E[];
  /** The position after the last item (or the given cursor when nothing is new). Store it to resume. */
  readonly nextCursor: string;
  readonly hasMore: boolean;
}

/** Options of `crm.changes.since`. */
export const changesOptionsSchema = z
  .object({
    /** Batch size, 1–1,000. @default 100 */
    limit: z.number().int().min(1).max(1_000).optional(),
    /** Only this tenant's events. */
    tenantId: tenantIdSchema.optional(),
  })
  .strict();
export type ChangesOptions = z.input<typeof changesOptionsSchema>;

/** Reads the change feed: every committed event, in commit order, from a cursor. */
export async function readChanges(
  db: Kysely<any>,
  cursor: string | undefined,
  options: ChangesOptions,
): Promise<ChangeBatch> {
  const { limit = 100, tenantId } = parseInput(changesOptionsSchema, options);
  // Only a cursor this feed made (a decimal position) is bound: anything else could reach the database.
  if (cursor !== undefined && (typeof cursor !== "string" || !/^\d{0,16}$/.test(cursor)))
    throw ValidationError.forField(["cursor"], "Cursor is malformed");
  const after = cursor === undefined || cursor === "" ? 0 : Number(cursor);
  if (!Number.isSafeInteger(after)) throw ValidationError.forField(["cursor"], "Cursor is malformed");
  let query = db
    .selectFrom("rapport_change_feed")
    .selectAll()
    .where("seq", ">", after)
    .orderBy("seq")
    .limit(limit + 1);
  if (tenantId !== undefined) query = query.where("tenant_id", "=", tenantId);
  const rows = await query.execute();
  const items = rows.slice(0, limit).map(
    (row): CrmEvent => ({
      id: row.event_id,
      type: row.type,
      seq: Number(row.seq),
      tenantId: row.tenant_id,
      actorId: row.actor_id,
      occurredAt: row.occurred_at,
      data: JSON.parse(row.data),
    }),
  );
  const last = items[items.length - 1];
  return { items, nextCursor: String(last ? last.seq : after), hasMore: rows.length > limit };
}
