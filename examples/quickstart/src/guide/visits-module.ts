import {
  ConflictError,
  CRUD_ACTIONS,
  createEntityService,
  defineEntity,
  defineModule,
  eventOf,
  field,
  InvalidTransitionError,
  idSchema,
  NotFoundError,
  withRecordColumns,
} from "@rapport/core";
import type { Kysely } from "kysely";
import * as z from "zod";

// 1. The entity: fields (how they are stored), input schemas, the owner field.
const instant = z.iso.datetime().transform((value) => new Date(value).toISOString());

const visitFields = {
  accountId: field.text(),
  plannedAt: field.timestamp(),
  notes: field.nullableText({ filterable: false, sortable: false }),
  ownerId: field.nullableText(),
  checkedInAt: field.nullableTimestamp(),
  remindedAt: field.nullableTimestamp(),
};

const visitEntity = defineEntity({
  type: "visit",
  table: "visits",
  idPrefix: "vis",
  fields: visitFields,
  createSchema: z
    .object({ accountId: idSchema("acc"), plannedAt: instant, notes: z.string().max(2_000).nullable().optional() })
    .strict(),
  patchSchema: z
    .object({ plannedAt: instant, notes: z.string().max(2_000).nullable() })
    .partial()
    .strict(),
  ownerField: "ownerId",
});

// The columns this module's own SQL touches, so its queries are typed.
interface VisitsTable {
  tenant_id: string;
  id: string;
  version: number;
  account_id: string;
  planned_at: string;
  owner_id: string | null;
  created_by: string;
  updated_at: string;
  updated_by: string;
  archived_at: string | null;
  checked_in_at: string | null;
  reminded_at: string | null;
}
type VisitsDatabase = { visits: VisitsTable };

