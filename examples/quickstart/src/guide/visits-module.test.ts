import { readFileSync } from "node:fs";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { manualClock } from "@rapport/core/testing";
import { describe, expect, it } from "vitest";
import { visits } from "./visits-module.js";

async function setup() {
  const clock = manualClock("2026-06-01T08:00:00.000Z");
  const crm = await createCrm({ adapter: sqliteAdapter({ filename: ":memory:" }), clock, modules: [visits()] });
  await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
  const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
  const account = await alice.accounts.create({ name: "Globex" });
  return { crm, clock, alice, account };
}

describe("the visits module of docs/writing-a-module.md", () => {
  it("adds a typed client with the standard service, a read and a domain verb", async () => {
    const { crm, alice, account } = await setup();
    const seen: string[] = [];
    crm.on("visit.checked_in", (event) => void seen.push(`${event.data.id} at ${event.data.accountId}`));

    const visit = await alice.visits.create({ accountId: account.id, plannedAt: "2026-06-03T10:00:00Z" });
    expect(visit).toMatchObject({ id: expect.stringMatching(/^vis_/), ownerId: "alice", checkedInAt: null });
    expect(visit.plannedAt).toBe("2026-06-03T10:00:00.000Z");
    expect(await alice.visits.planned(account.id)).toEqual([{ id: visit.id, plannedAt: visit.plannedAt }]);

    const bob = crm.as({ tenantId: "acme", userId: "bob", roles: ["sales_rep"] });
    expect(await bob.visits.planned(account.id)).toEqual([]);
    await expect(bob.visits.checkIn(visit.id)).rejects.toBeInstanceOf(ForbiddenError);

    expect(await alice.visits.checkIn(visit.id)).toMatchObject({ version: 2 });
    expect(seen).toEqual([`${visit.id} at ${account.id}`]);
    await expect(alice.visits.checkIn(visit.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(alice.visits.checkIn("vis_00000000000000000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await expect(alice.visits.checkIn("not an id")).rejects.toBeInstanceOf(ValidationError);
    const missing = await alice.visits
      .create({ accountId: "acc_00000000000000000000000000", plannedAt: "2026-06-03T10:00:00Z" })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).issues[0]?.path).toEqual(["accountId"]);
    expect((await alice.visits.get(visit.id)).checkedInAt).toBe("2026-06-01T08:00:00.000Z");

    const manager = crm.as({ tenantId: "acme", userId: "carol", roles: ["sales_manager"] });
    const history = await manager.audit.history("visit", visit.id);
    expect(history.items.map((entry) => entry.action)).toEqual(["create", "check_in"]);
    await crm.close();
  });

  it("vetoes archiving an account with planned visits, through a hook", async () => {
    const { crm, alice, account } = await setup();
    await alice.visits.create({ accountId: account.id, plannedAt: "2026-06-03T10:00:00Z" });
    await expect(alice.accounts.archive(account.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await alice.accounts.get(account.id)).archivedAt).toBeNull();
    await crm.close();
  });

  it("sends each reminder once, a day ahead, when the host runs the jobs", async () => {
    const { crm, clock, alice, account } = await setup();
    await alice.visits.create({ accountId: account.id, plannedAt: "2026-06-03T10:00:00Z" });
    const reminders: string[] = [];
    crm.on("visit.reminder_due", (event) => void reminders.push(event.data.id));
    const handled = async () => (await crm.jobs.runDue()).jobs.find((job) => job.name === "visits.reminders")?.handled;

    expect(await handled()).toBe(0);
    clock.advance({ days: 1, hours: 3 });
    expect(await handled()).toBe(1);
    expect(await handled()).toBe(0);
    expect(reminders).toHaveLength(1);
    await crm.close();
  });

  it("quotes only code that compiles: every block of the guide is an excerpt of a typechecked file", () => {
    const root = new URL("../../../../", import.meta.url);
    const guide = readFileSync(new URL("docs/writing-a-module.md", root), "utf8");
    const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)];
    const excerpts = [...guide.matchAll(/<!-- excerpt: (\S+) -->\s*```ts\n([\s\S]*?)```/g)];
    expect(excerpts.length).toBe(blocks.length);
    expect(excerpts.length).toBeGreaterThan(8);
    // Indentation may differ (the guide shows nested code dedented); everything else must match.
    const flat = (code: string) =>
      code
        .split("\n")
        .map((line) => line.trim())
        .join("\n")
        .trim();
    for (const [, path = "", code = ""] of excerpts) {
      expect(path).toMatch(/^examples\/.+\.ts$/);
      expect(flat(readFileSync(new URL(path, root), "utf8"))).toContain(flat(code));
    }
  });
});
