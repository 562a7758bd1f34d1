import { expect, it } from "vitest";
import { admin, defineAccountFields, type Harness } from "./harness.js";

export function roundTripTests(h: Harness): void {
  it("unicode, emoji and combining characters round-trip exactly", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const name = "Ünïcödé 株式会社 — Ωmega 🚀👩‍👩‍👧‍👦 e\u0301";
    const description = "Zeile 1\nRow 2\t\"quoted\" 'single' \\ backslash ∑ 🇯🇵 עברית العربية";
    await defineAccountFields(h, tenantId, ["note"]);
    const account = await root.accounts.create({ name, description, custom: { note: "🎉 naïve café" } });
    const read = await root.accounts.get(account.id);
    expect(read.name).toBe(name);
    expect(read.description).toBe(description);
    expect(read.custom).toEqual({ note: "🎉 naïve café" });
    const found = await root.accounts.list({ filter: [{ field: "name", op: "eq", value: name }] });
    expect(found.items.map((a) => a.id)).toEqual([account.id]);
  });

  it("1 MB of text round-trips exactly", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const chunk = "Lorem ipsum dolor sit amet, 🚀 ünïcode; ";
    const description = chunk.repeat(Math.ceil(1_048_576 / chunk.length)).slice(0, 1_048_576);
    const account = await root.accounts.create({ name: "Big", description });
    const read = await root.accounts.get(account.id);
    expect(read.description?.length).toBe(description.length);
    expect(read.description === description).toBe(true);
  });

  it("money in minor units round-trips exactly up to Number.MAX_SAFE_INTEGER", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const amount of [0, 1, 99, 1_200_000, 2 ** 31, 2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      const account = await root.accounts.create({ name: `Money ${amount}`, annualRevenue: amount, currency: "JPY" });
      const read = await root.accounts.get(account.id);
      expect(read.annualRevenue).toBe(amount);
      expect(typeof read.annualRevenue).toBe("number");
      expect(read.currency).toBe("JPY");
    }
    const big = await root.accounts.list({
      filter: [{ field: "annualRevenue", op: "gt", value: 2 ** 32 }],
      orderBy: { field: "annualRevenue" },
    });
    expect(big.items.map((a) => a.annualRevenue)).toEqual([2 ** 32 + 7, Number.MAX_SAFE_INTEGER]);
  });

  it("timestamps come from the injected clock and round-trip to the millisecond", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    h.clock.set("2027-12-31T23:59:59.999Z");
    const account = await root.accounts.create({ name: "Midnight" });
    expect(account.createdAt).toBe("2027-12-31T23:59:59.999Z");
    h.clock.advance(1);
    const updated = await root.accounts.update(account.id, { name: "New year" });
    expect(updated.updatedAt).toBe("2028-01-01T00:00:00.000Z");
    const read = await root.accounts.get(account.id);
    expect([read.createdAt, read.updatedAt]).toEqual(["2027-12-31T23:59:59.999Z", "2028-01-01T00:00:00.000Z"]);
    const recent = await root.accounts.list({
      filter: [{ field: "updatedAt", op: "gte", value: "2028-01-01T00:00:00.000Z" }],
    });
    expect(recent.items.map((a) => a.id)).toEqual([account.id]);
  });

  it("the adapter reads ISO-8601 timestamps as Unix seconds for duration arithmetic in SQL", async () => {
    const query = (iso: string | null) =>
      h.adapter.db
        .selectNoFrom((eb) => h.adapter.epochSeconds(eb.val(iso)).as("seconds"))
        .executeTakeFirstOrThrow()
        .then((row: { seconds: unknown }) => (row.seconds === null ? null : Number(row.seconds)));
    expect(await query("1970-01-01T00:00:00.000Z")).toBeCloseTo(0, 3);
    expect(await query("2026-03-29T01:30:00.250Z")).toBeCloseTo(Date.parse("2026-03-29T01:30:00.250Z") / 1000, 3);
    expect(await query(null)).toBeNull();
  });
}
