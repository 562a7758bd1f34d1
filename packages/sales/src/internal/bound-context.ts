import type { CoreClient, ModuleContext, OperationContext } from "@rapport/core";

/**
 * A module context whose calls run inside `op`'s transaction, so the generic entity
 * services compose with a verb's own SQL and commit (or roll back) with it.
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

/**
 * `op` with every permission check passing: for the writes a verb makes on behalf of a
 * caller it has already authorised (web-to-lead capture needs only `lead:capture`).
 * Audit rows and events still name the calling actor.
 */
export function privileged(op: OperationContext): OperationContext {
  return {
    ...op,
    authorize: async () => {},
    scopeOf: async () => "all",
    ownerScope: async () => ({ kind: "all" }),
  };
}

/** The core services (accounts, contacts, activities…) bound to `op`'s transaction. */
export function coreClient(op: OperationContext): CoreClient {
  return op.client() as CoreClient;
}
