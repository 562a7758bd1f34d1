import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import {
  createdChanges,
  insertRows,
  RECORD_COLUMNS,
  RECORD_ROWS_PER_INSERT,
  writeAudit,
  writeFeed,
} from "../raw/raw-writes.mjs";
import { batches, IMPORTER, INGEST_TRANSACTION_ROWS } from "../workload.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").SideState} SideState */
/** @typedef {import("../dataset.mjs").ContactRow} ContactRow */

/** The `contacts` table's columns, as Rapport's migration creates them. */
const CONTACT_COLUMNS = Object.freeze([
  ...RECORD_COLUMNS,
  "custom",
  "tags",
  "external_ids",
  "account_id",
  "first_name",
  "last_name",
  "full_name",
  "title",
  "emails",
  "primary_email",
  "phones",
  "mailing_address",
  "do_not_call",
  "do_not_email",
  "preferred_channel",
  "language",
  "owner_id",
]);

/**
 * @param {SideState} side
 * @param {number | null} accountIndex
 * @returns {string | null}
 */
function accountIdOf(side, accountIndex) {
  return accountIndex === null ? null : /** @type {string} */ (side.accountIds[accountIndex]);
}

/**
 * The input `contacts.createMany` gets for a generated contact.
 *
 * @param {SideState} side
 * @param {ContactRow} c
 */
function contactInput(side, c) {
  // Built by assignment, not with a conditional spread: V8 builds `{ ...(x ? {} : { y }), … }` on
  // a slow path (~15 µs an object), which would count as Rapport's time.
  /** @type {import("@rapport/core").CreateContactInput} */
  const input = {
    firstName: c.firstName,
    lastName: c.lastName,
    title: c.title,
    emails: [{ value: c.email }],
    phones: c.phone === null ? [] : [{ value: c.phone }],
    doNotCall: c.doNotCall,
    doNotEmail: c.doNotEmail,
    preferredChannel: c.preferredChannel,
    language: c.language,
    ownerId: c.ownerId,
  };
  const accountId = accountIdOf(side, c.accountIndex);
  if (accountId !== null) input.accountId = accountId;
  return input;
}

/**
 * A phone number as contacts keep it: as written, plus its E.164 form and country when
 * it is a valid number (the same library and rules Rapport uses).
 *
 * @param {string} value
 */
function phoneOf(value) {
  const parsed = parsePhoneNumberFromString(value.trim().replace(/^00(?=[1-9])/, "+"), {});
  const valid = parsed?.isValid() === true;
  return {
    type: "work",
    value,
    primary: true,
    country: valid ? (parsed?.country ?? null) : null,
    e164: valid ? (parsed?.number ?? null) : null,
  };
}

/**
 * Ingest: every contact of the data set (most at one of the accounts ingested before),
 * 1,000 per transaction. Rapport: one `contacts.createMany` per 1,000 (validation, derived
 * full name and primary email, phone normalisation, the account check, audit and
 * change-feed rows). Raw: in each transaction, one query for the batch's archived
 * accounts, then multi-row INSERTs of the contacts, one audit row and one feed row each.
 *
 * @param {number} count contacts per run
 * @returns {WriteWorkload}
 */
export function ingestContacts(count) {
  return {
    name: `ingest ${count.toLocaleString("en-US")} contacts`,
    group: "ingest",
    tables: ["contacts"],
    rows: count,
    targetRatio: 1.5,
    rapport: async (ctx, side) => {
      const importer = ctx.crm.as({ tenantId: side.tenantId, userId: IMPORTER, roles: ["admin"] });
      for (const batch of batches(ctx.dataset.contacts(), INGEST_TRANSACTION_ROWS)) {
        const created = await importer.contacts.createMany(batch.map((c) => contactInput(side, c)));
        for (const contact of created) side.contactIds.push(contact.id);
        ctx.memory.sample();
      }
    },
    raw: async (ctx, side) => {
      const { raw, ids } = ctx;
      for (const batch of batches(ctx.dataset.contacts(), INGEST_TRANSACTION_ROWS)) {
        await raw.transaction(async () => {
          const at = ctx.clock.now().toISOString();
          // The foreign key proves each account exists; an archived one must be refused by hand.
          const accountIds = [
            ...new Set(batch.flatMap((c) => (c.accountIndex === null ? [] : [accountIdOf(side, c.accountIndex)]))),
          ];
          for (let start = 0; start < accountIds.length; start += RECORD_ROWS_PER_INSERT) {
            const chunk = accountIds.slice(start, start + RECORD_ROWS_PER_INSERT);
            const archived = await raw.all(
              `select id from accounts where tenant_id = ? and archived_at is not null and id in (${chunk.map(() => "?").join(", ")})`,
              [side.tenantId, ...chunk],
            );
            if (archived.length > 0) throw new Error(`raw: account ${String(archived[0]?.id)} is archived`);
          }
          // Field order as Rapport's records have it, so the audit JSON is the same text.
          const records = batch.map((c) => ({
            id: ids.next("con"),
            tenantId: side.tenantId,
            accountId: accountIdOf(side, c.accountIndex),
            firstName: c.firstName,
            lastName: c.lastName,
            fullName: `${c.firstName} ${c.lastName}`,
            title: c.title,
            emails: [{ type: "work", value: c.email, primary: true }],
            primaryEmail: c.email,
            phones: c.phone === null ? [] : [phoneOf(c.phone)],
            mailingAddress: null,
            doNotCall: c.doNotCall,
            doNotEmail: c.doNotEmail,
            preferredChannel: c.preferredChannel,
            language: c.language,
            ownerId: c.ownerId,
            version: 1,
            createdAt: at,
            updatedAt: at,
            createdBy: IMPORTER,
            updatedBy: IMPORTER,
            archivedAt: null,
            custom: {},
            externalIds: {},
            tags: [],
          }));
          const rows = records.map((r) => [
            r.tenantId,
            r.id,
            1,
            at,
            at,
            IMPORTER,
            IMPORTER,
            null,
            "{}",
            "[]",
            "{}",
            r.accountId,
            r.firstName,
            r.lastName,
            r.fullName,
            r.title,
            JSON.stringify(r.emails),
            r.primaryEmail,
            JSON.stringify(r.phones),
            null,
            r.doNotCall ? 1 : 0,
            r.doNotEmail ? 1 : 0,
            r.preferredChannel,
            r.language,
            r.ownerId,
          ]);
          await insertRows(raw, "contacts", CONTACT_COLUMNS, rows, RECORD_ROWS_PER_INSERT);
          const who = { tenantId: side.tenantId, actorId: IMPORTER, at };
          await writeAudit(
            raw,
            ids,
            who,
            records.map((r) => ({
              entityType: "contact",
              entityId: r.id,
              action: "create",
              changes: createdChanges(r),
            })),
          );
          await writeFeed(
            raw,
            ids,
            who,
            records.map((r) => ({ type: "contact.created", data: JSON.stringify({ id: r.id, version: 1 }) })),
          );
          for (const r of records) side.contactIds.push(r.id);
        });
        ctx.memory.sample();
      }
    },
  };
}
