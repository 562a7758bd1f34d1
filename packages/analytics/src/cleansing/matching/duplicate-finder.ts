import { type OperationContext, restrictQuery } from "@rapport/core";
import type { Kysely } from "kysely";
import { type Block, type BlockMember, blockSize, streamBlocks } from "./block-stream.js";
import type { EntityRule, MatchRow, ProfileContext } from "./entity-rules.js";
import { learnByEm, type PatternCount } from "./fellegi-sunter.js";
import { storedProfile } from "./match-index.js";
import { defaultModel, type MatchModel, type MatchReason, PairScorer } from "./pair-scorer.js";
import { blockIndexOf, type MatchProfile, profileOf } from "./profile.js";

/** How a finder scores: the fields and blocks the actor may use, the model, the threshold. */
export interface FinderSettings {
  readonly rule: EntityRule;
  /** Entity fields the actor may not see: fields and blocks reading them are not used. */
  readonly hidden: ReadonlySet<string>;
  /** The lowest match probability reported. */
  readonly threshold: number;
  /** Blocks with more records are not compared (counted in `oversizedBlocks`). */
  readonly maxBlock: number;
  /** The prior for the default model, or the start of EM. */
  readonly prior: number;
  /** Learn m, u and the prior by EM over the compared pairs before scoring. */
  readonly learn: boolean;
  /** Only records this user owns (`scope: "own"`), or `null` for every record the actor may read. */
  readonly owner: string | null;
}

/** A pair found, with its score and reasons. */
export interface FoundPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly weight: number;
  readonly reasons: readonly MatchReason[];
}

/** Counts of a finder's work. */
export interface FinderStats {
  /** Pairs compared field by field (each pair once, in the first block the two share). */
  pairsCompared: number;
  /** Blocks read. */
  blocks: number;
  /** Blocks bigger than `maxBlock`, not compared. */
  oversizedBlocks: number;
}

/** Decides whether a pair of block members is compared, and which is `a`: `null` leaves it out (linking two sets). */
export type PairFilter = (x: BlockMember, y: BlockMember) => readonly [BlockMember, BlockMember] | null;

/** Where a page of pairs resumes: the block and how many pairs of it were already reported. */
export interface FinderCursor {
  readonly key: number;
  readonly emitted: number;
  /** The too-big blocks before `key`, so a later page need not count them again; `null` when there were too many to carry. */
  readonly oversizedBefore: readonly number[] | null;
}

/** The most too-big block keys a cursor carries. */
const MAX_CURSOR_OVERSIZED = 100;

/** The scorer for the actor's visible fields, with the default or an EM-learnt model. */
export async function scorerFor(
  op: OperationContext,
  settings: FinderSettings,
  filter: PairFilter | null,
): Promise<{ scorer: PairScorer; model: MatchModel }> {
  const fields = PairScorer.visibleFields(settings.rule, settings.hidden);
  const start = defaultModel(fields, settings.prior);
  if (!settings.learn) return { scorer: new PairScorer(fields, start), model: start };
  // EM runs on counts of agreement patterns, so its memory does not grow with the pairs.
  const counting = new PairScorer(fields, start);
  const patterns = new Map<string, PatternCount>();
  await walkPairs(op, settings, null, filter, async (a, b) => {
    const { levels } = counting.score(a.profile, b.profile);
    const key = levels.join(",");
    const found = patterns.get(key);
    if (found) found.count += 1;
    else patterns.set(key, { levels, count: 1 });
    return true;
  });
  const learnt = learnByEm([...patterns.values()], start.probabilities, settings.prior);
  const model = { probabilities: learnt.probabilities, lambda: learnt.lambda };
  return { scorer: new PairScorer(fields, model), model };
}

/**
 * Visits every candidate pair once, block by block from `cursor`: a pair of records sharing
 * several keys is visited in the first (lowest) block they share that is compared. `visit`
 * returns `false` to stop.
 */
