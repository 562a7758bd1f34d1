import * as z from "zod";
import { FieldGuard } from "../entities/field-guard.js";
import { encodeCursor, listOptionsSchema, type Page } from "../entities/list-query.js";
import { ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { parseInput } from "../kernel/validate.js";
import { textSchema } from "../schemas/common-schemas.js";
import { authorizeHistory } from "./authorize-history.js";
import type { FieldChange } from "./diff.js";

/** One recorded change of a record. */
export interface AuditRecord {
  readonly id: string;
  readonly entityType: string;
  readonly entityId: string;
  /** `create`, `update`, `archive` or a domain verb. */
  readonly action: string;
  readonly actorId: string;
  readonly at: string;
  /** field → `[before, after]`; custom fields appear as `custom.<key>`. */
  readonly changes: Readonly<Record<string, FieldChange>>;
}

/** Reads the audit trail. */
export interface AuditService {
  /**
   * A record's changes, oldest first, paged. Needs `audit:read` and read access to the
   * record itself, checked as `get` checks it (`<type>:read` on that record, shares
   * included); fields the actor may not see are left out of `changes`. A record that does
   * not exist in the tenant has an empty history.
   */
  history(
    entityType: string,
    entityId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<Page<AuditRecord>>;
}

const historyArgs = z.object({
  entityType: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Unknown entity type"),
  entityId: textSchema().min(1).max(128),
  options: listOptionsSchema.pick({ limit: true, cursor: true }),
});

export function createAuditService(ctx: ModuleContext): AuditService {
  return {
    history: (entityType, entityId, options = {}) =>
      ctx.read(async (op) => {
        const args = parseInput(historyArgs, { entityType, entityId, options });
        if (!(await authorizeHistory(op, args.entityType, args.entityId))) return { items: [], nextCursor: null };
        const limit = args.options.limit ?? 50;
        let query = op.db
          .selectFrom("rapport_audit_log")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("entity_type", "=", args.entityType)
          .where("entity_id", "=", args.entityId)
          .orderBy("id")
          .limit(limit + 1);
        if (args.options.cursor !== undefined) query = query.where("id", ">", decodeAuditCursor(args.options.cursor));
        const rows = await query.execute();
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const guard = await FieldGuard.for(op, args.entityType);
        return {
          items: page.map((row) => {
            const changes = JSON.parse(row.changes) as Record<string, FieldChange>;
            return {
              id: row.id,
              entityType: row.entity_type,
              entityId: row.entity_id,
              action: row.action,
              actorId: row.actor_id,
              at: row.at,
              changes: guard ? guard.redactChanges(changes) : changes,
            };
          }),
          nextCursor: rows.length > limit && last ? encodeCursor({ f: "audit", d: "asc", v: null, id: last.id }) : null,
        };
      }),
  };
}

function decodeAuditCursor(cursor: string): string {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { f?: string; id?: string };
    if (state.f === "audit" && typeof state.id === "string") return state.id;
  } catch {
    // reported below
  }
  throw ValidationError.forField(["options", "cursor"], "Cursor is malformed");
}
