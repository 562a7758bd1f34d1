import { AsyncLocalStorage } from "node:async_hooks";
import { sql, type Transaction } from "kysely";
import type { Actor } from "../permissions/actor.js";
import { inNewTransaction } from "../storage/new-transaction.js";
import { CrmError } from "./errors.js";
import type { Kernel } from "./kernel.js";
import { createOperation } from "./operation.js";
import type { OperationContext } from "./operation-context.js";
import { toCrmErrorOf } from "./storage-errors.js";
import { UnitOfWork } from "./unit-of-work.js";

/** The kernel whose transaction the current async call chain runs inside, if any. */
const openTransaction = new AsyncLocalStorage<Kernel>();

/**
 * Runs `fn` marked as inside a transaction of `kernel`, so a client that is not bound to it
 * fails fast instead of waiting for a connection the transaction holds (SQLite has one).
 */
export function insideTransaction<T>(kernel: Kernel, fn: () => Promise<T>): Promise<T> {
  return openTransaction.run(kernel, fn);
}

function refuseUnboundCall(kernel: Kernel): void {
  if (openTransaction.getStore() === kernel) {
    throw new CrmError(
      "TRANSACTION_MISUSE",
      "A client outside the open transaction was called inside it: use the client that transaction(fn) passes to fn (or op.client() in module code)",
    );
  }
}

/** How a scope relates to a transaction: none (each call commits alone), Rapport's own, or the host's. */
export type Binding =
  | { kind: "none" }
  | { kind: "own"; uow: UnitOfWork }
  | { kind: "host"; uow: UnitOfWork; trx: Transaction<any> };

/**
 * The runtime behind one scoped client: an actor, and the transaction (if any) its calls join.
 * `clientFor` builds the public client for a derived scope (inside `transaction`).
 */
export class Scope {
  readonly kernel: Kernel;
  readonly actor: Actor;
  readonly #binding: Binding;
  readonly #clientFor: (scope: Scope) => unknown;
  /** Whether permission checks pass in this scope's operations (see `op.asSystem()`). */
  readonly #privileged: boolean;
  // The scope's client, built on first use: a verb may ask for it once per line or per peer read.
  #client: unknown;
  // The privileged twin of this scope, same actor and transaction, made on first `op.asSystem()`.
  #system: Scope | undefined;

  constructor(
    kernel: Kernel,
    actor: Actor,
    clientFor: (scope: Scope) => unknown,
    binding: Binding = { kind: "none" },
    privileged = false,
  ) {
    this.kernel = kernel;
    this.actor = actor;
    this.#clientFor = clientFor;
    this.#binding = binding;
    this.#privileged = privileged;
  }

  get inTransaction(): boolean {
    return this.#binding.kind !== "none";
  }