async function walkPairs(
  op: OperationContext,
  settings: FinderSettings,
  cursor: FinderCursor | null,
  filter: PairFilter | null,
  visit: (a: BlockMember, b: BlockMember, block: Block) => Promise<boolean>,
  stats?: FinderStats,
  oversizedSeen?: Set<number>,
): Promise<void> {
  const known = cursor?.oversizedBefore === null || cursor === null ? null : new Set(cursor.oversizedBefore);
  const visibleFields = new Set(PairScorer.visibleFields(settings.rule, settings.hidden).map((f) => f.name));
  const usable = settings.rule.blocks.map((block) => block.uses.every((use) => visibleFields.has(use)));
  const oversized = new Map<number, boolean>();
  const isOversized = async (key: number) => {
    let found = oversized.get(key);
    if (found === undefined) {
      // Blocks before the cursor were read by the pages before: their cursor says which were too big.
      found =
        known !== null && cursor !== null && key < cursor.key
          ? known.has(key)
          : (await blockSize(op, settings.rule, key, settings.maxBlock, settings.owner)) > settings.maxBlock;
      oversized.set(key, found);
    }
    return found;
  };
  /** True when the pair shares an earlier usable block that was compared (so it was visited there). */
  const seenEarlier = async (a: MatchProfile, b: MatchProfile, key: number) => {
    let i = 0;
    let j = 0;
    while (i < a.keys.length && j < b.keys.length) {
      const x = a.keys[i] as number;
      const y = b.keys[j] as number;
      if (x >= key || y >= key) return false;
      if (x < y) i++;
      else if (y < x) j++;
      else {
        if (usable[blockIndexOf(x)] === true && !(await isOversized(x))) return true;
        i++;
        j++;
      }
    }
    return false;
  };
  for await (const block of streamBlocks(op, settings.rule, {
    fromKey: cursor?.key ?? -1,
    maxBlock: settings.maxBlock,
    withSides: filter !== null,
    owner: settings.owner,
  })) {
    if (usable[blockIndexOf(block.key)] !== true) continue;
    if (stats) stats.blocks += 1;
    oversized.set(block.key, block.oversized);
    if (block.oversized) {
      if (stats) stats.oversizedBlocks += 1;
      oversizedSeen?.add(block.key);
      continue;
    }
    const members = block.members;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const x = members[i] as BlockMember;
        const y = members[j] as BlockMember;
        const pair = filter === null ? ([x, y] as const) : filter(x, y);
        if (pair === null) continue;
        if (await seenEarlier(x.profile, y.profile, block.key)) continue;
        if (!(await visit(pair[0], pair[1], block))) return;
      }
    }
  }
}

/** A page of pairs: what was found, where to resume, and the work done. */
export interface FinderPage {
  readonly items: FoundPair[];
  readonly nextCursor: FinderCursor | null;
  readonly stats: FinderStats;
}

/**
 * Finds the next page of pairs scoring at least `settings.threshold`, from `cursor`, at most
 * `limit`. Pairs come in block order (not by score); within a block, in id order.
 */
export async function findPairs(
  op: OperationContext,
  settings: FinderSettings,
  cursor: FinderCursor | null,
  limit: number,
  filter: PairFilter | null = null,
): Promise<FinderPage> {
  const { scorer } = await scorerFor(op, settings, filter);
  const stats: FinderStats = { pairsCompared: 0, blocks: 0, oversizedBlocks: 0 };
  const items: FoundPair[] = [];
  let nextCursor: FinderCursor | null = null;
  const oversizedSeen = new Set<number>(cursor?.oversizedBefore ?? []);
  let blockKey = -1;
  let emitted = 0;
  await walkPairs(
    op,
    settings,
    cursor,
    filter,
    async (a, b, block) => {
      if (block.key !== blockKey) {
        blockKey = block.key;
        emitted = 0;
      }
      const skip = cursor !== null && block.key === cursor.key ? cursor.emitted : 0;
      // Pairs up to the cursor's last reported one were counted by the page before.
      if (emitted >= skip) stats.pairsCompared += 1;
      const scored = scorer.score(a.profile, b.profile);
      if (scored.score < settings.threshold) return true;
      emitted += 1;
      if (emitted <= skip) return true;
      items.push({
        a: a.profile.id,
        b: b.profile.id,
        score: Math.round(scored.score * 10_000) / 10_000,
        weight: Math.round(scored.weight * 100) / 100,
        reasons: scored.reasons,
      });
      if (items.length < limit) return true;
      const before = [...oversizedSeen].filter((key) => key < block.key);
      nextCursor = {
        key: block.key,
        emitted,
        oversizedBefore: cursor?.oversizedBefore === null || before.length > MAX_CURSOR_OVERSIZED ? null : before,
      };
      return false;
    },
    stats,
    oversizedSeen,
  );
  return { items, nextCursor, stats };
}

