import type { Kysely } from "kysely";
import * as z from "zod";
import { defineEntity } from "../../entities/entity-definition.js";
import { createEntityService } from "../../entities/entity-service.js";
import { field } from "../../entities/fields.js";
import { eventOf } from "../../events/event-types.js";
import { defineModule } from "../../kernel/define-module.js";
import { withRecordColumns } from "../../storage/record-table.js";

const noteFields = {
  body: field.text(),
  accountId: field.nullableText(),
  dueAt: field.nullableTimestamp(),
  doneAt: field.nullableTimestamp(),
};

const noteEntity = defineEntity({
  type: "probe_note",
  table: "probe_notes",
  idPrefix: "pnote",
  fields: noteFields,
  createSchema: z
    .object({
      body: z.string().min(1).max(10_000),
      accountId: z.string().nullable().optional(),
      dueAt: z.iso.datetime().nullable().optional(),
    })
    .strict(),
  patchSchema: z
    .object({ body: z.string().min(1).max(10_000) })
    .partial()
    .strict(),
  // A note belongs to its account: the account's activity timeline includes the note's.
  parent: { type: "account", field: "accountId" },
});

/**
 * A plugin built only with the public module API, so the suite proves third-party
 * modules get migrations, permissions, events, jobs, hooks and a typed client.
 */
export const probeModule = () =>
  defineModule({
    name: "probe",
    migrations: [
      {
        name: "001_probe_notes",
        async up(db: Kysely<any>) {
          await withRecordColumns(db.schema.createTable("probe_notes"), "probe_notes")
            .addColumn("body", "text", (c) => c.notNull())
            .addColumn("account_id", "text")
            .addColumn("due_at", "text")
            .addColumn("done_at", "text")
            .execute();
        },
      },
    ],
    entities: [noteEntity],
    permissions: {
      entities: { probe_note: ["create", "read", "update", "archive"] },
      roles: { sales_rep: { "probe_note:*": "own" }, admin: { "probe_note:*": "all" } },
    },
    events: {
      "probe_note.created": eventOf<{ id: string; version: number }>(),
      "probe_note.due": eventOf<{ id: string }>(),
    },
    jobs: [
      {
        name: "probe.due_notes",
        // Claims each due note with a conditional update, so it fires once however often runDue runs.
        async run(ctx) {
          let handled = 0;
          const now = ctx.now.toISOString();
          for (const tenantId of await ctx.tenantIds()) {
            handled += await ctx.run(tenantId, async (op) => {
              const due = await op.db
                .selectFrom("probe_notes")
                .select("id")
                .where("tenant_id", "=", tenantId)
                .where("due_at", "<=", now)
                .where("done_at", "is", null)
                .execute();
              let claimedHere = 0;
              for (const { id } of due) {
                const claimed = await op.db
                  .updateTable("probe_notes")
                  .set({ done_at: now })
                  .where("tenant_id", "=", tenantId)
                  .where("id", "=", id)
                  .where("done_at", "is", null)
                  .executeTakeFirst();
                if (Number(claimed.numUpdatedRows) === 1) {
                  op.emit("probe_note.due", { id });
                  claimedHere += 1;
                }
              }
              return claimedHere;
            });
          }
          return handled;
        },
      },
    ],
    client: (ctx) => ({ notes: createEntityService(ctx, noteEntity) }),
  });
