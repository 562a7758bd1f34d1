import { sql } from "kysely";
import * as z from "zod";
import { type CustomFieldDefinition, valueSchema } from "../custom-fields/custom-field-schema.js";
import { ValidationError, type ValidationIssue } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { arrayOf, isStorableText, type Reader, text, UNSURE } from "../schemas/plain-input.js";
import { insertRows, runCompiled } from "../storage/compiled-statements.js";
import type { CustomValue } from "./base-record.js";
import type { FieldSpec } from "./fields.js";
import type { ListField } from "./list-query.js";

type CustomValues = Record<string, CustomValue>;

const FILTER_KIND: Record<
  CustomFieldDefinition["kind"],
  { spec: FieldSpec["kind"]; json: "text" | "number" | "boolean" } | null
> = {
  text: { spec: "text", json: "text" },
  select: { spec: "text", json: "text" },
  date: { spec: "text", json: "text" },
  number: { spec: "integer", json: "number" },
  money: { spec: "integer", json: "number" },
  boolean: { spec: "boolean", json: "boolean" },
  multiselect: null,
};

/**
 * What records carry beyond their columns: custom field values (validated against the
 * tenant's definitions) and tags (kept in `rapport_tags` so they can be filtered).
 */
export class RecordExtensions {
  readonly #entityType: string;
  readonly #definitions = new WeakMap<OperationContext, Promise<readonly CustomFieldDefinition[]>>();

  constructor(entityType: string) {
    this.#entityType = entityType;
  }

