import type { Migration, OperationContext } from "@rapport/core";
import { insertValues } from "@rapport/core/internals";
import type { Kysely } from "kysely";
import { qualityFlagsOf } from "../quality/quality-flags.js";
import type { EntityRule, MatchRow, ProfileContext } from "./entity-rules.js";
import { type MatchProfile, profileOf } from "./profile.js";

/** The tables of the match index: a profile per record, its blocking keys, its quality flags. */
export interface MatchIndexTables {
  cleansing_match_profiles: {
    tenant_id: string;
    entity_type: string;
    record_id: string;
    record_version: number;
    /** A fingerprint of the rule and settings the profile was built with. */
    rule: string;
    /** JSON: `{ values, keys }` of {@link MatchProfile}. */
    profile: string;
  };
  cleansing_match_keys: { tenant_id: string; entity_type: string; block_key: number | string; record_id: string };
  cleansing_quality_flags: { tenant_id: string; entity_type: string; flag: string; record_id: string };
}

/** The match index's typed tables on an operation. */
export function matchIndexDb(op: OperationContext): Kysely<MatchIndexTables> {
  return op.db;
}

/** Creates the match index tables; every key starts with the tenant. */
export const matchIndexMigration: Migration = {
  name: "001_cleansing_match_index",
  async up(db) {
    await db.schema
      .createTable("cleansing_match_profiles")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addColumn("record_version", "integer", (c) => c.notNull())
      .addColumn("rule", "text", (c) => c.notNull())
      .addColumn("profile", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("cleansing_match_profiles_pk", ["tenant_id", "entity_type", "record_id"])
      .execute();
    await db.schema
      .createTable("cleansing_match_keys")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("block_key", "bigint", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("cleansing_match_keys_pk", ["tenant_id", "entity_type", "block_key", "record_id"])
      .execute();
    await db.schema
      .createIndex("cleansing_match_keys_record")
      .on("cleansing_match_keys")
      .columns(["tenant_id", "entity_type", "record_id"])
      .execute();
    await db.schema
      .createTable("cleansing_quality_flags")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("flag", "text", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("cleansing_quality_flags_pk", ["tenant_id", "entity_type", "flag", "record_id"])
      .execute();
    await db.schema
      .createIndex("cleansing_quality_flags_record")
      .on("cleansing_quality_flags")
      .columns(["tenant_id", "entity_type", "record_id"])
      .execute();
  },
};

/** Rows read and written per step of a refresh: bounds its memory. */
const REFRESH_PAGE = 2_000;

/** What a refresh did. */
export interface RefreshReport {
  /** Records whose profile, keys and flags were (re)built. */
  readonly profiled: number;
}

/**
 * Brings the match index of one entity type up to date, in the operation's transaction:
 * records new since the last refresh, changed (another version) or — when `rule` is given —
 * profiled under another rule are (re)profiled, page by page in id order; entries of records
 * that no longer exist are removed. Quality flags are rebuilt with the profile. Archived
 * records keep their entries (finders leave them out), so archiving and restoring cost nothing
 * extra. The index is derived data: it is written without audit rows or events.
 */
export async function refreshMatchIndex(
  op: OperationContext,
  rule: EntityRule,
  context: ProfileContext,
  fingerprint: string | null,
): Promise<RefreshReport> {
  const db = op.db as Kysely<any>;
  const type = rule.entityType;
  // Two callers refreshing at once would insert the same entries: one waits for the other (the key duplicate rules take too; re-taking it in one transaction is a no-op).
  await op.lock(`cleansing-match-index:${type}`);
  // Records gone since the last refresh: found through the profiles (one row per record), then their keys and flags by record.
  for (;;) {
    const gone: string[] = (
      await db
        .selectFrom("cleansing_match_profiles as p")
        .select("p.record_id")
        .where("p.tenant_id", "=", op.tenantId)
        .where("p.entity_type", "=", type)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom(`${rule.table} as r`)
                .select("r.id")
                .where("r.tenant_id", "=", op.tenantId)
                .whereRef("r.id", "=", "p.record_id"),
            ),
          ),
        )
        .limit(REFRESH_PAGE)
        .execute()
    ).map((row: { record_id: string }) => row.record_id);
    if (gone.length === 0) break;
    await deleteEntries(db, op.tenantId, type, gone);
  }
  let after = "";
  let profiled = 0;
  for (;;) {
    const rows = (await db
      .selectFrom(`${rule.table} as r`)
      .leftJoin("cleansing_match_profiles as p", (join) =>
        join.onRef("p.tenant_id", "=", "r.tenant_id").on("p.entity_type", "=", type).onRef("p.record_id", "=", "r.id"),
      )
      .select(["r.id", "r.version", ...rule.columns.map((column) => `r.${column}`), "p.record_id as known"])
      .where("r.tenant_id", "=", op.tenantId)
      .where("r.id", ">", after)
      .where((eb) => {
        const stale = [eb("p.record_id", "is", null), eb("p.record_version", "<>", eb.ref("r.version"))];
        if (fingerprint !== null) stale.push(eb("p.rule", "<>", fingerprint));
        return eb.or(stale);
      })
      .orderBy("r.id")
      .limit(REFRESH_PAGE)
      .execute()) as (MatchRow & { known: string | null })[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id as string;
    const known = rows.flatMap((row) => (row.known === null ? [] : [row.id]));
    if (known.length > 0) await deleteEntries(db, op.tenantId, type, known);
    const profiles: unknown[] = [];
    const keys: unknown[] = [];
    const flags: unknown[] = [];
    for (const row of rows) {
      const profile: MatchProfile = profileOf(rule, row, context);
      profiles.push(
        op.tenantId,
        type,
        row.id,
        Number(row.version),
        fingerprint ?? "",
        JSON.stringify({ v: profile.values, k: profile.keys }),
      );
      for (const key of profile.keys) keys.push(op.tenantId, type, key, row.id);
      for (const flag of qualityFlagsOf(type, row, context.defaultCountry)) flags.push(op.tenantId, type, flag, row.id);
    }
    await insertValues(
      op,
      "cleansing_match_profiles",
      ["tenant_id", "entity_type", "record_id", "record_version", "rule", "profile"],
      profiles,
    );
    if (keys.length > 0)
      await insertValues(op, "cleansing_match_keys", ["tenant_id", "entity_type", "block_key", "record_id"], keys);
    if (flags.length > 0)
      await insertValues(op, "cleansing_quality_flags", ["tenant_id", "entity_type", "flag", "record_id"], flags);
    profiled += rows.length;
    if (rows.length < REFRESH_PAGE) break;
  }
  return { profiled };
}

/** Removes the profiles, keys and flags of some records. */
async function deleteEntries(db: Kysely<any>, tenantId: string, type: string, ids: readonly string[]): Promise<void> {
  for (const table of ["cleansing_match_profiles", "cleansing_match_keys", "cleansing_quality_flags"]) {
    await db
      .deleteFrom(table)
      .where("tenant_id", "=", tenantId)
      .where("entity_type", "=", type)
      .where("record_id", "in", ids)
      .execute();
  }
}

/** Reads a stored profile back. */
export function storedProfile(id: string, json: string): MatchProfile {
  const parsed = JSON.parse(json) as { v: MatchProfile["values"]; k: number[] };
  return { id, values: parsed.v, keys: parsed.k };
}
