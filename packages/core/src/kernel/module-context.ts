import type { Actor } from "../permissions/actor.js";
import type { OperationContext } from "./operation-context.js";

/**
 * What a module's `client` factory receives: the actor and the means to run operations.
 * One context per scoped client.
 */
export interface ModuleContext<DB = any> {
  readonly actor: Actor;
  readonly tenantId: string;
  /** True when this client is bound to an open transaction (`transaction(fn)` or `withTransaction`). */
  readonly inTransaction: boolean;
  /**
   * Runs `fn` as one unit of work: in the bound transaction if there is one, otherwise in
   * a new transaction that commits when `fn` resolves — and only then are its events delivered.
   */
  run<T>(fn: (op: OperationContext<DB>) => Promise<T>): Promise<T>;
  /**
   * Runs a read. Outside a transaction it reads without opening one, so it is cheap;
   * `fn` MUST NOT write (`emit` and `audit` throw).
   */
  read<T>(fn: (op: OperationContext<DB>) => Promise<T>): Promise<T>;
}
