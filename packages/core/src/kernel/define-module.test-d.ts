import { expectTypeOf, test } from "vitest";
import { defineModule, tablesOf } from "./define-module.js";

interface NotesTables {
  notes: { tenant_id: string; id: string; body: string };
}

test("a module's declared tables type op.db in its client, jobs and hooks — no cast", () => {
  const notes = defineModule({
    name: "notes",
    tables: tablesOf<NotesTables>(),
    client: (ctx) => ({
      bodies: () => ctx.read((op) => op.db.selectFrom("notes").select("body").execute()),
      // @ts-expect-error: no such table in the module's declared tables
      wrong: () => ctx.read((op) => op.db.selectFrom("nope").selectAll().execute()),
    }),
    jobs: [
      {
        name: "notes.count",
        run: async (ctx) => (await ctx.run("t", (op) => op.db.selectFrom("notes").select("id").execute())).length,
      },
    ],
  });
  type Client = ReturnType<NonNullable<typeof notes.client>>;
  expectTypeOf<Awaited<ReturnType<Client["bodies"]>>>().toEqualTypeOf<{ body: string }[]>();
});
