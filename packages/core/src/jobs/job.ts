import type { OperationContext } from "../kernel/operation-context.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";

/** What a job sees when `crm.jobs.runDue()` runs it. */
export interface JobContext<DB = any> {
  /** The injected clock's time for this run; "due" means due at or before it. */
  readonly now: Date;
  readonly adapter: StorageAdapter;
  /** Every tenant id, in order. */
  tenantIds(): Promise<string[]>;
  /** A client with every permission in `tenantId`, to do the work through public services. */
  system(tenantId: string): unknown;
  /** Runs `fn` as one unit of work of the system actor in `tenantId`: its events are delivered after commit. */
  run<T>(tenantId: string, fn: (op: OperationContext<DB>) => Promise<T>): Promise<T>;
}

/**
 * Time-based work a module owns (SLA timers, reminders, renewals). `run` MUST be
 * idempotent and safe when two processes call `runDue` at once: claim work with a
 * conditional update so each item is handled exactly once.
 */
export interface JobDefinition<DB = any> {
  /** Unique across modules, e.g. `"sales.quote_expiry"`. */
  readonly name: string;
  /** Does what is due at `ctx.now`; returns how many items it handled. */
  run(ctx: JobContext<DB>): Promise<number>;
}

/** The outcome of one `runDue()` call, job by job. */
export interface JobRunReport {
  readonly ranAt: string;
  readonly jobs: readonly { name: string; handled: number }[];
}
