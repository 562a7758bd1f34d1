import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";

/**
 * A module context whose calls run inside `op` (same transaction, clock reading and
 * events), so a service can compose the generic entity service with its own writes.
 */
export function boundContext(op: OperationContext): ModuleContext {
  return {
    actor: op.actor,
    tenantId: op.tenantId,
    inTransaction: true,
    run: (fn) => fn(op),
    read: (fn) => fn(op),
  };
}
