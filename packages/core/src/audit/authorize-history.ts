import { columnOf, type FieldSpec } from "../entities/fields.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { Permission } from "../permissions/permission-catalog.js";
import { permissionDenied, type ScopedRecord } from "../permissions/policy.js";

/** The owner fields of an entity's record, or `null` when no such record is in the tenant. */
async function scopedRecord(op: OperationContext, entityType: string, id: string): Promise<ScopedRecord | null> {
  const definition = op.entityDefinition(entityType);
  if (!definition) return null;
  const owner = definition.ownerField;
  const ownerColumn = owner ? columnOf(owner, definition.fields[owner] as FieldSpec) : null;
  const row = (await op.db
    .selectFrom(definition.table)
    .select(["created_by"])
    .$if(ownerColumn !== null, (q) => q.select(`${ownerColumn} as owner_id`))
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .executeTakeFirst()) as { created_by: string; owner_id?: string | null } | undefined;
  return row ? { ownerId: row.owner_id ?? null, createdBy: row.created_by, id } : null;
}

/**
 * Throws `ForbiddenError` unless the actor may read the history of this record: `audit:read`
 * and `<type>:read` on the record, both checked as `get` checks them (own, team, shares).
 * Returns false when the entity's record is not in the tenant (nothing to show). Types
 * without an entity definition (users) need `<type>:read` in `all` scope — or, when no
 * module declares that permission, `audit:read` in `all` scope.
 */
export async function authorizeHistory(op: OperationContext, entityType: string, id: string): Promise<boolean> {
  await op.authorize("audit:read");
  const read = `${entityType}:read` as Permission;
  if (op.entityDefinition(entityType)) {
    const record = await scopedRecord(op, entityType, id);
    if (record === null) return false;
    await op.authorize("audit:read", record);
    await op.authorize(read, record);
    return true;
  }
  const policy = await op.policy();
  const needed: Permission = policy.isKnown(read) ? read : "audit:read";
  if ((await op.scopeOf(needed)) !== "all") throw permissionDenied(op.actor, needed);
  return true;
}
