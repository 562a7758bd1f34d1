import { expect, it } from "vitest";
import type { CrmEvent } from "../../events/event-types.js";
import { admin, type Harness, rep } from "./harness.js";

export function eventTests(h: Harness): void {
  it("events arrive after commit in commit order, with feed sequence numbers that match", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const seen: CrmEvent[] = [];
    const off = h.crm.on("*", (e) => {
      if (e.tenantId === tenantId) seen.push(e);
    });
    const a = await alice.accounts.create({ name: "First" });
    await alice.accounts.update(a.id, { name: "First renamed" }, { expectedVersion: 1 });
    const b = await alice.accounts.create({ name: "Second" });
    await alice.accounts.archive(b.id);
    off();
    expect(seen.map((e) => e.type)).toEqual([
      "account.created",
      "account.updated",
      "account.created",
      "account.archived",
    ]);
    expect(seen.map((e) => e.data)).toEqual([
      { id: a.id, version: 1 },
      { id: a.id, version: 2, changed: ["name"] },
      { id: b.id, version: 1 },
      { id: b.id, version: 2, changed: ["archivedAt"] },
    ]);
    const seqs = seen.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    const feed = await h.crm.changes.since(undefined, { tenantId });
    expect(feed.items.slice(1).map((e) => [e.id, e.seq, e.type])).toEqual(seen.map((e) => [e.id, e.seq, e.type]));
    expect(seen.every((e) => e.actorId === "alice")).toBe(true);
  });

  it("a handler that throws is reported and does not undo the committed work", async () => {
    const tenantId = await h.tenant();
    const off = h.crm.on("account.created", (e) => {
      if (e.tenantId === tenantId) throw new Error("handler bug");
    });
    const errorSpy: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errorSpy.push(args);
    try {
      const account = await rep(h, tenantId).accounts.create({ name: "Survives" });
      expect((await rep(h, tenantId).accounts.get(account.id)).name).toBe("Survives");
    } finally {
      console.error = original;
      off();
    }
    expect(errorSpy.length).toBe(1);
  });

  it("changes.since pages through the feed in order without gaps or repeats", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    for (let i = 0; i < 7; i++) await alice.accounts.create({ name: `Feed ${i}` });
    const seen: CrmEvent[] = [];
    let cursor: string | undefined;
    let batches = 0;
    for (;;) {
      const batch = await h.crm.changes.since(cursor, { tenantId, limit: 3 });
      seen.push(...batch.items);
      cursor = batch.nextCursor;
      batches += 1;
      if (!batch.hasMore) break;
    }
    expect(batches).toBe(3);
    expect(seen.map((e) => e.type)).toEqual(["tenant.created", ...Array(7).fill("account.created")]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(8);
    const again = await h.crm.changes.since(cursor, { tenantId });
    expect(again).toEqual({ items: [], nextCursor: cursor, hasMore: false });
    await alice.accounts.create({ name: "Later" });
    const later = await h.crm.changes.since(cursor, { tenantId });
    expect(later.items.map((e) => e.type)).toEqual(["account.created"]);
  });

  it("the global feed's sequence is strictly increasing across tenants", async () => {
    const t1 = await h.tenant();
    const t2 = await h.tenant();
    await admin(h, t1).accounts.create({ name: "One" });
    await admin(h, t2).accounts.create({ name: "Two" });
    const all: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const batch = await h.crm.changes.since(cursor, { limit: 1000 });
      all.push(...batch.items.map((e) => e.seq));
      cursor = batch.nextCursor;
      if (!batch.hasMore) break;
    }
    expect(all.length).toBeGreaterThan(3);
    expect(all).toEqual(all.map((_, i) => i + 1));
  });
}
