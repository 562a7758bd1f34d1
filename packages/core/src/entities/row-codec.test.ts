import { describe, expect, it } from "vitest";
import { columnOf, type FieldSpec, field } from "./fields.js";
import { BASE_ROW_COLUMNS, type FieldColumns, rowCodec } from "./row-codec.js";

const specs: Record<string, FieldSpec> = {
  name: field.text(),
  note: field.nullableText(),
  seats: field.integer(),
  budget: field.nullableInteger(),
  active: field.boolean(),
  startsAt: field.timestamp(),
  endsAt: field.nullableTimestamp(),
  address: field.json(),
  // Names and columns that must not break the generated source.
  'odd"key': field.nullableText({ column: 'odd"col\\umn' }),
  "line\u2028break": field.nullableInteger({ column: "line_break" }),
};
const fields: FieldColumns = Object.entries(specs).map(([name, spec]) => [name, spec, columnOf(name, spec)]);
const generated = rowCodec(fields);
const looping = rowCodec(fields, { generate: false });

const base = {
  tenant_id: "t1",
  id: "acc_1",
  version: 3,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-02T00:00:00.000Z",
  created_by: "u1",
  updated_by: "u2",
  archived_at: null,
  custom: '{"tier":"gold"}',
  tags: '["vip"]',
  external_ids: '{"erp":"42"}',
};

/** Rows as the drivers return them: PostgreSQL's bigint as text and booleans as booleans, SQLite's 0/1, absent columns. */
const rows: Record<string, unknown>[] = [
  {
    ...base,
    name: "Acme",
    note: null,
    seats: 12,
    budget: "900000000000",
    active: 1,
    starts_at: "2026-03-01T09:00:00.000Z",
    ends_at: null,
    address: '{"city":"Berlin"}',
    'odd"col\\umn': "x",
    line_break: 7,
  },
  {
    ...base,
    version: "4",
    archived_at: "2026-02-01T00:00:00.000Z",
    name: "Globex",
    seats: "5",
    active: false,
    starts_at: "2026-03-02T09:00:00.000Z",
    address: { city: "Paris" },
  },
  { ...base, name: "Initech", seats: 0, active: "t", starts_at: "2026-03-03T09:00:00.000Z", address: null },
  { ...base, name: "Hooli", seats: 1, active: 0, starts_at: "2026-03-04T09:00:00.000Z", address: "[1,2]" },
];

describe("rowCodec", () => {
  it.each(rows.map((row, i) => [i, row] as const))("maps row %i alike whether generated or looping", (_, row) => {
    const record = generated.fromRow(row);
    expect(record).toEqual(looping.fromRow(row));
    expect(Object.keys(record)).toEqual(Object.keys(looping.fromRow(row)));
  });

  it("converts every kind of column to the record's type", () => {
    expect(generated.fromRow(rows[0] as Record<string, unknown>)).toEqual({
      id: "acc_1",
      tenantId: "t1",
      name: "Acme",
      note: null,
      seats: 12,
      budget: 900000000000,
      active: true,
      startsAt: "2026-03-01T09:00:00.000Z",
      endsAt: null,
      address: { city: "Berlin" },
      'odd"key': "x",
      "line\u2028break": 7,
      version: 3,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-02T00:00:00.000Z",
      createdBy: "u1",
      updatedBy: "u2",
      archivedAt: null,
      custom: { tier: "gold" },
      tags: ["vip"],
      externalIds: { erp: "42" },
    });
    const second = generated.fromRow(rows[1] as Record<string, unknown>);
    expect([second.version, second.seats, second.active, second.address]).toEqual([4, 5, false, { city: "Paris" }]);
    expect(generated.fromRow(rows[2] as Record<string, unknown>).active).toBe(true);
  });

  it("writes a record's column values in table order, alike whether generated or looping", () => {
    for (const row of rows) {
      const record = generated.fromRow(row);
      const mine: unknown[] = [];
      const theirs: unknown[] = [];
      generated.pushRowValues(record, mine);
      looping.pushRowValues(record, theirs);
      expect(mine).toEqual(theirs);
      expect(mine).toHaveLength(BASE_ROW_COLUMNS.length + fields.length);
      // Reading the written values back as a row gives the record again.
      const columns = [...BASE_ROW_COLUMNS, ...fields.map(([, , column]) => column)];
      const written = Object.fromEntries(columns.map((column, i) => [column, mine[i]]));
      expect(generated.fromRow(written)).toEqual(record);
    }
    const values: unknown[] = [];
    generated.pushRowValues(generated.fromRow(rows[0] as Record<string, unknown>), values);
    expect(values.slice(BASE_ROW_COLUMNS.length)).toEqual([
      "Acme",
      null,
      12,
      900000000000,
      1,
      "2026-03-01T09:00:00.000Z",
      null,
      '{"city":"Berlin"}',
      "x",
      7,
    ]);
  });
});