/** Site visits to accounts: a plugin written with the public module API only. */
export const visits = () =>
  defineModule({
    name: "visits",
    // Registers the record type, so other modules can link to visits (op.recordRef("visit", id)).
    entities: [visitEntity],

    // 2. Migrations: run in order by crm.migrate(), once per database, on every adapter.
    migrations: [
      {
        name: "001_visits",
        async up(db) {
          await withRecordColumns(db.schema.createTable("visits"), "visits")
            .addColumn("account_id", "text", (c) => c.notNull())
            .addColumn("planned_at", "text", (c) => c.notNull())
            .addColumn("notes", "text")
            .addColumn("owner_id", "text")
            .addColumn("checked_in_at", "text")
            .addColumn("reminded_at", "text")
            .execute();
          await db.schema.createIndex("visits_account").on("visits").columns(["tenant_id", "account_id"]).execute();
        },
      },
    ],

    // 3. Permissions: the entity's actions, and what the default roles get.
    permissions: {
      entities: { visit: [...CRUD_ACTIONS, "check_in"] },
      roles: {
        sales_rep: { "visit:*": "own" },
        sales_manager: { "visit:*": "all" },
        read_only: { "visit:read": "all" },
      },
    },

    // 4. Events: name → payload type. createEntityService emits visit.created/updated/archived.
    events: {
      "visit.created": eventOf<{ id: string; version: number }>(),
      "visit.updated": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
      "visit.archived": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
      "visit.checked_in": eventOf<{ id: string; accountId: string }>(),
      "visit.reminder_due": eventOf<{ id: string; ownerId: string | null }>(),
    },

    // 5. Hooks: before-hooks on any module's verbs. Throwing a CrmError vetoes and rolls back.
    hooks: {
      "account.archive": async (payload: { id: string }, op) => {
        const db = op.db as Kysely<VisitsDatabase>;
        const planned = await db
          .selectFrom("visits")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("account_id", "=", payload.id)
          .where("archived_at", "is", null)
          .where("checked_in_at", "is", null)
          .executeTakeFirst();
        if (planned) throw new InvalidTransitionError(`account ${payload.id} still has planned visits`);
      },
    },

    // 6. Jobs: crm.jobs.runDue() runs them at the clock's time. Claim each item with a conditional update.
    jobs: [
      {
        name: "visits.reminders",
        async run(ctx) {
          const soon = new Date(ctx.now.getTime() + 24 * 3_600_000).toISOString();
          let handled = 0;
          for (const tenantId of await ctx.tenantIds()) {
            handled += await ctx.run(tenantId, async (op) => {
              const db = op.db as Kysely<VisitsDatabase>;
              const due = await db
                .selectFrom("visits")
                .select(["id", "owner_id"])
                .where("tenant_id", "=", tenantId)
                .where("planned_at", "<=", soon)
                .where("reminded_at", "is", null)
                .where("checked_in_at", "is", null)
                .where("archived_at", "is", null)
                .execute();
              let claimed = 0;
              for (const visit of due) {
                const result = await db
                  .updateTable("visits")
                  .set({ reminded_at: op.timestamp })
                  .where("tenant_id", "=", tenantId)
                  .where("id", "=", visit.id)
                  .where("reminded_at", "is", null)
                  .executeTakeFirst();
                if (Number(result.numUpdatedRows) !== 1) continue; // another process claimed it
                op.emit("visit.reminder_due", { id: visit.id, ownerId: visit.owner_id });
                claimed += 1;
              }
              return claimed;
            });
          }
          return handled;
        },
      },
    ],

    // 7. The client: appears as `crm.as(actor).visits`, typed.
    client: (ctx) => ({
      /** create / createMany / get / list / update / archive / findByExternalId / upsertByExternalId. */
      ...createEntityService(ctx, visitEntity),

      /** Planned visits of an account that the actor may see, soonest first. A read: no transaction. */
      planned: (accountId: string) =>
        ctx.read(async (op) => {
          const scope = await op.ownerScope("visit:read");
          let query = (op.db as Kysely<VisitsDatabase>)
            .selectFrom("visits")
            .select(["id", "planned_at"])
            .where("tenant_id", "=", op.tenantId)
            .where("account_id", "=", accountId)
            .where("archived_at", "is", null)
            .where("checked_in_at", "is", null)
            .orderBy("planned_at");
          if (scope.kind === "owners") query = query.where("owner_id", "in", scope.ownerIds);
          const rows = await query.execute();
          return rows.map((row) => ({ id: row.id, plannedAt: row.planned_at }));
        }),

      /** A domain verb: one transaction with its permission check, write, audit entry and event. */
      checkIn: (id: string) =>
        ctx.run(async (op) => {
          const db = op.db as Kysely<VisitsDatabase>;
          const visit = await db
            .selectFrom("visits")
            .selectAll()
            .where("tenant_id", "=", op.tenantId)
            .where("id", "=", id)
            .executeTakeFirst();
          if (!visit) throw new NotFoundError("visit", id);
          await op.authorize("visit:check_in", { ownerId: visit.owner_id, createdBy: visit.created_by });
          if (visit.checked_in_at !== null || visit.archived_at !== null) {
            throw new InvalidTransitionError(`visit ${id} is already closed`);
          }
          const version = Number(visit.version);
          const result = await db
            .updateTable("visits")
            .set({
              checked_in_at: op.timestamp,
              version: version + 1,
              updated_at: op.timestamp,
              updated_by: op.actor.userId,
            })
            .where("tenant_id", "=", op.tenantId)
            .where("id", "=", id)
            .where("version", "=", version)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) !== 1) throw new ConflictError(`visit ${id} changed meanwhile`);
          await op.audit({
            entityType: "visit",
            entityId: id,
            action: "check_in",
            before: { checkedInAt: null },
            after: { checkedInAt: op.timestamp },
          });
          op.emit("visit.checked_in", { id, accountId: visit.account_id });
          return { id, checkedInAt: op.timestamp, version: version + 1 };
        }),
    }),
  });
