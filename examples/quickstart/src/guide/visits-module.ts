// The imports of a module: Rapport's kernel, Kysely for its SQL, zod for its inputs.
import {
  CRUD_ACTIONS,
  createEntityService,
  defineEntity,
  defineModule,
  type EntityTables,
  eventOf,
  field,
  InvalidTransitionError,
  idSchema,
  NotFoundError,
  parseInput,
  tablesOf,
  ValidationError,
  withRecordColumns,
  writeOptionsSchema,
} from "@rapport/core";
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
  // A link the input names must exist: a missing account is bad input, a ValidationError at its path.
  validate: async (next, before, op) => {
    if (before?.accountId === next.accountId) return;
    try {
      await op.asSystem().recordRef("account", next.accountId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
    }
  },
});

// The table's row type follows from the entity's fields: declared once, typed everywhere.
type VisitsDatabase = EntityTables<typeof visitEntity>;

/** Site visits to accounts: a plugin written with the public module API only. */
export const visits = () =>
  defineModule({
    name: "visits",
    // Types op.db in the client, jobs and hooks below: no cast for the module's own tables.
    tables: tablesOf<VisitsDatabase>(),
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
        const db = op.db;
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

    // 6. Jobs: crm.jobs.runDue() runs them at the clock's time. Each item is re-read under its lock, so it fires once.
    jobs: [
      {
        name: "visits.reminders",
        async run(ctx) {
          const soon = new Date(ctx.now.getTime() + 24 * 3_600_000).toISOString();
          let handled = 0;
          for (const tenantId of await ctx.tenantIds()) {
            const due = await ctx.run(tenantId, async (op) => {
              const rows = await op.db
                .selectFrom("visits")
                .select("id")
                .where("tenant_id", "=", tenantId)
                .where("planned_at", "<=", soon)
                .where("reminded_at", "is", null)
                .where("checked_in_at", "is", null)
                .where("archived_at", "is", null)
                .execute();
              return rows.map((row) => row.id);
            });
            for (const id of due) {
              const reminded = await ctx.run(tenantId, async (op) => {
                const visits = op.records(visitEntity);
                const visit = await visits.loadForChange(id, { authorize: false });
                if (visit.remindedAt !== null || visit.checkedInAt !== null) return false; // another process got here first
                await visits.change(
                  visit,
                  { remindedAt: op.timestamp },
                  {
                    action: "remind",
                    events: (after) => [{ type: "visit.reminder_due", data: { id: after.id, ownerId: after.ownerId } }],
                  },
                );
                return true;
              });
              if (reminded) handled += 1;
            }
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
          let query = op.db
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

      /**
       * A domain verb on the record layer: load for change (lock, permission, version,
       * archived), then one call writes the change, its audit entry and its events.
       */
      checkIn: (id: string, options: z.input<typeof writeOptionsSchema> = {}) =>
        ctx.run(async (op) => {
          const visitId = parseInput(idSchema("vis"), id);
          const { expectedVersion } = parseInput(writeOptionsSchema, options);
          const visits = op.records(visitEntity);
          // A visit named by id that does not exist is a NotFoundError, thrown here.
          const before = await visits.loadForChange(visitId, { expectedVersion, authorize: "check_in" });
          if (before.checkedInAt !== null) throw new InvalidTransitionError(`visit ${visitId} is already checked in`);
          return visits.change(
            before,
            { checkedInAt: op.timestamp },
            {
              action: "check_in",
              events: (after) => [{ type: "visit.checked_in", data: { id: after.id, accountId: after.accountId } }],
            },
          );
        }),
    }),
  });
