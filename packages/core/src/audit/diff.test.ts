import { describe, expect, it } from "vitest";
import { diffJson, diffRecords, fieldsOf } from "./diff.js";

const created = {
  id: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
  tenantId: "t1",
  name: 'Ünïcødé "quoted" 👋',
  website: null,
  ownerId: undefined,
  annualRevenue: 9_007_199_254_740_991,
  billingAddress: { line1: "Obere Str. 57", city: "Berlin", country: "DE" },
  tags: [],
  custom: { tier: "gold", score: 0, flag: false },
  externalIds: {},
  version: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  updatedBy: "u1",
  archivedAt: null,
};

describe("diffJson", () => {
  it("writes a new record's diff as the same text as the diff object would", () => {
    const json = diffJson(null, created);
    expect(json).toBe(JSON.stringify(diffRecords(null, created)));
    expect(JSON.parse(json)).toMatchObject({ name: [null, created.name], custom: [null, created.custom] });
    expect(JSON.parse(json)).not.toHaveProperty("version");
    expect(JSON.parse(json)).not.toHaveProperty("website");
  });

  it("writes an empty object for a record with nothing but bookkeeping", () => {
    expect(diffJson(null, { version: 1, updatedAt: "x", updatedBy: "u", note: null })).toBe("{}");
  });

  it("diffs updates field by field, custom fields by key", () => {
    const after = { ...created, name: "Renamed", custom: { tier: "silver", score: 0, flag: false } };
    expect(JSON.parse(diffJson(created, after))).toEqual({
      name: [created.name, "Renamed"],
      "custom.tier": ["gold", "silver"],
    });
  });
});

describe("diffRecords and fieldsOf", () => {
  it("names a field only one side has, a removed custom key, and a deleted record's fields", () => {
    const { website: _, ...withoutWebsite } = { ...created, website: "https://example.com" };
    const after = { ...withoutWebsite, custom: { tier: "gold", score: 0 }, region: "EMEA" };
    expect(diffRecords({ ...created, website: "https://example.com" }, after)).toEqual({
      "custom.flag": [false, null],
      region: [null, "EMEA"],
      website: ["https://example.com", null],
    });
    expect(diffRecords(created, null)).toMatchObject({ name: [created.name, null] });
    expect(diffRecords(created, null)).not.toHaveProperty("archivedAt");
    expect(diffRecords(created, null)).not.toHaveProperty("version");
  });

  it("collapses custom keys into one custom field, in first-seen order", () => {
    const after = { ...created, name: "Renamed", custom: { tier: "silver", score: 1, flag: false }, tags: ["vip"] };
    expect(fieldsOf(diffRecords(created, after))).toEqual(["name", "tags", "custom"]);
    expect(fieldsOf(diffRecords(created, { ...created }))).toEqual([]);
  });
});
