import { describe, expect, it } from "vitest";
import { createDataset, OPEN_STAGES, STAGE_MIX } from "./dataset.mjs";
import { SIZES } from "./sizes.mjs";

const xs = SIZES.xs!;

describe("createDataset", () => {
  it("generates the same rows for the same seed, in separate data sets and on every pass", () => {
    const first = createDataset(xs, 7);
    const second = createDataset(xs, 7);
    expect([...second.accounts()]).toEqual([...first.accounts()]);
    expect([...second.contacts()]).toEqual([...first.contacts()]);
    expect([...second.opportunities()]).toEqual([...first.opportunities()]);
    expect([...second.products()]).toEqual([...first.products()]);
    expect([...second.accountUpdates(50)]).toEqual([...first.accountUpdates(50)]);
    expect([...first.opportunities()]).toEqual([...first.opportunities()]);
  });

  it("generates different rows for a different seed", () => {
    const names = (seed: number) => [...createDataset(xs, seed).accounts()].map((a) => a.name);
    expect(names(8)).not.toEqual(names(7));
  });

  it("keeps streams independent: opportunities do not depend on whether contacts were generated", () => {
    const untouched = createDataset(xs, 3);
    const touched = createDataset(xs, 3);
    for (const _ of touched.contacts()) {
      // consume the contacts stream first
    }
    expect([...touched.opportunities()]).toEqual([...untouched.opportunities()]);
  });

  it("generates the counts of the size, with references inside the data set", () => {
    const data = createDataset(xs);
    const accounts = [...data.accounts()];
    const contacts = [...data.contacts()];
    const opportunities = [...data.opportunities()];
    expect(accounts).toHaveLength(xs.accounts);
    expect(contacts).toHaveLength(xs.contacts);
    expect(opportunities).toHaveLength(xs.opportunities);
    expect([...data.products()]).toHaveLength(xs.products);
    expect(data.users.filter((u) => u.role === "sales_rep")).toHaveLength(xs.salesReps);
    const owners = new Set(data.users.map((u) => u.id));
    for (const c of contacts) {
      if (c.accountIndex !== null) expect(c.accountIndex).toBeLessThan(xs.accounts);
      expect(owners.has(c.ownerId)).toBe(true);
    }
    for (const o of opportunities) {
      expect(o.accountIndex).toBeLessThan(xs.accounts);
      if (o.contactIndex !== null) expect(o.contactIndex).toBeLessThan(xs.contacts);
      expect(owners.has(o.ownerId)).toBe(true);
    }
  });

  it("generates valid money, dates and tags: integer minor units, ISO dates, closed deals with a close date", () => {
    const data = createDataset(xs);
    for (const a of data.accounts()) {
      if (a.annualRevenue !== null) {
        expect(Number.isSafeInteger(a.annualRevenue)).toBe(true);
        expect(a.currency).toMatch(/^[A-Z]{3}$/);
      }
      expect(a.tags).toEqual([...new Set(a.tags)].sort());
    }
    for (const o of data.opportunities()) {
      expect(Number.isSafeInteger(o.amount) && o.amount > 0).toBe(true);
      expect(o.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(o.expectedCloseOn >= o.createdOn).toBe(true);
      expect(o.closedOn !== null).toBe(o.stage === "won" || o.stage === "lost");
    }
  });

  it("moves deals between open stages, each from the stage it is in, never one deal twice within 100 moves", () => {
    const data = createDataset(xs);
    const current = new Map([...data.opportunities()].map((o) => [o.index, o.openStage]));
    const last = new Map<number, number>();
    const moves = data.stageMoves(xs.updates);
    expect(moves).toHaveLength(xs.updates);
    moves.forEach(({ opportunityIndex, toStage }, n) => {
      expect(OPEN_STAGES).toContain(toStage);
      expect(toStage).not.toBe(current.get(opportunityIndex));
      expect(n - (last.get(opportunityIndex) ?? -1_000)).toBeGreaterThanOrEqual(100);
      current.set(opportunityIndex, toStage);
      last.set(opportunityIndex, n);
    });
    expect(data.stageMoves(xs.updates)).toEqual(moves);
  });

  it("gives a deal's primary contact the deal's account", () => {
    const data = createDataset(xs);
    const contactAccount = new Map([...data.contacts()].map((c) => [c.index, c.accountIndex]));
    const withContact = [...data.opportunities()].filter((o) => o.contactIndex !== null);
    expect(withContact.length).toBeGreaterThan(0);
    for (const o of withContact) expect(contactAccount.get(o.contactIndex!)).toBe(o.accountIndex);
  });

  it("spreads opportunities over every stage of the pipeline, early stages and closed deals most", () => {
    const counts = new Map<string, number>();
    for (const o of createDataset(SIZES.s!).opportunities()) counts.set(o.stage, (counts.get(o.stage) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(STAGE_MIX.map(([stage]) => stage).sort());
    expect(counts.get("awareness")!).toBeGreaterThan(counts.get("adoption")!);
    expect(counts.get("won")!).toBeGreaterThan(counts.get("trial")!);
  });
});
