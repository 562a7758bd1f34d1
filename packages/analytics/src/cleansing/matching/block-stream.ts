import { type OperationContext, restrictQuery } from "@rapport/core";
import type { Kysely } from "kysely";
import type { EntityRule } from "./entity-rules.js";
import { storedProfile } from "./match-index.js";
import type { MatchProfile } from "./profile.js";

/** Key rows read per query: the stream's memory is this page, its blocks' profiles and the largest block it holds. */
const STREAM_PAGE = 10_000;

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

/** Profiles fetched per query for the blocks of a page. */
const PROFILE_BATCH = 500;

/**
 * Streams the blocks of an entity's match index from `fromKey` on, as the actor sees them, in
 * SQL pages of key rows (block key, record id) — never the whole table. Only blocks of two or
 * more records are compared, so only their members' profiles are fetched (most keys are
 * unique to one record). A block larger than `maxBlock` is yielded as `oversized` without its
 * members.
 */
export async function* streamBlocks(
  op: OperationContext,
  rule: EntityRule,
  options: StreamOptions,
): AsyncGenerator<Block> {
  const base = await visibleKeys(op, rule, options.owner);
  let lastKey = options.fromKey;
  let lastId = "";
  let current: { key: number; ids: string[]; size: number } | null = null;
  for (;;) {
    const rows: { block_key: number | string; record_id: string }[] = await base
      .select(["k.block_key", "k.record_id"])
      // A plain lower bound lets both databases seek the keys' primary key instead of scanning it.
      .where("k.block_key", ">=", lastKey)
      .where((eb) => eb.or([eb("k.block_key", ">", lastKey), eb("k.record_id", ">", lastId)]))
      .orderBy("k.block_key")
      .orderBy("k.record_id")
      .limit(STREAM_PAGE)
      .execute();
    const complete: { key: number; ids: string[]; size: number }[] = [];
    for (const row of rows) {
      const key = Number(row.block_key);
      if (current !== null && current.key !== key) {
        complete.push(current);
        current = null;
      }
      current ??= { key, ids: [], size: 0 };
      current.size += 1;
      if (current.size > options.maxBlock) current.ids = [];
      else current.ids.push(row.record_id);
    }
    const done = rows.length < STREAM_PAGE;
    if (done && current !== null) {
      complete.push(current);
      current = null;
    }
    yield* await withMembers(op, rule, complete, options);
    if (done) break;
    const last = rows[rows.length - 1] as { block_key: number | string; record_id: string };
    lastKey = Number(last.block_key);
    lastId = last.record_id;
  }
}

/** Turns complete blocks of ids into blocks of members, fetching the profiles of the blocks that will be compared. */
async function withMembers(
  op: OperationContext,
  rule: EntityRule,
  blocks: readonly { key: number; ids: string[]; size: number }[],
  options: StreamOptions,
): Promise<Block[]> {
  const wanted = new Set<string>();
  for (const block of blocks)
    if (block.size >= 2 && block.size <= options.maxBlock) for (const id of block.ids) wanted.add(id);
  const found = new Map<string, BlockMember>();
  const ids = [...wanted];
  const db = op.db as Kysely<any>;
  for (let start = 0; start < ids.length; start += PROFILE_BATCH) {
    let query = db
      .selectFrom("cleansing_match_profiles as p")
      .select(["p.record_id", "p.profile"])
      .where("p.tenant_id", "=", op.tenantId)
      .where("p.entity_type", "=", rule.entityType)
      .where("p.record_id", "in", ids.slice(start, start + PROFILE_BATCH));
    if (options.withSides) {
      query = query
        .innerJoin(`${rule.table} as r`, (join) =>
          join.onRef("r.tenant_id", "=", "p.tenant_id").onRef("r.id", "=", "p.record_id"),
        )
        .select(["r.tags", "r.external_ids"]);
    }
    const rows: { record_id: string; profile: string; tags?: string; external_ids?: string }[] = await query.execute();
    for (const row of rows) found.set(row.record_id, memberOf(row));
  }
  return blocks.map((block) => ({
    key: block.key,
    members: block.size > options.maxBlock || block.size < 2 ? [] : block.ids.flatMap((id) => found.get(id) ?? []),
    oversized: block.size > options.maxBlock,
    size: block.size,
  }));
}

/** A block member whose profile is parsed only when first read. */
function memberOf(row: { record_id: string; profile: string; tags?: string; external_ids?: string }): BlockMember {
  let profile: MatchProfile | undefined;
  return {
    get profile() {
      profile ??= storedProfile(row.record_id, row.profile);
      return profile;
    },
    ...(row.tags === undefined ? {} : { tags: row.tags }),
    ...(row.external_ids === undefined ? {} : { externalIds: row.external_ids }),
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
