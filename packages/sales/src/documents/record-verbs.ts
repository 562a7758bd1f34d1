import {
  ConflictError,
  createEntityService,
  type EntityDefinition,
  type EntityRecord,
  type FieldSpec,
  InvalidTransitionError,
  idSchema,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { boundContext } from "../internal/bound-context.js";

type AnyEntity<F extends Record<string, FieldSpec>> = EntityDefinition<F, any, any>;

/** A column set beside the entity's fields (one a module added to another's table), audited under `field`. */
export interface ExtraColumn {
  readonly field: string;
  readonly column: string;
  readonly before: unknown;
  readonly after: unknown;
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function columnValue(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (spec.kind === "boolean") return value ? 1 : 0;
  if (spec.kind === "json") return JSON.stringify(value);
  return value;
}

/**
 * Loads a record a verb will change: locks its row where the database can, checks the
 * actor may read it (`NotFoundError`/`ForbiddenError`), that `expectedVersion` is current
 * (`ConflictError`) and that it is not archived (`InvalidTransitionError`).
 */
export async function loadForChange<F extends Record<string, FieldSpec>>(
  op: OperationContext,
  entity: AnyEntity<F>,
  id: string,
  expectedVersion?: number,
): Promise<EntityRecord<F>> {
  const parsedId = parseInput(idSchema(entity.idPrefix), id);
  const record = await createEntityService(boundContext(op), entity).getForUpdate(parsedId);
  if (expectedVersion !== undefined && expectedVersion !== record.version) {
    throw new ConflictError(
      `${entity.type} ${parsedId} is at version ${record.version}, not ${expectedVersion}; read it again and retry`,
      { details: { id: parsedId, expectedVersion, actualVersion: record.version } },
    );
  }
  if (record.archivedAt !== null) {
    throw new InvalidTransitionError(`${entity.type} ${parsedId} is archived`, { details: { id: parsedId } });
  }
  return record;
}

/**
 * Writes a verb's changes to a record loaded with {@link loadForChange}, if nobody changed
 * it meanwhile: bumps the version, audits the verb as `action` and emits `<type>.updated`
 * with the changed fields. Returns the record as it now is.
 */
export async function writeChanges<F extends Record<string, FieldSpec>>(
  op: OperationContext,
  entity: AnyEntity<F>,
  before: EntityRecord<F>,
  changes: Partial<EntityRecord<F>>,
  action: string,
  extra: readonly ExtraColumn[] = [],
): Promise<EntityRecord<F>> {
  const after = {
    ...before,
    ...changes,
    version: before.version + 1,
    updatedAt: op.timestamp,
    updatedBy: op.actor.userId,
  } as EntityRecord<F>;
  const set: Record<string, unknown> = {
    version: after.version,
    updated_at: op.timestamp,
    updated_by: op.actor.userId,
  };
  for (const [name, value] of Object.entries(changes)) {
    const spec = entity.fields[name];
    if (spec) set[spec.column ?? snakeCase(name)] = columnValue(spec, value);
  }
  for (const column of extra) set[column.column] = column.after;
  const result = await op.db
    .updateTable(entity.table)
    .set(set)
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .where("version", "=", before.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new ConflictError(`${entity.type} ${before.id} was changed by someone else; read it again and retry`, {
      details: { id: before.id, expectedVersion: before.version },
    });
  }
  const asFields = (record: EntityRecord<F>, side: "before" | "after") => ({
    ...(record as unknown as Record<string, unknown>),
    ...Object.fromEntries(extra.map((column) => [column.field, column[side]])),
  });
  await op.audit({
    entityType: entity.type,
    entityId: before.id,
    action,
    before: asFields(before, "before"),
    after: asFields(after, "after"),
  });
  const beforeFields = before as unknown as Record<string, unknown>;
  const afterFields = after as unknown as Record<string, unknown>;
  const changed = [
    ...Object.keys(changes).filter((k) => JSON.stringify(beforeFields[k]) !== JSON.stringify(afterFields[k])),
    ...extra.filter((column) => column.before !== column.after).map((column) => column.field),
  ];
  op.emit(`${entity.type}.updated`, { id: after.id, version: after.version, changed });
  return after;
}
