import { CrmError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { tally } from "../src/figures.js";
import { describe as describeValue } from "../src/invalid-inputs.js";
import { type ReliabilityClient, useReliabilityCrm } from "../src/reliability-crm.js";
import { stateChanges, tenantState } from "../src/tenant-state.js";

/** Valid inputs per entity and adapter. */
const RUNS = Number(process.env.RAPPORT_RELIABILITY_ROUND_TRIPS ?? 150);

/** Well-formed text without NUL, as the schemas keep it (trimmed), within `max` UTF-16 units. */
const text = (max: number) =>
  fc
    .string({ unit: "grapheme", maxLength: max })
    .map((s) => s.replaceAll("\u0000", "").trim())
    .filter((s) => s.length > 0 && s.length <= max);

const money = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const instant = fc.date({
  min: new Date("1970-01-01T00:00:00.000Z"),
  max: new Date("9999-12-30T00:00:00.000Z"),
  noInvalidDate: true,
});

/** Text with one lone surrogate (ill-formed UTF-16) somewhere in it. */
const illFormed = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF"),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, lone, b]) => `x${a.replaceAll("\u0000", "")}${lone}${b.replaceAll("\u0000", "")}x`);

describeEachAdapter("valid inputs round-trip exactly", (target) => {
  const t = useReliabilityCrm(target);
  const state = {} as { tenantId: string; admin: ReliabilityClient; accountId: string };

  beforeAll(async () => {
    state.tenantId = await t.tenant();
    state.admin = t.as(state.tenantId, "ada", ["admin"]);
    await state.admin.customFields.define({ entityType: "account", key: "note", label: "Note", kind: "text" });
    await state.admin.customFields.define({ entityType: "account", key: "score", label: "Score", kind: "number" });
    state.accountId = (await state.admin.accounts.create({ name: "Round trip" })).id;
  });

  it("accounts: unicode text, money as integers and custom values come back as sent", async () => {
    const figure = tally("round trip: accounts", target.name);
    const inputs = fc.sample(
      fc.record({
        name: text(200),
        industry: text(100),
        description: text(2_000),
        annualRevenue: money,
        currency: fc.constantFrom("EUR", "JPY", "USD", "BHD"),
        custom: fc.record({
          note: text(200),
          score: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
        }),
      }),
      { numRuns: RUNS, seed: 17 },
    );
    for (const input of inputs) {
      try {
        const created = await state.admin.accounts.create(input);
        const read = await state.admin.accounts.get(created.id);
        const listed = await state.admin.accounts.list({ filter: [{ field: "name", op: "eq", value: input.name }] });
        const same = (a: typeof read) =>
          a.name === input.name &&
          a.industry === input.industry &&
          a.description === input.description &&
          a.annualRevenue === input.annualRevenue &&
          a.currency === input.currency &&
          a.custom.note === input.custom.note &&
          a.custom.score === input.custom.score;
        const found = listed.items.find((a) => a.id === created.id);
        const held = same(created) && same(read) && found !== undefined && same(found);
        figure.record(held, held ? undefined : `sent ${describeValue(input)} read ${describeValue(read)}`);
      } catch (error) {
        figure.record(false, `sent ${describeValue(input)} → ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    figure.save();
    expect(figure.violated, figure.report()).toBe(0);
  });

  it("opportunities: amounts and close dates come back as sent", async () => {
    const figure = tally("round trip: opportunities", target.name);
    const inputs = fc.sample(
      fc.record({
        name: text(200),
        amount: money,
        closeDate: instant.map((d) => d.toISOString().slice(0, 10)),
        nextStep: text(200),
      }),
      { numRuns: RUNS, seed: 17 },
    );
    for (const input of inputs) {
      try {
        const created = await state.admin.sales.opportunities.create({
          ...input,
          currency: "EUR",
          accountId: state.accountId,
        });
        const read = await state.admin.sales.opportunities.get(created.id);
        const held =
          read.name === input.name &&
          read.amount === input.amount &&
          read.closeDate === input.closeDate &&
          read.nextStep === input.nextStep &&
          read.currency === "EUR";
        figure.record(held, held ? undefined : `sent ${describeValue(input)} read ${describeValue(read)}`);
      } catch (error) {
        figure.record(false, `sent ${describeValue(input)} → ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    figure.save();
    expect(figure.violated, figure.report()).toBe(0);
  });

  it("appointments: instants come back as the same moment in ISO-8601 UTC", async () => {
    const figure = tally("round trip: appointment instants", target.name);
    const inputs = fc.sample(
      fc.record({
        subject: text(200),
        start: instant,
        minutes: fc.integer({ min: 1, max: 60 * 24 * 30 }),
        offset: fc.constantFrom("Z", "+02:00", "-05:30"),
      }),
      { numRuns: RUNS, seed: 17 },
    );
    for (const input of inputs) {
      const end = new Date(input.start.getTime() + input.minutes * 60_000);
      const withOffset = (d: Date) => {
        if (input.offset === "Z") return d.toISOString();
        const sign = input.offset.startsWith("-") ? -1 : 1;
        const [h, m] = input.offset.slice(1).split(":").map(Number) as [number, number];
        const local = new Date(d.getTime() + sign * (h * 60 + m) * 60_000);
        return `${local.toISOString().slice(0, 23)}${input.offset}`;
      };
      try {
        // The start is in the past for many inputs: booking allows that (only reminders may not be).
        const created = await state.admin.calendar.create({
          subject: input.subject,
          startsAt: withOffset(input.start),
          endsAt: withOffset(end),
        });
        const read = await state.admin.calendar.get(created.id);
        const held =
          read.subject === input.subject &&
          read.startsAt === input.start.toISOString() &&
          read.endsAt === end.toISOString();
        figure.record(held, held ? undefined : `sent ${describeValue(input)} read ${describeValue(read)}`);
      } catch (error) {
        const refusedOutOfRange = error instanceof CrmError && input.start.getUTCFullYear() > 9990;
        figure.record(
          refusedOutOfRange,
          `sent ${describeValue(input)} → ${(error as Error).name}: ${(error as Error).message}`,
        );
      }
    }
    figure.save();
    expect(figure.violated, figure.report()).toBe(0);
  });

  it("ill-formed UTF-16 is refused with a CrmError, or stored exactly and breaks no later read", async () => {
    const figure = tally("round trip: lone surrogates", target.name);
    const inputs = fc.sample(fc.record({ name: illFormed, note: illFormed }), {
      numRuns: Math.ceil(RUNS / 3),
      seed: 17,
    });
    for (const input of inputs) {
      const before = await tenantState(t.adapter, state.tenantId);
      try {
        const created = await state.admin.accounts.create({ name: input.name, custom: { note: input.note } });
        const read = await state.admin.accounts.get(created.id);
        // One stored value must not break filtering or sorting on custom fields for the whole tenant.
        await state.admin.accounts.list({
          filter: [{ field: "custom.score", op: "gte", value: 0 }],
          orderBy: { field: "custom.note" },
        });
        const held = read.name === input.name && read.custom.note === input.note;
        figure.record(
          held,
          held
            ? undefined
            : `sent ${describeValue(input)} read ${describeValue({ name: read.name, note: read.custom.note })}`,
        );
      } catch (error) {
        const after = await tenantState(t.adapter, state.tenantId);
        const wrote = stateChanges(before, after);
        const held = error instanceof CrmError && wrote === "";
        figure.record(
          held,
          `sent ${describeValue(input)} → ${(error as Error).name}: ${(error as Error).message.slice(0, 140)}${wrote ? ` (wrote ${wrote})` : ""}`,
        );
      }
    }
    figure.save();
    expect(figure.violated, figure.report()).toBe(0);
  });
});
