import type { Transaction } from "kysely";
import type { AnyModule, ModuleDefinition } from "../kernel/define-module.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { Scope } from "../kernel/scope.js";
import type { Actor } from "../permissions/actor.js";
import { CORE_SERVICES, type CoreServices } from "./core-services.js";

/** What every scoped client has, whatever modules are installed. */
export interface CoreClient extends CoreServices {
  /** Who this client acts as. */
  readonly actor: Actor;
  readonly tenantId: string;
  /**
   * Runs `fn` as one transaction: every call on `tx` commits together or not at all, and
   * events are delivered only after the commit. Nested calls join the outer transaction.
   *
   * @example
   * ```ts
   * await alice.transaction(async (tx) => {
   *   const acct = await tx.accounts.create({ name: "Globex" });
   *   await tx.accounts.update(acct.id, { industry: "Energy" });
   * });
   * ```
   */
  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T>;
  /**
   * Binds this client to a transaction the host opened on the same database with Kysely,
   * so the host's writes and Rapport's commit or roll back together. After the host's
   * transaction settles, call `afterCommit()` on the returned client to deliver the events.
   */
  withTransaction(trx: Transaction<any>): this & HostTransactionControls;
}

/** Extra controls of a client bound to the host's transaction. */
export interface HostTransactionControls {
  /**
   * Delivers the events of the work done through this client, if the host's transaction
   * committed; drops them if it rolled back. MUST be called after the transaction settled.
   * Returns how many events were delivered.
   */
  afterCommit(): Promise<number>;
}

/** The clients of the given modules, keyed by module name. Modules without a client add nothing. */
export type ModuleClients<M extends readonly AnyModule[]> = {
  readonly [K in M[number] as K extends ModuleDefinition<infer N, infer C, any>
    ? [C] extends [undefined]
      ? never
      : N
    : never]: K extends ModuleDefinition<any, infer C, any> ? C : never;
};

/** A client acting as one actor in one tenant, with a key per installed module (`client.sales`). */
export type ScopedClient<M extends readonly AnyModule[] = readonly []> = CoreClient & ModuleClients<M>;

/** Names a module may not take, because the core client uses them. */
export const RESERVED_CLIENT_KEYS: ReadonlySet<string> = new Set([
  "actor",
  "tenantId",
  "transaction",
  "withTransaction",
  "afterCommit",
  ...Object.keys(CORE_SERVICES),
]);

/** Builds the public client over a scope; services are made on first use. */
export function buildClient(scope: Scope, modules: readonly AnyModule[]): CoreClient {
  const ctx: ModuleContext = {
    actor: scope.actor,
    tenantId: scope.actor.tenantId,
    inTransaction: scope.inTransaction,
    run: (fn) => scope.run(fn),
    read: (fn) => scope.read(fn),
  };
  const client: Record<string, unknown> = {
    actor: scope.actor,
    tenantId: scope.actor.tenantId,
    transaction: (fn: (tx: unknown) => Promise<unknown>) => scope.transaction(fn),
    withTransaction: (trx: Transaction<any>) => {
      const bound = scope.bindHost(trx);
      return Object.assign(buildClient(bound, modules), { afterCommit: () => bound.afterCommit() });
    },
  };
  for (const [key, make] of Object.entries(CORE_SERVICES)) lazy(client, key, () => make(ctx));
  for (const module of modules) {
    const factory = module.client;
    if (factory) lazy(client, module.name, () => factory(ctx));
  }
  return client as unknown as CoreClient;
}

function lazy(target: Record<string, unknown>, key: string, make: () => unknown): void {
  let value: unknown;
  let made = false;
  Object.defineProperty(target, key, {
    enumerable: true,
    get() {
      if (!made) {
        value = make();
        made = true;
      }
      return value;
    },
  });
}

// The kernel's `op.client()` returns the core client: the shared records add it here, so the kernel imports none of them.
declare module "@rapport/core" {
  interface OperationClient extends CoreClient {}
}
