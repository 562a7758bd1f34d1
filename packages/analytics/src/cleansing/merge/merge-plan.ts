import {
  type EntityDefinition,
  ForbiddenError,
  InvalidTransitionError,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import type * as z from "zod";
import { type References, referencesTo } from "./merge-references.js";
import type { mergePlanInputSchema, survivorshipSchema } from "./merge-schema.js";
import { decideFields, type FieldDecision, type MergedRecord, type Survivorship } from "./merge-survivorship.js";

/** A record that links to a loser and is re-pointed to the survivor. */
export interface RelatedRecord {
  readonly entityType: string;
  readonly id: string;
  readonly version: number;
  /** Its fields that name a loser, and which loser. */
  readonly links: readonly { readonly field: string; readonly from: string }[];
}

/** Rows of a module table that name a loser in one column. */
export interface RelatedRows {
  readonly table: string;
  readonly column: string;
  readonly from: string;
  readonly rows: number;
}

/**
 * A merge's plan, as `merge.plan` returns it and `merge.apply` takes it: plain JSON, so a
 * host can show it, store it and send it back.
 */
export interface MergePlan {
  readonly entityType: string;
  readonly survivorId: string;
  readonly loserIds: readonly string[];
  readonly rules?: z.output<typeof survivorshipSchema>;
  readonly overrides?: Readonly<Record<string, string>>;
  /** The version of every record the plan read; `apply` refuses the plan when one has moved (`MERGE_PLAN_STALE`). */
  readonly versions: Readonly<Record<string, number>>;
  /** The fields where the merged records differ: who wins, by which rule, and whether the values conflict. */
  readonly fields: readonly FieldDecision[];
  /** The survivor's fields the merge changes. */
  readonly changes: readonly string[];
  /** Fields whose non-empty values disagree, and external-id systems both sides hold with different keys (those stay with the loser). */
  readonly conflicts: readonly { readonly field: string; readonly winnerId: string }[];
  /** External-id systems that move from a loser to the survivor. */
  readonly movedExternalIds: readonly { readonly system: string; readonly from: string }[];
  /** What is re-pointed from the losers to the survivor. */
  readonly related: { readonly records: readonly RelatedRecord[]; readonly rows: readonly RelatedRows[] };
}

/** A plan with what `apply` needs beside it: the records as loaded and the rows to re-point. */
export interface PreparedMerge {
  readonly plan: MergePlan;
  readonly entity: EntityDefinition<any, any, any>;
  readonly survivor: MergedRecord;
  readonly losers: readonly MergedRecord[];
  readonly survivorship: Survivorship;
  readonly references: References;
  /** Rows of module tables, per reference, that name a loser. */
  readonly rows: readonly {
    readonly reference: References["rows"][number];
    readonly from: string;
    readonly rows: readonly Record<string, unknown>[];
  }[];
}

type PlanInput = z.output<typeof mergePlanInputSchema>;

/**
 * Reads the records of a merge and decides it. `forChange` loads them for change (locked,
 * archived ones refused) as `apply` needs; otherwise they are read. Checks the actor may
 * update every record and archive the losers.
 */
export async function prepareMerge(op: OperationContext, input: PlanInput, forChange: boolean): Promise<PreparedMerge> {
  const entity = op.entityDefinition(input.entityType);
  if (!entity) {
    throw ValidationError.forField(["entityType"], `No ${input.entityType} entity is installed`, {
      entityType: input.entityType,
    });
  }
  assertIds(entity, input);
  const records = op.records(entity);
  const load = async (id: string, authorize: string) => {
    const record = (forChange
      ? await records.loadForChange(id, { authorize })
      : await records.get(id, { authorize })) as unknown as MergedRecord;
    if (record.archivedAt !== null && record.archivedAt !== undefined) {
      throw new InvalidTransitionError(`${entity.type} ${id} is archived`, { details: { id, reason: "archived" } });
    }
    return record;
  };
  const survivor = await load(input.survivorId, "update");
  const losers: MergedRecord[] = [];
  for (const id of input.loserIds) {
    const loser = await load(id, "update");
    await op.authorize(`${entity.type}:archive`, scopedOf(entity, loser));
    losers.push(loser);
  }
  const merged = [survivor, ...losers];
  const fields = mergeableFields(entity, merged);
  assertKnownFields(input, fields, merged);
  const { hidden, readOnly } = await protectedFields(op, entity, merged, fields);
  const rules = input.rules ?? {};
  const survivorship = decideFields(merged, {
    fields,
    defaultRule: rules.default ?? "survivor",
    rules: rules.fields ?? {},
    overrides: input.overrides ?? {},
    sourcePriority: rules.sourcePriority ?? [],
    protectedFields: new Set([...hidden, ...readOnly]),
    hiddenFields: hidden,
  });
  const references = await referencesTo(op, entity.type);
  // A link of the survivor to one of the merged records (its parent account was a duplicate) would point at itself: it is cleared.
  const mergedIds = new Set(merged.map((r) => r.id));
  for (const reference of references.records) {
    if (reference.entity.type !== entity.type || reference.typeColumn !== undefined) continue;
    const field = reference.field;
    const value = Object.hasOwn(survivorship.changes, field) ? survivorship.changes[field] : survivor[field];
    if (typeof value === "string" && mergedIds.has(value) && !hidden.has(field) && !readOnly.has(field)) {
      if (survivor[field] === null || survivor[field] === undefined) delete survivorship.changes[field];
      else survivorship.changes[field] = null;
    }
  }
  const related = await relatedRecords(op, references, input.loserIds, new Set(merged.map((r) => r.id)), entity.type);
  const rows = await relatedRows(op, references, input.loserIds, entity.type);
  const versions: Record<string, number> = {};
  for (const record of merged) versions[record.id] = record.version as number;
  for (const record of related) versions[record.id] = record.version;
  const plan: MergePlan = {
    entityType: entity.type,
    survivorId: survivor.id,
    loserIds: losers.map((l) => l.id),
    ...(input.rules ? { rules: input.rules } : {}),
    ...(input.overrides ? { overrides: input.overrides } : {}),
    versions,
    fields: survivorship.decisions,
    changes: Object.keys(survivorship.changes).filter((f) => !hidden.has(f)),
    conflicts: [
      ...survivorship.decisions.filter((d) => d.conflict).map((d) => ({ field: d.field, winnerId: d.winnerId })),
      ...survivorship.externalIdConflicts.map((c) => ({ field: `externalIds.${c.system}`, winnerId: survivor.id })),
    ],
    movedExternalIds: survivorship.movedExternalIds,
    related: {
      records: related,
      rows: rows.map((r) => ({
        table: r.reference.table,
        column: r.reference.column,
        from: r.from,
        rows: r.rows.length,
      })),
    },
  };
  return { plan, entity, survivor, losers, survivorship, references, rows };
}

function assertIds(entity: EntityDefinition<any, any, any>, input: PlanInput): void {
  const prefix = `${entity.idPrefix}_`;
  const ids = [input.survivorId, ...input.loserIds];
  ids.forEach((id, index) => {
    if (!id.startsWith(prefix)) {
      const path = index === 0 ? ["survivorId"] : ["loserIds", index - 1];
      throw ValidationError.forField(path, `${id} is not a ${entity.type}: only records of one type merge`, { id });
    }
  });
  input.loserIds.forEach((id, index) => {
    if (id === input.survivorId) {
      throw ValidationError.forField(["loserIds", index], `A record cannot be merged with itself (${id})`, { id });
    }
    if (input.loserIds.indexOf(id) !== index) {
      throw ValidationError.forField(["loserIds", index], `${id} is named twice`, { id });
    }
  });
}

/** The entity's own fields (the module's computed ones aside: they follow from the others) and the custom keys in use. */
function mergeableFields(entity: EntityDefinition<any, any, any>, records: readonly MergedRecord[]): string[] {
  const own = Object.entries(entity.fields as Record<string, { computed?: boolean }>)
    .filter(([, spec]) => !spec.computed)
    .map(([name]) => name);
  const customKeys = [...new Set(records.flatMap((r) => Object.keys(r.custom)))].sort();
  return [...own, ...customKeys.map((key) => `custom.${key}`)];
}

function assertKnownFields(input: PlanInput, fields: readonly string[], merged: readonly MergedRecord[]): void {
  const known = new Set(fields);
  for (const field of Object.keys(input.rules?.fields ?? {})) {
    if (!known.has(field)) {
      throw ValidationError.forField(["rules", "fields", field], `No field ${field} to merge`, { field });
    }
  }
  const ids = new Set(merged.map((r) => r.id));
  for (const [field, id] of Object.entries(input.overrides ?? {})) {
    if (!known.has(field))
      throw ValidationError.forField(["overrides", field], `No field ${field} to merge`, { field });
    if (!ids.has(id)) {
      throw ValidationError.forField(["overrides", field], `${id} is not one of the merged records`, { field, id });
    }
  }
}

/** Fields the actor may not see (in any of the records) or may not write: they keep the survivor's value. */
async function protectedFields(
  op: OperationContext,
  entity: EntityDefinition<any, any, any>,
  records: readonly MergedRecord[],
  fields: readonly string[],
): Promise<{ hidden: Set<string>; readOnly: Set<string> }> {
  const access = op.records(entity);
  const hidden = new Set<string>();
  for (const record of records) {
    const shown = (await access.shown(record as never)) as unknown as MergedRecord;
    for (const field of fields) {
      const isHidden = field.startsWith("custom.")
        ? Object.hasOwn(record.custom, field.slice(7)) && !Object.hasOwn(shown.custom ?? {}, field.slice(7))
        : Object.hasOwn(record, field) && !Object.hasOwn(shown, field);
      if (isHidden) hidden.add(field);
    }
  }
  const readOnly = new Set<string>();
  for (const field of fields) {
    if (hidden.has(field)) continue;
    const input = field.startsWith("custom.") ? { custom: { [field.slice(7)]: null } } : { [field]: null };
    try {
      await access.assertWritable(input);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      readOnly.add(field);
    }
  }
  return { hidden, readOnly };
}

function scopedOf(entity: EntityDefinition<any, any, any>, record: MergedRecord) {
  const owner = entity.ownerField ? (record[entity.ownerField] as string | null) : null;
  return { ownerId: owner, createdBy: record.createdBy as string, id: record.id };
}

async function relatedRecords(
  op: OperationContext,
  references: References,
  loserIds: readonly string[],
  merged: ReadonlySet<string>,
  type: string,
): Promise<RelatedRecord[]> {
  const found = new Map<
    string,
    { entityType: string; id: string; version: number; links: { field: string; from: string }[] }
  >();
  for (const reference of references.records) {
    let query = op.db
      .selectFrom(reference.entity.table)
      .select(["id", "version", `${reference.column} as link`])
      .where("tenant_id", "=", op.tenantId)
      .where(reference.column, "in", [...loserIds]);
    if (reference.typeColumn) query = query.where(reference.typeColumn, "=", type);
    for (const row of (await query.execute()) as { id: string; version: number | string; link: string }[]) {
      if (merged.has(row.id)) continue;
      const key = `${reference.entity.type}:${row.id}`;
      const entry = found.get(key) ?? {
        entityType: reference.entity.type,
        id: row.id,
        version: Number(row.version),
        links: [],
      };
      entry.links.push({ field: reference.field, from: row.link });
      found.set(key, entry);
    }
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function relatedRows(
  op: OperationContext,
  references: References,
  loserIds: readonly string[],
  type: string,
): Promise<PreparedMerge["rows"][number][]> {
  const result: PreparedMerge["rows"][number][] = [];
  for (const reference of references.rows) {
    for (const from of loserIds) {
      let query = op.db
        .selectFrom(reference.table)
        .selectAll()
        .where("tenant_id", "=", op.tenantId)
        .where(reference.column, "=", from);
      if (reference.typeColumn) query = query.where(reference.typeColumn, "=", type);
      const rows = (await query.execute()) as Record<string, unknown>[];
      if (rows.length > 0) result.push({ reference, from, rows });
    }
  }
  return result;
}
