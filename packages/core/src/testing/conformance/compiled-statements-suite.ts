import { expect, it } from "vitest";
import { insertRows, insertValues, runCompiled } from "../../storage/compiled-statements.js";
import type { Harness } from "./harness.js";

/** `runCompiled` and `insertRows`: the statement cache the write paths use must never change what a query does. */
export function compiledStatementTests(h: Harness): void {
  const tagsOf = (tenantId: string, entityId: string) =>
    h.adapter.db
      .selectFrom("rapport_tags")
      .select(["entity_id", "tag"])
      .where("tenant_id", "=", tenantId)
      .where("entity_id", "=", entityId)
      .orderBy("tag")
      .execute();

  /**
   * A tag lookup run through `runCompiled` under `shape`, with its parameters in the
   * order `order` gives them, counting how often Kysely had to build it.
   */
  const countedTagQuery = (
    tenantId: string,
    shape: string,
    order: (tenantId: string, entityId: string) => unknown[],
  ) => {
    const target = { adapter: h.adapter, db: h.adapter.db };
    const counted = { builds: 0 };
    const run = (entityId: string) =>
      runCompiled<{ tag: string }>(target, shape, order(tenantId, entityId), () => {
        counted.builds++;
        return h.adapter.db
          .selectFrom("rapport_tags")
          .select("tag")
          .where("tenant_id", "=", tenantId)
          .where("entity_id", "=", entityId);
      });
    return Object.assign(counted, { run });
  };

  it("compiles a statement shape once and runs it again with new parameters", async () => {
    const tenantId = await h.tenant();
    await insertRows({ adapter: h.adapter, db: h.adapter.db }, "rapport_tags", [
      { tenant_id: tenantId, entity_type: "account", entity_id: "a1", tag: "gold" },
      { tenant_id: tenantId, entity_type: "account", entity_id: "a2", tag: "silver" },
    ]);
    const tagOf = countedTagQuery(tenantId, "test:tag-of", (tenant, entity) => [tenant, entity]);
    expect((await tagOf.run("a1")).rows).toEqual([{ tag: "gold" }]);
    expect((await tagOf.run("a2")).rows).toEqual([{ tag: "silver" }]);
    expect((await tagOf.run("a3")).rows).toEqual([]);
    expect(tagOf.builds).toBe(1);
  });

  it("never caches a shape whose parameters were given in another order, and still runs it right", async () => {
    const tenantId = await h.tenant();
    await insertRows({ adapter: h.adapter, db: h.adapter.db }, "rapport_tags", [
      { tenant_id: tenantId, entity_type: "account", entity_id: "b1", tag: "x" },
    ]);
    const swapped = countedTagQuery(tenantId, "test:wrong-order", (tenant, entity) => [entity, tenant]);
    expect((await swapped.run("b1")).rows).toEqual([{ tag: "x" }]);
    expect((await swapped.run("b2")).rows).toEqual([]);
    expect(swapped.builds).toBe(2);
  });

  it("inserts many rows in full and partial statements, and a reused statement writes the new values", async () => {
    const tenantId = await h.tenant();
    const target = { adapter: h.adapter, db: h.adapter.db };
    const rows = (entityId: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        tenant_id: tenantId,
        entity_type: "account",
        entity_id: entityId,
        tag: `${entityId}-${String(i).padStart(4, "0")}-ü👋`,
      }));
    await insertRows(target, "rapport_tags", rows("c1", 1_203), 500);
    await insertRows(target, "rapport_tags", rows("c2", 1_000), 500);
    const c1 = await tagsOf(tenantId, "c1");
    const c2 = await tagsOf(tenantId, "c2");
    expect(c1.map((r) => r.tag)).toEqual(rows("c1", 1_203).map((r) => r.tag));
    expect(c2.map((r) => r.tag)).toEqual(rows("c2", 1_000).map((r) => r.tag));
  });

  it("inserts rows whose columns differ: a missing or undefined value is not written", async () => {
    const tenantId = await h.tenant();
    const target = { adapter: h.adapter, db: h.adapter.db };
    await insertRows(target, "rapport_team_members", [
      { tenant_id: tenantId, team_id: "t1", user_id: "u1", role: "lead", added_at: "2026-01-01T00:00:00.000Z" },
      { tenant_id: tenantId, team_id: "t1", user_id: "u2", role: "member", added_at: undefined },
      { tenant_id: tenantId, team_id: "t1", user_id: "u3", role: "member" },
    ]);
    const members = await h.adapter.db
      .selectFrom("rapport_team_members")
      .select(["user_id", "role", "added_at"])
      .where("tenant_id", "=", tenantId)
      .orderBy("user_id")
      .execute();
    expect(members).toEqual([
      { user_id: "u1", role: "lead", added_at: "2026-01-01T00:00:00.000Z" },
      { user_id: "u2", role: "member", added_at: null },
      { user_id: "u3", role: "member", added_at: null },
    ]);
  });

  it("inserts a flat list of values row after row, in full and partial statements", async () => {
    const tenantId = await h.tenant();
    const target = { adapter: h.adapter, db: h.adapter.db };
    const columns = ["tenant_id", "entity_type", "entity_id", "tag"];
    const values = (entityId: string, count: number) =>
      Array.from({ length: count }, (_, i) => [
        tenantId,
        "account",
        entityId,
        `${entityId}-${String(i).padStart(4, "0")}`,
      ]).flat();
    await insertValues(target, "rapport_tags", columns, values("d1", 1_203), 500);
    await insertValues(target, "rapport_tags", columns, values("d2", 500), 500);
    const tags = (await tagsOf(tenantId, "d1")).map((r) => r.tag);
    expect(tags).toHaveLength(1_203);
    expect(tags[0]).toBe("d1-0000");
    expect(tags[1_202]).toBe("d1-1202");
    expect((await tagsOf(tenantId, "d2")).map((r) => r.tag)).toEqual(
      Array.from({ length: 500 }, (_, i) => `d2-${String(i).padStart(4, "0")}`),
    );
  });

  it("splits a remainder into statements of reused sizes: another load of the same size builds nothing", async () => {
    const tenantId = await h.tenant();
    const built = { inserts: 0 };
    // Counts the INSERTs Kysely builds; methods are bound to the real instance (Kysely keeps private fields).
    const db = new Proxy(h.adapter.db, {
      get(real, property) {
        if (property === "insertInto") built.inserts++;
        const value = Reflect.get(real, property, real);
        return typeof value === "function" ? value.bind(real) : value;
      },
    });
    const target = { adapter: h.adapter, db };
    // A column order no other test uses, so the first load compiles its own shapes.
    const columns = ["entity_id", "tag", "tenant_id", "entity_type"];
    const values = (entityId: string, count: number) =>
      Array.from({ length: count }, (_, i) => [entityId, `${entityId}-${i}`, tenantId, "account"]).flat();
    await insertValues(target, "rapport_tags", columns, values("e1", 300), 500);
    expect(built.inserts).toBe(3); // 256 + 32 + 12 rows
    await insertValues(target, "rapport_tags", columns, values("e2", 300), 500);
    expect(built.inserts).toBe(3);
    for (const entityId of ["e1", "e2"]) {
      const tags = (await tagsOf(tenantId, entityId)).map((r) => r.tag).sort();
      expect(tags).toEqual(Array.from({ length: 300 }, (_, i) => `${entityId}-${i}`).sort());
    }
  });
}
