import { countryCodeSchema, type OperationContext, parseInput } from "@rapport/core";
import * as z from "zod";
import type { CleansingPart } from "../cleansing-part.js";
import { normaliseClient } from "../normalise/normalise-client.js";
import { QUALITY_FLAGS } from "../quality/quality-flags.js";
import { listQuality, type QualityPage } from "../quality/quality-list.js";
import { type FinderStats, type FoundPair, findPairs } from "./duplicate-finder.js";
import { ENTITY_RULES, MATCH_ENTITY_TYPES } from "./entity-rules.js";
import { matchIndexMigration, refreshMatchIndex } from "./match-index.js";
import { encodeCursor, matchSettingsShape, type ResolvedSettings, resolveSettings } from "./matching-settings.js";
import type { MatchReason } from "./pair-scorer.js";
import { linkFilter } from "./set-filter.js";

/** Input of `duplicates.find`. */
export const findDuplicatesSchema = z.object(matchSettingsShape).strict();
/** Input of `duplicates.find`, as callers write it. */
export type FindDuplicatesInput = z.input<typeof findDuplicatesSchema>;

const sideSchema = z.union([
  z.object({ source: z.string().min(1).max(100) }).strict(),
  z.object({ externalIdSystem: z.string().min(1).max(100) }).strict(),
]);
/** Input of `duplicates.link`: two sets of one entity type, each by tag (`source`) or external-id system. */
export const linkRecordsSchema = z.object({ ...matchSettingsShape, left: sideSchema, right: sideSchema }).strict();
/** Input of `duplicates.link`, as callers write it. */
export type LinkRecordsInput = z.input<typeof linkRecordsSchema>;

/** Input of `quality.list`. */
export const listQualitySchema = z
  .object({
    entityType: z.enum(MATCH_ENTITY_TYPES),
    /** Only records carrying this flag. */
    flag: z.enum(QUALITY_FLAGS).optional(),
    /** The country phones and postcodes are checked in when a record has none. */
    defaultCountry: countryCodeSchema.optional(),
    cursor: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
/** Input of `quality.list`, as callers write it. */
export type ListQualityInput = z.input<typeof listQualitySchema>;

/** A page of duplicate pairs. */
export interface DuplicatePage {
  /** Pairs scoring at least the threshold: ids `a` < `b`, score (match probability), total weight and per-field reasons. */
  readonly items: FoundPair[];
  /** Pass it as `cursor` (with the same other options) for the next page; `null` after the last. */
  readonly nextCursor: string | null;
  /** The work this page did: pairs compared, blocks read, blocks too big to compare. */
  readonly stats: FinderStats;
}

/** A pair across two linked sets. */
export interface LinkedPair {
  readonly left: string;
  readonly right: string;
  readonly score: number;
  readonly weight: number;
  readonly reasons: readonly MatchReason[];
}

/** A page of linked pairs. */
export interface LinkPage {
  readonly items: LinkedPair[];
  readonly nextCursor: string | null;
  readonly stats: FinderStats;
}

/** `client.cleansing`'s matching area: normalisers, quality flags, duplicates. */
export type MatchingClient = {
  /** Pure normalisers: names, emails, phones, countries, company names, addresses. */
  readonly normalise: typeof normaliseClient;
  readonly quality: {
    /**
     * Records with quality flags (invalid email, phone or postcode; missing email, phone,
     * name, address, company or website; suspicious values such as `test`, `asdf` or repeated
     * digits), paged in id order, as the actor may see them. Brings the flags up to date first.
     */
    list(input: ListQualityInput): Promise<QualityPage>;
  };
  readonly duplicates: {
    /**
     * Finds likely duplicate records of one entity type, with why: pages of `{ a, b, score,
     * weight, reasons }`. Brings the match index up to date, then compares the records sharing
     * a blocking key, each pair once, with Fellegi–Sunter weights. Only records the actor may
     * read take part, and fields their roles hide are neither compared nor shown.
     */
    find(input: FindDuplicatesInput): Promise<DuplicatePage>;
    /** Links two sets of records of one entity type (by tag or external-id system): pairs with one record from each side. */
    link(input: LinkRecordsInput): Promise<LinkPage>;
  };
};

const refreshIndex = (op: OperationContext, settings: ResolvedSettings) =>
  refreshMatchIndex(op, settings.rule, { defaultCountry: settings.defaultCountry }, settings.fingerprint);

/** The matching area of the cleansing module. */
export const matchingPart: CleansingPart<MatchingClient> = {
  migrations: [matchIndexMigration],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: (ctx) => ({
    normalise: normaliseClient,
    quality: {
      list: (input) =>
        ctx.run(async (op) => {
          const parsed = parseInput(listQualitySchema, input);
          const rule = ENTITY_RULES[parsed.entityType];
          // Resolving checks the module and the read permission before the flags are refreshed.
          await resolveSettings(op, { entityType: parsed.entityType }, "quality");
          await refreshMatchIndex(op, rule, { defaultCountry: parsed.defaultCountry ?? null }, null);
          return listQuality(op, rule, { flag: parsed.flag, cursor: parsed.cursor, limit: parsed.limit ?? 100 });
        }),
    },
    duplicates: {
      find: (input) =>
        ctx.run(async (op) => {
          const parsed = parseInput(findDuplicatesSchema, input);
          const settings = await resolveSettings(op, parsed, "find");
          // The first page brings the index up to date; the pages after continue that run.
          if (settings.cursor === null) await refreshIndex(op, settings);
          const page = await findPairs(op, settings.finder, settings.cursor, settings.limit);
          return {
            items: page.items,
            nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor, settings.cursorKey),
            stats: page.stats,
          };
        }),
      link: (input) =>
        ctx.run(async (op) => {
          const parsed = parseInput(linkRecordsSchema, input);
          const settings = await resolveSettings(op, parsed, `link:${JSON.stringify([parsed.left, parsed.right])}`);
          if (settings.cursor === null) await refreshIndex(op, settings);
          const page = await findPairs(
            op,
            settings.finder,
            settings.cursor,
            settings.limit,
            linkFilter(parsed.left, parsed.right),
          );
          return {
            items: page.items.map(({ a, b, ...rest }) => ({ left: a, right: b, ...rest })),
            nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor, settings.cursorKey),
            stats: page.stats,
          };
        }),
    },
  }),
};