  /**
   * Runs `fn` in the bound transaction, or in a new one whose events are delivered after commit.
   * Whatever escapes is a `CrmError` (see {@link toCrmErrorOf}).
   */
  async run<T>(fn: (op: OperationContext) => Promise<T>): Promise<T> {
    const binding = this.#binding;
    if (binding.kind === "none") return this.#inNewTransaction((uow, scope) => fn(this.#operation(uow, scope)));
    try {
      if (binding.kind === "own") return await fn(this.#operation(binding.uow, this));
      await binding.uow.ensureTenant();
      const result = await fn(this.#operation(binding.uow, this));
      // The host commits, so the feed rows must be written before each call returns.
      await binding.uow.flush();
      return result;
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** Runs a read in the bound transaction, or straight on the database without one. Whatever escapes is a `CrmError`. */
  async read<T>(fn: (op: OperationContext) => Promise<T>): Promise<T> {
    if (this.#binding.kind === "none") refuseUnboundCall(this.kernel);
    const uow = this.#binding.kind === "none" ? undefined : this.#binding.uow;
    try {
      return await fn(this.#operation(uow, this));
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /**
   * Groups calls into one transaction; joins the bound one when there is one. The database's
   * failures (a commit losing a serialization race) become `CrmError`s; an error the
   * caller's own `fn` throws passes through as it is.
   */
  async transaction<T>(fn: (client: any) => Promise<T>): Promise<T> {
    if (this.#binding.kind !== "none") return fn(this.#clientOf(this));
    return this.#inNewTransaction((_uow, scope) => fn(this.#clientOf(scope)), true);
  }

  /** A scope bound to a transaction the host opened and will commit. */
  bindHost(trx: Transaction<any>): Scope {
    const uow = new UnitOfWork(this.kernel, trx, this.actor.tenantId);
    return new Scope(this.kernel, this.actor, this.#clientFor, { kind: "host", uow, trx }, this.#privileged);
  }

  /**
   * For host-bound scopes: delivers the events of the work done so far if the host's
   * transaction committed (their feed rows are visible), or drops them if it rolled back.
   * Returns how many were delivered. Throws `TRANSACTION_OPEN`, keeping the events for a
   * later call, while the host's transaction is still open.
   */
  async afterCommit(): Promise<number> {
    if (this.#binding.kind !== "host") return 0;
    const { uow, trx } = this.#binding;
    // Asked before the feed is read: on SQLite the open transaction holds the only connection.
    await this.#refuseOpen(trx);
    const events = uow.events;
    uow.clearEvents();
    if (events.length === 0) return 0;
    const found = await this.kernel.adapter.db
      .selectFrom("rapport_change_feed")
      .select("event_id")
      .where("tenant_id", "=", uow.tenantId)
      .where("event_id", "=", events[0]?.id ?? "")
      .executeTakeFirst();
    if (!found) return 0;
    this.kernel.bus.deliver(events);
    return events.length;
  }

  /**
   * Throws `TRANSACTION_OPEN` unless `trx` has ended. A transaction that ended refuses
   * statements (Kysely's and the adapters' own); one still open runs them, or fails with
   * the database's error when it is open but aborted.
   */
  async #refuseOpen(trx: Transaction<any>): Promise<void> {
    let failure: unknown;
    try {
      await sql`select 1`.execute(trx);
    } catch (error) {
      // Not the database's error: the transaction refused the statement because it ended.
      if (this.kernel.adapter.classifyError?.(error) === undefined) return;
      failure = error;
    }
    throw new CrmError(
      "TRANSACTION_OPEN",
      "afterCommit() was called while the host's transaction is still open: call it after the transaction commits or rolls back",
      failure === undefined ? {} : { cause: failure },
    );
  }

  /**
   * Runs `fn` in a new transaction and delivers its events after the commit. Failures of
   * the transaction become `CrmError`s; with `passThrough`, errors that are not the
   * database's (thrown by the host's own `fn`) keep their identity.
   */
  async #inNewTransaction<T>(fn: (uow: UnitOfWork, scope: Scope) => Promise<T>, passThrough = false): Promise<T> {
    refuseUnboundCall(this.kernel);
    let committed: UnitOfWork | undefined;
    let result: T;
    try {
      result = await inNewTransaction(this.kernel.adapter, (trx) =>
        insideTransaction(this.kernel, async () => {
          const uow = new UnitOfWork(this.kernel, trx, this.actor.tenantId);
          await uow.ensureTenant();
          const scope = new Scope(this.kernel, this.actor, this.#clientFor, { kind: "own", uow });
          const value = await fn(uow, scope);
          await uow.flush();
          committed = uow;
          return value;
        }),
      );
    } catch (error) {
      if (passThrough && this.kernel.adapter.classifyError?.(error) === undefined) throw error;
      throw this.#failure(error);
    }
    if (committed) this.kernel.bus.deliver(committed.events);
    return result;
  }

  /** The `CrmError` a failure escaping a scoped call becomes. */
  #failure(error: unknown): CrmError {
    return toCrmErrorOf(this.kernel.adapter, error);
  }

  #clientOf(scope: Scope): unknown {
    scope.#client ??= this.#clientFor(scope);
    return scope.#client;
  }

  #operation(uow: UnitOfWork | undefined, scope: Scope): OperationContext {
    return createOperation({
      kernel: this.kernel,
      actor: this.actor,
      tenantId: this.actor.tenantId,
      uow,
      client: () => this.#clientOf(scope),
      privileged: scope.#privileged,
      asSystem: () => {
        const system = scope.#asSystem();
        return system.#operation(uow, system);
      },
    });
  }

  /** This scope with permission checks passing, in the same transaction. */
  #asSystem(): Scope {
    if (this.#privileged) return this;
    this.#system ??= new Scope(this.kernel, this.actor, this.#clientFor, this.#binding, true);
    return this.#system;
  }
}
