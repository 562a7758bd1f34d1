import * as z from "zod";
import { ID_PATTERN } from "../kernel/ids.js";
import { textSchema } from "../schemas/common-schemas.js";
import { arrayOf, integer, type Reader, recordOf, strictObject, text, UNSURE } from "../schemas/plain-input.js";

/** Fields every Rapport record carries. */
export interface BaseRecord {
  /** Prefixed, time-sortable id (`acc_01J…`). */
  readonly id: string;
  readonly tenantId: string;
  /** Starts at 1 and grows by one on every change; pass it back as `expectedVersion`. */
  readonly version: number;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly updatedBy: string;
  /** When the record was archived; `null` while active. */
  readonly archivedAt: string | null;
  /** Tenant-defined custom field values. */
  readonly custom: Readonly<Record<string, CustomValue>>;
  /** Labels for grouping and filtering (`list({ filter: [{ field: "tags", op: "hasTag", value: "vip" }] })`), lower-cased. */
  readonly tags: readonly string[];
  /** Keys of this record in other systems (`{ erp: "C-1042" }`). */
  readonly externalIds: Readonly<Record<string, string>>;
}

/** A custom field value: a string, number, boolean, `null`, or a list of strings (multiselect). */
export type CustomValue = string | number | boolean | null | readonly string[];

function buildIdSchema(prefix: string | undefined) {
  return z
    .string()
    .regex(ID_PATTERN, "Malformed id")
    .refine((id) => prefix === undefined || id.startsWith(`${prefix}_`), `Expected an id starting with ${prefix}_`);
}

// Building a zod schema costs more than running it, and every get/update/archive validates an id.
const idSchemas = new Map<string | undefined, ReturnType<typeof buildIdSchema>>();

/** Validates a record id, optionally of one prefix (`idSchema("acc")`). Built once per prefix. */
export function idSchema(prefix?: string) {
  let schema = idSchemas.get(prefix);
  if (!schema) {
    schema = buildIdSchema(prefix);
    idSchemas.set(prefix, schema);
  }
  return schema;
}

// constructor and prototype are refused as keys: they are members of every object.
const CUSTOM_KEY = /^(?!(?:constructor|prototype)$)[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SYSTEM_NAME = /^(?!(?:constructor|prototype)$)[a-z][a-z0-9_-]{0,31}$/;

/** Custom field values as accepted on input. Definitions that type them arrive with the custom-fields feature. */
export const customValuesSchema = z.record(
  z.string().regex(CUSTOM_KEY, "Custom field keys are letters, digits and _, starting with a letter"),
  z.union([textSchema().max(100_000), z.number(), z.boolean(), z.null(), z.array(textSchema().max(1_000)).max(200)]),
);

/** External ids: system name → the record's key there. */
export const externalIdsSchema = z.record(
  z.string().regex(SYSTEM_NAME, "System names are lowercase: letters, digits, _ and -"),
  textSchema().trim().min(1).max(200),
);

const customText = text({ max: 100_000 });
const customList = arrayOf(text({ max: 1_000 }), 200);

/** {@link customValuesSchema} for plain values (see `plain-input.ts`). */
export const plainCustomValues: Reader<Record<string, CustomValue>> = recordOf(CUSTOM_KEY, (value) => {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : UNSURE;
  return Array.isArray(value) ? customList(value) : customText(value);
});

/** {@link externalIdsSchema} for plain values (see `plain-input.ts`). */
export const plainExternalIds: Reader<Record<string, string>> = recordOf(
  SYSTEM_NAME,
  text({ trim: true, min: 1, max: 200 }),
);

/** Options of `update` and `archive`. */
export const writeOptionsSchema = z
  .object({
    /** The version the caller last read; a different current version fails with `ConflictError`. */
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type WriteOptions = z.input<typeof writeOptionsSchema>;

/** {@link writeOptionsSchema} for plain values (see `plain-input.ts`). */
export const plainWriteOptions = strictObject<z.output<typeof writeOptionsSchema>>({
  expectedVersion: { read: integer(1, Number.MAX_SAFE_INTEGER) },
});
