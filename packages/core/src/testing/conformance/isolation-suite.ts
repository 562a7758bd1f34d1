import { expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, defineAccountFields, type Harness } from "./harness.js";

export function isolationTests(h: Harness): void {
  it("a client of tenant A can neither read nor write tenant B's records, even by id", async () => {
    const a = await h.tenant();
    const b = await h.tenant();
    const secret = await admin(h, b).accounts.create({ name: "B's secret", externalIds: { erp: "B-1" } });
    const intruder = admin(h, a);
    await expect(intruder.accounts.get(secret.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await intruder.accounts.list({ includeArchived: true })).items).toEqual([]);
    expect(await intruder.accounts.findByExternalId("erp", "B-1")).toBeNull();
    await expectNothingWritten(h.adapter, b, () => intruder.accounts.update(secret.id, { name: "pwned" }));
    await expectNothingWritten(h.adapter, b, () => intruder.accounts.archive(secret.id));
    expect((await intruder.audit.history("account", secret.id)).items).toEqual([]);
    expect((await admin(h, b).accounts.get(secret.id)).name).toBe("B's secret");
    expect((await h.crm.changes.since(undefined, { tenantId: a })).items.every((e) => e.tenantId === a)).toBe(true);
  });

  it("a client of a tenant that does not exist gets NotFoundError and writes nothing", async () => {
    await expect(
      h.crm.as({ tenantId: "no_such_tenant", userId: "u", roles: ["admin"] }).accounts.create({ name: "X" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("two concurrent updates with the same expectedVersion: exactly one wins, the other gets ConflictError", async () => {
    const tenantId = await h.tenant();
    const account = await admin(h, tenantId).accounts.create({ name: "Contended" });
    // Two separate clients; on PostgreSQL each call runs on its own pooled connection.
    const first = admin(h, tenantId, "writer1");
    const second = admin(h, tenantId, "writer2");
    const outcomes = await Promise.allSettled([
      first.accounts.update(account.id, { industry: "One" }, { expectedVersion: 1 }),
      second.accounts.update(account.id, { industry: "Two" }, { expectedVersion: 1 }),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    const final = await admin(h, tenantId).accounts.get(account.id);
    expect(final.version).toBe(2);
    const winner = (won[0] as PromiseFulfilledResult<{ industry: string | null }>).value;
    expect(final.industry).toBe(winner.industry);
    const history = await admin(h, tenantId).audit.history("account", account.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "update"]);
  });

  it("many concurrent unversioned updates all apply, none is lost", async () => {
    const tenantId = await h.tenant();
    await defineAccountFields(
      h,
      tenantId,
      Array.from({ length: 10 }, (_, i) => `k${i}`),
      "number",
    );
    const account = await admin(h, tenantId).accounts.create({ name: "Counter", custom: {} });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        admin(h, tenantId, `w${i}`).accounts.update(account.id, { custom: { [`k${i}`]: i } }),
      ),
    );
    const final = await admin(h, tenantId).accounts.get(account.id);
    expect(final.version).toBe(11);
    expect(Object.keys(final.custom).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
  });
}
