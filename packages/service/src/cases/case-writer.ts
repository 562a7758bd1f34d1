import { createEntityService, idSchema, type OperationContext, parseInput, type ScopedRecord } from "@rapport/core";
import { boundContext } from "../shared/bound-context.js";
import type { CaseRow } from "../shared/service-tables.js";
import { loadForWrite, writeVersioned } from "../shared/versioned-write.js";
import { type Case, caseEntity } from "./case-entity.js";

/** A case row's scope for permission checks: its agent, else its creator. */
export function caseScope(row: Pick<CaseRow, "owner_id" | "created_by">): ScopedRecord {
  return { ownerId: row.owner_id, createdBy: row.created_by };
}

/** Loads a case for a verb: locked, version-checked, not archived. */
export function loadCase(op: OperationContext, id: string, expectedVersion?: number): Promise<CaseRow> {
  return loadForWrite<CaseRow>(op, "service_cases", "case", parseInput(idSchema("case"), id), expectedVersion);
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function fieldsOf(row: Readonly<Record<string, unknown>>, columns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [camel(column), row[column] ?? null]));
}

/**
 * Writes a verb's changes to a loaded case: bumps the version, and audits the changed fields
 * under `action`. Returns the row as written.
 */
export async function writeCase(
  op: OperationContext,
  before: CaseRow,
  changes: Partial<CaseRow>,
  action: string,
): Promise<CaseRow> {
  const version = await writeVersioned(op, "service_cases", "case", before.id, Number(before.version), changes);
  const columns = Object.keys(changes).filter(
    (column) => (changes as Record<string, unknown>)[column] !== (before as unknown as Record<string, unknown>)[column],
  );
  await op.audit({
    entityType: "case",
    entityId: before.id,
    action,
    before: fieldsOf(before as unknown as Record<string, unknown>, columns),
    after: fieldsOf(changes as Record<string, unknown>, columns),
  });
  return { ...before, ...changes, version, updated_at: op.timestamp, updated_by: op.actor.userId };
}

/** The case as the client returns it, read inside the operation's transaction. */
export function readCase(op: OperationContext, id: string): Promise<Case> {
  return createEntityService(boundContext(op), caseEntity).get(id);
}
