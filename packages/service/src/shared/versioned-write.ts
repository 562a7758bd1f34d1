import { ConflictError, InvalidTransitionError, NotFoundError, type OperationContext } from "@rapport/core";

/** The columns every record table has that domain verbs read and write. */
export interface RecordRow {
  id: string;
  version: number | string;
  archived_at: string | null;
}

/**
 * Loads a record row for a domain verb: locked for the transaction where the database can,
 * checked against the caller's `expectedVersion`, refused when archived.
 */
export async function loadForWrite<Row extends RecordRow>(
  op: OperationContext,
  table: string,
  entityType: string,
  id: string,
  expectedVersion?: number,
): Promise<Row> {
  let query = op.db.selectFrom(table).selectAll().where("tenant_id", "=", op.tenantId).where("id", "=", id);
  if (op.adapter.capabilities.rowLocking) query = query.forUpdate();
  const row = (await query.executeTakeFirst()) as Row | undefined;
  if (!row) throw new NotFoundError(entityType, id);
  const version = Number(row.version);
  if (expectedVersion !== undefined && expectedVersion !== version) {
    throw new ConflictError(
      `${entityType} ${id} is at version ${version}, not ${expectedVersion}; read it again and retry`,
      {
        details: { id, expectedVersion, actualVersion: version },
      },
    );
  }
  if (row.archived_at !== null)
    throw new InvalidTransitionError(`${entityType} ${id} is archived`, { details: { id } });
  return row;
}

/**
 * Writes `changes` to a record whose row is at `version`, bumping the version and the
 * updated stamps. Another writer in between makes it a `ConflictError`.
 */
export async function writeVersioned(
  op: OperationContext,
  table: string,
  entityType: string,
  id: string,
  version: number,
  changes: Readonly<Record<string, unknown>>,
): Promise<number> {
  const result = await op.db
    .updateTable(table)
    .set({ ...changes, version: version + 1, updated_at: op.timestamp, updated_by: op.actor.userId })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new ConflictError(`${entityType} ${id} was changed by someone else; read it again and retry`, {
      details: { id, expectedVersion: version },
    });
  }
  return version + 1;
}