/** A candidate duplicate of one record (see {@link findCandidates}). */
export interface Candidate {
  readonly id: string;
  readonly score: number;
  readonly weight: number;
  readonly reasons: readonly MatchReason[];
}

/**
 * Scores one record — stored or about to be written — against the records sharing one of its
 * blocking keys in the match index, as `op`'s actor sees them, and returns those scoring at
 * least the threshold, best first. `row` holds the rule's columns (see `rowOfRecord`). The
 * index should be refreshed first (`refreshMatchIndex`) so stored profiles are current.
 */
export async function findCandidates(
  op: OperationContext,
  settings: FinderSettings,
  row: MatchRow,
  context: ProfileContext,
): Promise<Candidate[]> {
  const fields = PairScorer.visibleFields(settings.rule, settings.hidden);
  const visibleFields = new Set(fields.map((f) => f.name));
  const scorer = new PairScorer(fields, defaultModel(fields, settings.prior));
  const profile = profileOf(settings.rule, row, context);
  const keys = profile.keys.filter((key) =>
    settings.rule.blocks[blockIndexOf(key)]?.uses.every((use) => visibleFields.has(use)),
  );
  const seen = new Set<string>([row.id]);
  const candidates: Candidate[] = [];
  for (const key of keys) {
    if ((await blockSize(op, settings.rule, key, settings.maxBlock, settings.owner)) > settings.maxBlock) continue;
    const db = op.db as Kysely<any>;
    const query = db
      .selectFrom("cleansing_match_keys as k")
      .innerJoin("cleansing_match_profiles as p", (join) =>
        join
          .onRef("p.tenant_id", "=", "k.tenant_id")
          .onRef("p.entity_type", "=", "k.entity_type")
          .onRef("p.record_id", "=", "k.record_id"),
      )
      .innerJoin(`${settings.rule.table} as r`, (join) =>
        join.onRef("r.tenant_id", "=", "k.tenant_id").onRef("r.id", "=", "k.record_id"),
      )
      .select(["k.record_id", "p.profile"])
      .where("k.tenant_id", "=", op.tenantId)
      .where("k.entity_type", "=", settings.rule.entityType)
      .where("k.block_key", "=", key)
      .where("r.archived_at", "is", null)
      .$if(settings.owner !== null, (q) => q.where(`r.${settings.rule.ownerColumn}`, "=", settings.owner));
    const rows: { record_id: string; profile: string }[] = await (
      await restrictQuery(op, `${settings.rule.entityType}:read`, query, {
        tenantColumn: "r.tenant_id",
        ownerColumn: `r.${settings.rule.ownerColumn}`,
        idColumn: "r.id",
      })
    ).execute();
    for (const found of rows) {
      if (seen.has(found.record_id)) continue;
      seen.add(found.record_id);
      const scored = scorer.score(profile, storedProfile(found.record_id, found.profile));
      if (scored.score >= settings.threshold) {
        candidates.push({ id: found.record_id, score: scored.score, weight: scored.weight, reasons: scored.reasons });
      }
    }
  }
  return candidates.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}
