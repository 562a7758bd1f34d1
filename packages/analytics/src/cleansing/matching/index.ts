/**
 * The matcher's internal API, for the other cleansing areas (merge, duplicate rules, batch
 * jobs) — not exported from the package:
 *
 * - `resolveSettings(op, { entityType, fields?, threshold?, defaultCountry? }, purpose)` checks an
 *   entity type and custom-field rules (typed errors) and returns `finder` settings for the actor;
 * - `refreshMatchIndex(op, rule, { defaultCountry }, fingerprint)` brings profiles, blocking keys
 *   and quality flags up to date (incremental, by record version);
 * - `findCandidates(op, settings.finder, rowOfRecord(rule, record), { defaultCountry })` scores one
 *   record (stored or about to be written) against its blocks, best first, with reasons;
 * - `findPairs(op, settings.finder, cursor, limit, filter?)` walks every candidate pair, block by block;
 * - the comparators and normalisers, pure.
 */

export { normaliseAddress, normalisePostcode, normaliseStreet } from "../normalise/address.js";
export { normaliseCompanyName } from "../normalise/company-name.js";
export { normaliseCountry } from "../normalise/country.js";
export { normaliseEmail } from "../normalise/email.js";
export { normalisePersonName } from "../normalise/person-name.js";
export { normalisePhone } from "../normalise/phone.js";
export {
  damerauLevenshtein,
  dateAgreement,
  jaroWinkler,
  numericCloseness,
  phoneticCode,
  tokenSetSimilarity,
} from "./comparators.js";
export type { Candidate, FinderPage, FinderSettings, FoundPair } from "./duplicate-finder.js";
export { findCandidates, findPairs } from "./duplicate-finder.js";
export type { EntityRule, ExtraField, MatchEntityType, MatchRow } from "./entity-rules.js";
export { ENTITY_RULES, MATCH_ENTITY_TYPES, rowOfRecord, ruleWithExtras } from "./entity-rules.js";
export { compareField } from "./field-comparison.js";
export { refreshMatchIndex } from "./match-index.js";
export { resolveSettings } from "./matching-settings.js";
export type { MatchReason } from "./pair-scorer.js";
