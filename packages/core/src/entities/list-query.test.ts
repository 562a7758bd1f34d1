import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/errors.js";
import { FILTER_OPERATORS, listOptionsSchema, parseListOptions } from "./list-query.js";

/** What zod makes of `input`: the options, or its issues. */
function byZod(input: unknown) {
  const result = listOptionsSchema.safeParse(input);
  return result.success ? { options: result.data } : { issues: result.error.issues };
}

/** What `parseListOptions` makes of `input`, in the same form. */
function byParse(input: unknown) {
  try {
    return { options: parseListOptions(input) };
  } catch (error) {
    if (error instanceof ValidationError) return { issues: error.issues };
    throw error;
  }
}

const filter = (value: unknown, extra: object = {}) => ({ filter: [{ field: "type", op: "eq", value, ...extra }] });

class Options {
  limit = 5;
}

/** `[<hole>, "a"]`. */
function holey(): unknown[] {
  const values: unknown[] = [];
  values[1] = "a";
  return values;
}

const CASES: Record<string, unknown> = {
  "no options": {},
  undefined: undefined,
  null: null,
  "a string": "limit=5",
  "an array": [],
  "a page size": { limit: 50 },
  "the largest page": { limit: 500 },
  "a page of 0": { limit: 0 },
  "a page of 501": { limit: 501 },
  "a fractional page": { limit: 1.5 },
  "a NaN page": { limit: Number.NaN },
  "a page size as text": { limit: "5" },
  "a cursor": { cursor: "abc" },
  "the longest cursor": { cursor: "x".repeat(4_096) },
  "a cursor too long": { cursor: "x".repeat(4_097) },
  "a numeric cursor": { cursor: 5 },
  "archived too": { includeArchived: true },
  "archived as text": { includeArchived: "yes" },
  "an order": { orderBy: { field: "name" } },
  "an order and direction": { orderBy: { field: "name", direction: "desc" } },
  "an order without a field": { orderBy: { field: "" } },
  "an unknown direction": { orderBy: { field: "name", direction: "up" } },
  "an order with another key": { orderBy: { field: "name", nulls: "first" } },
  "an order as text": { orderBy: "name" },
  "an unknown option": { limit: 5, offset: 10 },
  "an explicit undefined": { limit: undefined, cursor: undefined },
  "a text filter": filter("customer"),
  "a null filter": filter(null),
  "a boolean filter": filter(true),
  "a number filter": filter(3),
  "an infinite filter": filter(Number.POSITIVE_INFINITY),
  "a NaN filter": filter(Number.NaN),
  "a list filter": filter(["a", 1, true, null]),
  "a nested list filter": filter([1, [2]]),
  "the longest list": filter(Array.from({ length: 1_000 }, (_, i) => i)),
  "a list too long": filter(Array.from({ length: 1_001 }, (_, i) => i)),
  "a list with a hole": filter(holey()),
  "a list with undefined": filter([undefined, "a"]),
  "the longest text": filter("x".repeat(10_000)),
  "a text too long": filter("x".repeat(10_001)),
  "emoji near the length limit": filter("😀".repeat(5_001)),
  "an object value": filter({ a: 1 }),
  "no value": { filter: [{ field: "archivedAt", op: "isNull" }] },
  "an undefined value": filter(undefined),
  "an unknown operator": { filter: [{ field: "name", op: "like", value: "x" }] },
  "an empty field": { filter: [{ field: "", op: "eq", value: "x" }] },
  "a filter with another key": filter("x", { not: true }),
  "a filter as text": { filter: "type=customer" },
  "fifty filters": { filter: Array.from({ length: 50 }, () => ({ field: "type", op: "eq", value: "x" })) },
  "fifty-one filters": { filter: Array.from({ length: 51 }, () => ({ field: "type", op: "eq", value: "x" })) },
  "a filter that is null": { filter: [null] },
  "a null-prototype object": Object.assign(Object.create(null), { limit: 5 }),
  "a class instance": new Options(),
  "everything at once": {
    filter: [
      { field: "type", op: "in", value: ["customer", "partner"] },
      { field: "name", op: "contains", value: "acme" },
      { field: "annualRevenue", op: "gte", value: 1_000 },
    ],
    orderBy: { field: "name", direction: "asc" },
    limit: 25,
    cursor: "eyJmIjoibmFtZSJ9",
    includeArchived: false,
  },
};

/** A small seeded PRNG (mulberry32), so a failing input can be found again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Options built from valid and invalid parts alike, for comparing the two parsers on many shapes. */
function randomOptions(next: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const scalars = ["x", "", 0, -1.5, 7, true, false, null, Number.NaN, undefined, "y".repeat(10_001), {}, []];
  const value = () =>
    next() < 0.3 ? Array.from({ length: Math.floor(next() * 4) }, () => pick(scalars)) : pick(scalars);
  const options: Record<string, unknown> = {};
  if (next() < 0.6) {
    options.filter = Array.from({ length: Math.floor(next() * 4) }, () => {
      const item: Record<string, unknown> = {
        field: pick(["type", "name", "", 3]),
        op: pick([...FILTER_OPERATORS, "like", undefined]),
      };
      if (next() < 0.8) item.value = value();
      if (next() < 0.05) item.extra = 1;
      return item;
    });
  }
  if (next() < 0.5)
    options.orderBy = pick([
      { field: "name" },
      { field: "name", direction: pick(["asc", "desc", "up"]) },
      { field: "" },
      "name",
    ]);
  if (next() < 0.5) options.limit = pick([1, 50, 500, 0, 501, 2.5, "5", undefined]);
  if (next() < 0.3) options.cursor = pick(["abc", "", 1, "c".repeat(4_097)]);
  if (next() < 0.3) options.includeArchived = pick([true, false, "true", 1]);
  if (next() < 0.05) options.offset = 1;
  return options;
}

describe("parseListOptions", () => {
  for (const [name, input] of Object.entries(CASES)) {
    it(`agrees with listOptionsSchema on ${name}`, () => {
      expect(byParse(input)).toEqual(byZod(input));
    });
  }

  it("refuses what zod would misread: an inherited option, a __proto__ key", () => {
    const inherited = Object.assign(Object.create({ limit: 5 }), { cursor: "abc" });
    const proto = JSON.parse('{"limit": 5, "__proto__": {"x": 1}}');
    // zod reads the inherited limit as given, and drops the __proto__ key.
    expect(listOptionsSchema.safeParse(inherited).success).toBe(true);
    expect(byParse(inherited)).toMatchObject({ issues: [{ path: ["limit"] }] });
    expect(byParse(proto)).toMatchObject({ issues: [{ path: ["__proto__"] }] });
  });

  it("agrees with listOptionsSchema on 5,000 generated options", () => {
    const next = random(42);
    for (let i = 0; i < 5_000; i++) {
      const input = randomOptions(next);
      expect({ i, ...byParse(input) }).toEqual({ i, ...byZod(input) });
    }
  });

  it("returns a copy: changing the options afterwards changes nothing validated", () => {
    const input = {
      filter: [{ field: "name", op: "in" as const, value: ["a", "b"] }],
      orderBy: { field: "name" },
      limit: 10,
    };
    const parsed = parseListOptions(input);
    input.filter[0]?.value.push("c");
    input.filter.push({ field: "version", op: "in", value: ["1"] });
    input.orderBy.field = "secret";
    expect(parsed).toEqual({
      filter: [{ field: "name", op: "in", value: ["a", "b"] }],
      orderBy: { field: "name" },
      limit: 10,
    });
  });
});
