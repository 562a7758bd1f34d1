import type { OperationContext } from "../kernel/operation-context.js";

/**
 * Serialises, within one tenant, the writes whose rule spans many rows (no loop in the
 * manager line, no double booking): a check-then-write that two transactions could
 * otherwise both pass. The lock is held until the transaction ends.
 */
export async function serializeTenantWrites(op: OperationContext): Promise<void> {
  await op.lock("people_and_calendar");
}
