import type { Transaction } from "kysely";
import { diffJson } from "../audit/diff.js";
import type { CrmEvent } from "../events/event-types.js";
import type { Actor } from "../permissions/actor.js";
import { insertValues, runCompiled, type StatementTarget } from "../storage/compiled-statements.js";
import { NotFoundError } from "./errors.js";
import type { Kernel } from "./kernel.js";
import type { AuditEntry } from "./operation-context.js";

/** Audit and feed rows per multi-row INSERT, well under both databases' bound-parameter limits. */
const LOG_ROWS_PER_INSERT = 1_000;

const AUDIT_COLUMNS = ["tenant_id", "id", "entity_type", "entity_id", "action", "actor_id", "at", "changes"];
const FEED_COLUMNS = ["tenant_id", "seq", "event_id", "type", "actor_id", "occurred_at", "data"];

interface PendingEvent {
  readonly id: string;
  readonly type: string;
  readonly actorId: string;
  readonly occurredAt: string;
  readonly data: unknown;
}

/**
 * One database transaction's worth of Rapport work: it queues events and writes them to
 * the change feed at `flush`, just before commit, so feed order is commit order.
 */
export class UnitOfWork {
  readonly trx: Transaction<any>;
  readonly tenantId: string;
  readonly #kernel: Kernel;
  readonly #target: StatementTarget;
  #pending: PendingEvent[] = [];
  #flushed: CrmEvent[] = [];

  constructor(kernel: Kernel, trx: Transaction<any>, tenantId: string) {
    this.#kernel = kernel;
    this.trx = trx;
    this.tenantId = tenantId;
    this.#target = { adapter: kernel.adapter, db: trx };
  }

  /** Events written to the feed so far, in order, ready to deliver after commit. */
  get events(): readonly CrmEvent[] {
    return this.#flushed;
  }

  /** Forgets flushed events (after they were delivered or found rolled back). */
  clearEvents(): void {
    this.#flushed = [];
  }

  /** Fails with `NotFoundError` when the tenant does not exist. */
  async ensureTenant(): Promise<void> {
    if (this.#kernel.knownTenants.has(this.tenantId)) return;
    const row = await this.trx
      .selectFrom("rapport_tenants")
      .select("tenant_id")
      .where("tenant_id", "=", this.tenantId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError("tenant", this.tenantId);
    this.#kernel.knownTenants.add(this.tenantId);
  }

  emit(actor: Actor, occurredAt: string, type: string, data: unknown): void {
    this.#pending.push({ id: this.#kernel.ids.next("evt"), type, actorId: actor.userId, occurredAt, data });
  }

  /** Writes audit rows in multi-row statements. */
  async audit(actor: Actor, at: string, entries: readonly AuditEntry[]): Promise<void> {
    const values: unknown[] = [];
    for (const entry of entries) {
      values.push(
        this.tenantId,
        this.#kernel.ids.next("aud"),
        entry.entityType,
        entry.entityId,
        entry.action,
        actor.userId,
        at,
        entry.changes ? JSON.stringify(entry.changes) : diffJson(entry.before, entry.after),
      );
    }
    await insertValues(this.#target, "rapport_audit_log", AUDIT_COLUMNS, values, LOG_ROWS_PER_INSERT);
  }

  /** Writes queued events to the change feed under the feed lock. Safe to call more than once. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    await this.#kernel.adapter.lock(this.trx, "rapport_change_feed");
    const top = await runCompiled<{ seq: number | string | null }>(this.#target, "feed:max-seq", [], () =>
      this.trx.selectFrom("rapport_change_feed").select((eb) => eb.fn.max<number | string | null>("seq").as("seq")),
    );
    const base = Number(top.rows[0]?.seq ?? 0);
    const events: CrmEvent[] = [];
    const values: unknown[] = [];
    for (const e of pending) {
      const seq = base + events.length + 1;
      events.push({
        id: e.id,
        type: e.type,
        actorId: e.actorId,
        occurredAt: e.occurredAt,
        data: e.data,
        seq,
        tenantId: this.tenantId,
      });
      values.push(this.tenantId, seq, e.id, e.type, e.actorId, e.occurredAt, JSON.stringify(e.data ?? null));
    }
    await insertValues(this.#target, "rapport_change_feed", FEED_COLUMNS, values, LOG_ROWS_PER_INSERT);
    this.#flushed.push(...events);
  }
}
