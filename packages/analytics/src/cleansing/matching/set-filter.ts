import type { BlockMember } from "./block-stream.js";
import type { PairFilter } from "./duplicate-finder.js";

/** One side of a link: records carrying a tag (`source`), or an external id of a system. */
export type LinkSide = { readonly source: string } | { readonly externalIdSystem: string };

const parse = (text: string | undefined): unknown => {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
};

/** True when a block member belongs to `side`: its tags hold the source, or its external ids name the system (own keys only). */
export function onSide(member: BlockMember, side: LinkSide): boolean {
  if ("source" in side) {
    const tags = parse(member.tags);
    return Array.isArray(tags) && tags.includes(side.source);
  }
  const ids = parse(member.externalIds);
  return ids !== null && typeof ids === "object" && Object.hasOwn(ids, side.externalIdSystem);
}

/** Compares only pairs with one record on each side, ordered left then right. */
export function linkFilter(left: LinkSide, right: LinkSide): PairFilter {
  return (x, y) => {
    if (onSide(x, left) && onSide(y, right)) return [x, y];
    if (onSide(y, left) && onSide(x, right)) return [y, x];
    return null;
  };
}
