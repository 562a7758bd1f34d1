import type { EntityRule, MatchRow, ProfileContext } from "./entity-rules.js";
import type { ProfileValue } from "./field-comparison.js";

/** A record prepared for matching: each rule field's normalised value, and its blocking keys. */
export interface MatchProfile {
  readonly id: string;
  /** Normalised values by match field name (`lastName`, `address.postcode`). */
  readonly values: Readonly<Record<string, ProfileValue>>;
  /** Its blocking keys, ascending (see {@link blockKeyOf}). */
  readonly keys: readonly number[];
}

/** Block keys are `blockIndex * 2^47 + hash`: sortable the same way as numbers in every database, grouped by block rule. */
const KIND_SPAN = 2 ** 47;

/** FNV-1a over UTF-16 code units with a given offset basis: one 32-bit hash. */
function fnv1a(text: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The number a blocking key is stored as: the block rule's index in the high bits and a
 * 47-bit hash of the key text. Two texts may share a hash; that only makes a block larger
 * (more pairs compared), never drops a pair.
 */
export function blockKeyOf(blockIndex: number, text: string): number {
  const high = fnv1a(text, 0x811c9dc5);
  const low = fnv1a(text, 0x01000193) & 0x7fff;
  return blockIndex * KIND_SPAN + high * 0x8000 + low;
}

/** The index of the block rule a stored key belongs to. */
export function blockIndexOf(key: number): number {
  return Math.floor(key / KIND_SPAN);
}

/** Builds a record's profile: parses its row, extracts every field of the rule and makes its blocking keys. */
export function profileOf(rule: EntityRule, row: MatchRow, context: ProfileContext): MatchProfile {
  const parsed = rule.parse(row, context);
  const values: Record<string, ProfileValue> = {};
  for (const field of rule.fields) values[field.name] = field.extract(parsed, context);
  const keys = new Set<number>();
  rule.blocks.forEach((block, index) => {
    for (const text of block.keys(values)) if (text !== "") keys.add(blockKeyOf(index, text));
  });
  return { id: row.id, values, keys: [...keys].sort((a, b) => a - b) };
}
