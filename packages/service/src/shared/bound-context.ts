import type { ModuleContext, OperationContext } from "@rapport/core";

/**
 * A module context whose `run` and `read` join the given operation, so the standard
 * entity services (`createEntityService`) read and write inside the caller's transaction.
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
