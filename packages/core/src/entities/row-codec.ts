import type { FieldKind, FieldSpec } from "./fields.js";
import { fromColumnValue, toColumnValue } from "./fields.js";

/** An entity's own fields, computed once: `[field, spec, column]`. */
export type FieldColumns = readonly (readonly [string, FieldSpec, string])[];

/** The bookkeeping columns every entity table starts with, in insert order. */
export const BASE_ROW_COLUMNS = [
  "tenant_id",
  "id",
  "version",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "archived_at",
  "custom",
  "tags",
  "external_ids",
] as const;

/**
 * How one entity's records cross the database boundary: a row to a record, and a record
 * to its column values in {@link BASE_ROW_COLUMNS}-then-fields order.
 */
export interface RowCodec {
  fromRow(row: Record<string, unknown>): Record<string, unknown>;
  pushRowValues(record: Record<string, unknown>, values: unknown[]): void;
}

/**
 * The codec for an entity's fields. Where the runtime allows `new Function` (as zod 4
 * does for its parsers), the two functions are generated for this entity: an object
 * literal with its keys, and a `push` of its columns. A loop over the fields, shared by
 * every entity, turns its property reads and writes megamorphic once a process maps
 * records of several types — the cost that made a 50-row page a fifth slower than the same
 * query mapped by hand. Elsewhere (a strict CSP, Cloudflare Workers), or with `generate: false`,
 * the loop serves.
 */
export function rowCodec(fields: FieldColumns, options: { generate?: boolean } = {}): RowCodec {
  return ((options.generate ?? true) ? generatedCodec(fields) : null) ?? loopingCodec(fields);
}

/** Converts the column values of kinds the driver may return in another shape. */
const convert = {
  integer: (value: unknown) => fromColumnValue(INTEGER, value),
  boolean: (value: unknown) => fromColumnValue(BOOLEAN, value),
  json: (value: unknown) => fromColumnValue(JSON_FIELD, value),
  writeBoolean: (value: unknown) => toColumnValue(BOOLEAN, value),
  writeJson: (value: unknown) => toColumnValue(JSON_FIELD, value),
} as const;
const INTEGER = { kind: "integer" } as FieldSpec;
const BOOLEAN = { kind: "boolean" } as FieldSpec;
const JSON_FIELD = { kind: "json" } as FieldSpec;

/** A column's value as the record holds it: the expression the generated mapper uses. */
function readExpression(kind: FieldKind, column: string): string {
  const value = `row[${JSON.stringify(column)}]`;
  switch (kind) {
    case "integer":
      return `convert.integer(${value})`;
    case "boolean":
      return `convert.boolean(${value})`;
    case "json":
      return `convert.json(${value})`;
    default:
      return `${value} ?? null`;
  }
}

/** A field's value as its column stores it: the expression the generated writer uses. */
function writeExpression(kind: FieldKind, name: string): string {
  const value = `record[${JSON.stringify(name)}]`;
  switch (kind) {
    case "boolean":
      return `convert.writeBoolean(${value})`;
    case "json":
      return `convert.writeJson(${value})`;
    default:
      return `${value} ?? null`;
  }
}

function generatedCodec(fields: FieldColumns): RowCodec | null {
  const properties = fields.map(
    ([name, spec, column]) => `${JSON.stringify(name)}: ${readExpression(spec.kind, column)},`,
  );
  const columnValues = fields.map(([name, spec]) => `${writeExpression(spec.kind, name)},`);
  // Keys in the order the looping codec sets them, so records look alike whichever built them.
  const source = `return {
  fromRow(row) {
    return {
      id: row.id,
      tenantId: row.tenant_id,
      ${properties.join("\n      ")}
      version: Number(row.version),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      createdBy: row.created_by,
      updatedBy: row.updated_by,
      archivedAt: row.archived_at ?? null,
      custom: JSON.parse(row.custom),
      tags: JSON.parse(row.tags),
      externalIds: JSON.parse(row.external_ids),
    };
  },
  pushRowValues(record, values) {
    values.push(
      record.tenantId,
      record.id,
      record.version,
      record.createdAt,
      record.updatedAt,
      record.createdBy,
      record.updatedBy,
      record.archivedAt,
      JSON.stringify(record.custom),
      JSON.stringify(record.tags),
      JSON.stringify(record.externalIds),
      ${columnValues.join("\n      ")}
    );
  },
};`;
  try {
    return new Function("convert", source)(convert) as RowCodec;
  } catch {
    return null;
  }
}

function loopingCodec(fields: FieldColumns): RowCodec {
  return {
    fromRow(row) {
      const record: Record<string, unknown> = { id: row.id, tenantId: row.tenant_id };
      for (const [name, spec, column] of fields) record[name] = fromColumnValue(spec, row[column]);
      record.version = Number(row.version);
      record.createdAt = row.created_at;
      record.updatedAt = row.updated_at;
      record.createdBy = row.created_by;
      record.updatedBy = row.updated_by;
      record.archivedAt = row.archived_at ?? null;
      record.custom = JSON.parse(row.custom as string);
      record.tags = JSON.parse(row.tags as string);
      record.externalIds = JSON.parse(row.external_ids as string);
      return record;
    },
    pushRowValues(record, values) {
      values.push(
        record.tenantId,
        record.id,
        record.version,
        record.createdAt,
        record.updatedAt,
        record.createdBy,
        record.updatedBy,
        record.archivedAt,
        JSON.stringify(record.custom),
        JSON.stringify(record.tags),
        JSON.stringify(record.externalIds),
      );
      for (const [name, spec] of fields) values.push(toColumnValue(spec, record[name]));
    },
  };
}