  /** The tenant's active custom field definitions for this entity, read once per operation. */
  definitions(op: OperationContext): Promise<readonly CustomFieldDefinition[]> {
    let found = this.#definitions.get(op);
    if (!found) {
      // Every create and update reads them: the statement's SQL is compiled once.
      found = runCompiled<Record<string, unknown>>(op, "custom-fields:active", [op.tenantId, this.#entityType], () =>
        op.db
          .selectFrom("rapport_custom_fields")
          .select(["key", "kind", "required", "default_value", "options"])
          .where("tenant_id", "=", op.tenantId)
          .where("entity_type", "=", this.#entityType)
          .where("archived_at", "is", null),
      ).then(({ rows }) =>
        rows.map((row) => ({
          key: row.key as string,
          kind: row.kind as CustomFieldDefinition["kind"],
          required: row.required === true || row.required === 1,
          defaultValue: row.default_value === null ? null : JSON.parse(row.default_value as string),
          options: row.options === null ? null : JSON.parse(row.options as string),
        })),
      );
      this.#definitions.set(op, found);
    }
    return found;
  }

  /** Validates a new record's custom values and fills in defaults; required fields must end up set. */
  async forCreate(op: OperationContext, values: CustomValues): Promise<CustomValues> {
    const { result, issues } = this.valuesForCreate(await this.definitions(op), values);
    if (issues.length > 0) throw new ValidationError(issues);
    return result;
  }

  /** {@link forCreate} against definitions already read: the custom values, or the issues with them. */
  valuesForCreate(
    definitions: readonly CustomFieldDefinition[],
    values: CustomValues,
  ): { result: CustomValues; issues: ValidationIssue[] } {
    // Most records carry no custom values, and most tenants define no fields for most entities.
    if (definitions.length === 0 && isEmpty(values)) return { result: {}, issues: [] };
    const issues = this.#check(definitions, values);
    const result: CustomValues = { ...values };
    for (const field of definitions) {
      // Own values only: a field keyed `toString` must not find Object.prototype's method.
      if (ownValue(result, field.key) === undefined && field.defaultValue !== null)
        result[field.key] = field.defaultValue as CustomValue;
      const value = ownValue(result, field.key);
      if (field.required && (value === undefined || value === null)) {
        issues.push(issue(field.key, `Custom field "${field.key}" is required`));
      }
    }
    return { result, issues };
  }

  /** Validates a patch of custom values and merges it over the record's current values. */
  async forUpdate(op: OperationContext, current: Readonly<CustomValues>, patch: CustomValues): Promise<CustomValues> {
    const definitions = await this.definitions(op);
    const issues = this.#check(definitions, patch);
    for (const field of definitions) {
      if (field.required && ownValue(patch, field.key) === null)
        issues.push(issue(field.key, `Custom field "${field.key}" is required`));
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return { ...current, ...patch };
  }

  /** List fields `custom.<key>` for every filterable definition. */
  async listFields(op: OperationContext): Promise<Record<string, ListField>> {
    const fields: Record<string, ListField> = {};
    for (const definition of await this.definitions(op)) {
      const kind = FILTER_KIND[definition.kind];
      if (!kind) continue;
      fields[`custom.${definition.key}`] = {
        spec: { kind: kind.spec, nullable: true, filterable: true, sortable: true },
        expression: op.adapter.jsonValue("custom", definition.key, kind.json),
        alias: "__sort_value",
        ...(definition.kind === "number" ? { fractional: true } : {}),
      };
    }
    return fields;
  }

  /** The `tags` list field: `hasTag` (one tag) and `hasAnyTag` (any of several). */
  tagsField(op: OperationContext): ListField {
    const entityType = this.#entityType;
    return {
      spec: { kind: "text", nullable: false, filterable: true, sortable: false },
      expression: sql.ref("id"),
      filter: (eb, filter, index) => {
        const wanted = filter.op === "hasTag" ? [filter.value] : filter.value;
        const valid = Array.isArray(wanted) && wanted.length > 0 && wanted.every((t) => typeof t === "string");
        if ((filter.op !== "hasTag" && filter.op !== "hasAnyTag") || !valid) {
          throw ValidationError.forField(
            ["filter", index],
            'Filter tags with { op: "hasTag", value: "vip" } or { op: "hasAnyTag", value: ["a", "b"] }',
          );
        }
        return eb(
          "id",
          "in",
          eb
            .selectFrom("rapport_tags")
            .select("entity_id")
            .where("tenant_id", "=", op.tenantId)
            .where("entity_type", "=", entityType)
            .where("tag", "in", (wanted as string[]).map(normaliseTag)),
        );
      },
    };
  }

  /** Tags of the given records, read in one query. */
  async loadTags(op: OperationContext, ids: readonly string[]): Promise<Map<string, string[]>> {
    const tags = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return tags;
    const rows = await op.db
      .selectFrom("rapport_tags")
      .select(["entity_id", "tag"])
      .where("tenant_id", "=", op.tenantId)
      .where("entity_type", "=", this.#entityType)
      .where("entity_id", "in", [...ids])
      .orderBy("tag")
      .execute();
    for (const row of rows) tags.get(row.entity_id as string)?.push(row.tag as string);
    return tags;
  }

  /** Replaces a record's tags (multi-row insert). */
  async writeTags(
    op: OperationContext,
    records: readonly { id: string; tags: readonly string[] }[],
    replace: boolean,
  ): Promise<void> {
    if (replace) {
      await op.db
        .deleteFrom("rapport_tags")
        .where("tenant_id", "=", op.tenantId)
        .where("entity_type", "=", this.#entityType)
        .where(
          "entity_id",
          "in",
          records.map((r) => r.id),
        )
        .execute();
    }
    const rows = records.flatMap((r) =>
      r.tags.map((tag) => ({ tenant_id: op.tenantId, entity_type: this.#entityType, entity_id: r.id, tag })),
    );
    await insertRows(op, "rapport_tags", rows, 1_000);
  }

  #check(definitions: readonly CustomFieldDefinition[], values: CustomValues): ValidationIssue[] {
    const byKey = new Map(definitions.map((d) => [d.key, d]));
    const issues: ValidationIssue[] = [];
    for (const [key, value] of Object.entries(values)) {
      const definition = byKey.get(key);
      if (!definition) {
        issues.push(issue(key, `Unknown custom field "${key}"; define it first with customFields.define`));
        continue;
      }
      if (value === null) continue;
      const result = valueSchema(definition).safeParse(value);
      if (!result.success) issues.push(...result.error.issues.map((i) => ({ ...i, path: ["custom", key, ...i.path] })));
    }
    return issues;
  }
}

function ownValue(values: Readonly<CustomValues>, key: string): CustomValue | undefined {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}

function isEmpty(values: CustomValues): boolean {
  for (const _ in values) return false;
  return true;
}

function issue(key: string, message: string): ValidationIssue {
  return { code: "custom", path: ["custom", key], message, input: undefined } as ValidationIssue;
}

/** Tags are compared case-insensitively: stored trimmed and lower-cased. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** Tags as accepted on input: 1–50 characters each, at most 50, de-duplicated after normalising. */
export const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(50)
      .refine((tag) => !tag.includes(",") && isStorableText(tag), "Tags cannot contain commas, NUL or lone surrogates"),
  )
  .max(50)
  .transform((tags) => [...new Set(tags.map(normaliseTag))].sort());

const plainTagList = arrayOf(text({ trim: true, min: 1, max: 50, pattern: /^[^,]*$/ }), 50);

/** {@link tagsSchema} for plain values (see `plain-input.ts`). */
export const plainTags: Reader<string[]> = (value) => {
  const tags = plainTagList(value);
  return tags === UNSURE ? UNSURE : [...new Set(tags.map(normaliseTag))].sort();
};
