import { ForbiddenError, type OperationContext, restrictQuery } from "@rapport/core";
import type { Kysely } from "kysely";
import type { EntityRule } from "../matching/entity-rules.js";
import { FLAG_READS, type QualityFlag } from "./quality-flags.js";

/** One record with quality flags. */
export interface QualityItem {
  /** The record's id. */
  readonly id: string;
  /** Its flags the actor may see, sorted. */
  readonly flags: readonly QualityFlag[];
}

/** A page of flagged records. */
export interface QualityPage {
  readonly items: QualityItem[];
  readonly nextCursor: string | null;
}

/**
 * Lists records with quality flags, in id order, as the actor sees them: records in their read
 * scope, unarchived, flags from fields they may see. Filtering by a flag read from a field the
 * actor may not see is refused (`FORBIDDEN`): the answer would reveal the field.
 */
export async function listQuality(
  op: OperationContext,
  rule: EntityRule,
  options: { flag?: QualityFlag | undefined; cursor?: string | undefined; limit: number },
): Promise<QualityPage> {
  const policy = await op.policy();
  const reads = FLAG_READS[rule.entityType];
  const visible = (Object.keys(reads) as QualityFlag[]).filter((flag) =>
    (reads[flag] ?? []).every((field) => policy.fieldAccess(op.actor, rule.entityType, field) !== "hidden"),
  );
  if (options.flag !== undefined && !visible.includes(options.flag)) {
    if (reads[options.flag] === undefined) return { items: [], nextCursor: null };
    throw new ForbiddenError(`The flag ${options.flag} is read from a field the actor may not see`, {
      details: { entityType: rule.entityType, flag: options.flag },
    });
  }
  const flags = options.flag === undefined ? visible : [options.flag];
  if (flags.length === 0) return { items: [], nextCursor: null };
  const db = op.db as Kysely<any>;
  const query = db
    .selectFrom("cleansing_quality_flags as q")
    .innerJoin(`${rule.table} as r`, (join) =>
      join.onRef("r.tenant_id", "=", "q.tenant_id").onRef("r.id", "=", "q.record_id"),
    )
    .select("q.record_id")
    .distinct()
    .where("q.tenant_id", "=", op.tenantId)
    .where("q.entity_type", "=", rule.entityType)
    .where("q.flag", "in", flags)
    .where("r.archived_at", "is", null)
    .$if(options.cursor !== undefined, (q) => q.where("q.record_id", ">", options.cursor as string))
    .orderBy("q.record_id")
    .limit(options.limit + 1);
  const ids: string[] = (
    await (
      await restrictQuery(op, `${rule.entityType}:read`, query, {
        tenantColumn: "r.tenant_id",
        ownerColumn: `r.${rule.ownerColumn}`,
        idColumn: "r.id",
      })
    ).execute()
  ).map((row: { record_id: string }) => row.record_id);
  const page = ids.slice(0, options.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const rows: { record_id: string; flag: QualityFlag }[] = await db
    .selectFrom("cleansing_quality_flags")
    .select(["record_id", "flag"])
    .where("tenant_id", "=", op.tenantId)
    .where("entity_type", "=", rule.entityType)
    .where("record_id", "in", page)
    .where("flag", "in", visible)
    .execute();
  const byRecord = new Map<string, QualityFlag[]>(page.map((id) => [id, []]));
  for (const row of rows) byRecord.get(row.record_id)?.push(row.flag);
  return {
    items: page.map((id) => ({ id, flags: (byRecord.get(id) ?? []).sort() })),
    nextCursor: ids.length > options.limit ? (page[page.length - 1] as string) : null,
  };
}
