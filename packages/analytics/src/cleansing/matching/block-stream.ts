import { type OperationContext, restrictQuery } from "@rapport/core";
import type { Kysely } from "kysely";
import type { EntityRule } from "./entity-rules.js";
import { storedProfile } from "./match-index.js";
import type { MatchProfile } from "./profile.js";

/** Key rows read per query: the stream's memory is this page plus the largest block it holds. */
const STREAM_PAGE = 5_000;

/** One block: records sharing a blocking key, in id order, with the columns a linker reads. */
export interface Block {
  readonly key: number;
  readonly members: readonly BlockMember[];
  /** Members beyond `maxBlock`: the block was too big to compare (its members are not held). */
  readonly oversized: boolean;
  readonly size: number;
}

/** A record in a block. */
export interface BlockMember {
  readonly profile: MatchProfile;
  /** Its tags and external ids (JSON text), read only for linking. */
  readonly tags?: string;
  readonly externalIds?: string;
}

/** Options of {@link streamBlocks}. */
export interface StreamOptions {
  /** Start at this block key (inclusive). */
  readonly fromKey: number;
  /** The largest block compared; members of a bigger one are not held. */
  readonly maxBlock: number;
  /** Read tags and external ids too (linking). */
  readonly withSides: boolean;
  /** Only records this user owns, or `null` for all the actor may read. */
  readonly owner: string | null;
}

/**
 * The keyed rows of visible, unarchived records, in block-key then id order: the base query
 * of the stream and of block-size checks. Record scope comes from `restrictQuery` on the
 * entity's own table, so an actor sees only the records they may read.
 */
async function visibleKeys(op: OperationContext, rule: EntityRule, owner: string | null) {
  const db = op.db as Kysely<any>;
  let query = db
    .selectFrom("cleansing_match_keys as k")
    .innerJoin(`${rule.table} as r`, (join) =>
      join.onRef("r.tenant_id", "=", "k.tenant_id").onRef("r.id", "=", "k.record_id"),
    )
    .where("k.tenant_id", "=", op.tenantId)
    .where("k.entity_type", "=", rule.entityType)
    .where("r.archived_at", "is", null);
  if (owner !== null) query = query.where(`r.${rule.ownerColumn}`, "=", owner);
  return restrictQuery(op, `${rule.entityType}:read`, query, {
    tenantColumn: "r.tenant_id",
    ownerColumn: `r.${rule.ownerColumn}`,
    idColumn: "r.id",
  });
}

/**
 * Streams the blocks of an entity's match index from `fromKey` on, as the actor sees them, in
 * SQL pages of key rows (block key, record id) — never the whole table. A block larger than
 * `maxBlock` is yielded as `oversized` without its members.
 */
export async function* streamBlocks(
  op: OperationContext,
  rule: EntityRule,
  options: StreamOptions,
): AsyncGenerator<Block> {
  const base = await visibleKeys(op, rule, options.owner);
  let lastKey = options.fromKey;
  let lastId = "";
  let current: { key: number; members: BlockMember[]; size: number } | null = null;
  for (;;) {
    let query = base
      .innerJoin("cleansing_match_profiles as p", (join) =>
        join
          .onRef("p.tenant_id", "=", "k.tenant_id")
          .onRef("p.entity_type", "=", "k.entity_type")
          .onRef("p.record_id", "=", "k.record_id"),
      )
      .select(["k.block_key", "k.record_id", "p.profile"])
      .where((eb) =>
        eb.or([
          eb("k.block_key", ">", lastKey),
          eb.and([eb("k.block_key", "=", lastKey), eb("k.record_id", ">", lastId)]),
        ]),
      )
      .orderBy("k.block_key")
      .orderBy("k.record_id")
      .limit(STREAM_PAGE);
    if (options.withSides) query = query.select(["r.tags", "r.external_ids"]);
    const rows: {
      block_key: number | string;
      record_id: string;
      profile: string;
      tags?: string;
      external_ids?: string;
    }[] = await query.execute();
    for (const row of rows) {
      const key = Number(row.block_key);
      if (current !== null && current.key !== key) {
        yield {
          key: current.key,
          members: current.members,
          oversized: current.size > options.maxBlock,
          size: current.size,
        };
        current = null;
      }
      current ??= { key, members: [], size: 0 };
      current.size += 1;
      if (current.size > options.maxBlock) {
        current.members = [];
        continue;
      }
      current.members.push({
        profile: storedProfile(row.record_id, row.profile),
        ...(row.tags === undefined ? {} : { tags: row.tags }),
        ...(row.external_ids === undefined ? {} : { externalIds: row.external_ids }),
      });
    }
    if (rows.length < STREAM_PAGE) break;
    const last = rows[rows.length - 1] as { block_key: number | string; record_id: string };
    lastKey = Number(last.block_key);
    lastId = last.record_id;
  }
  if (current !== null)
    yield {
      key: current.key,
      members: current.members,
      oversized: current.size > options.maxBlock,
      size: current.size,
    };
}

/** How many visible records share `key`, counting to `limit + 1` at most. */
export async function blockSize(
  op: OperationContext,
  rule: EntityRule,
  key: number,
  limit: number,
  owner: string | null,
): Promise<number> {
  const base = await visibleKeys(op, rule, owner);
  const rows = await base
    .select("k.record_id")
    .where("k.block_key", "=", key)
    .limit(limit + 1)
    .execute();
  return rows.length;
}
