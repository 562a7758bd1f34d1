import type { Transaction } from "kysely";
import { diffRecords } from "../audit/diff.js";
import type { CrmEvent } from "../events/event-types.js";
import type { Actor } from "../permissions/actor.js";
import { NotFoundError } from "./errors.js";
import type { Kernel } from "./kernel.js";
import type { AuditEntry } from "./operation-context.js";

/** Rows per multi-row INSERT, well under both databases' bound-parameter limits. */
const ROWS_PER_INSERT = 1_000;

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
  #pending: PendingEvent[] = [];
  #flushed: CrmEvent[] = [];

  constructor(kernel: Kernel, trx: Transaction<any>, tenantId: string) {
    this.#kernel = kernel;
    this.trx = trx;
    this.tenantId = tenantId;
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
    const rows = entries.map((entry) => ({
      tenant_id: this.tenantId,
      id: this.#kernel.ids.next("aud"),
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      actor_id: actor.userId,
      at,
      changes: JSON.stringify(diffRecords(entry.before, entry.after)),
    }));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await this.trx
        .insertInto("rapport_audit_log")
        .values(rows.slice(start, start + ROWS_PER_INSERT))
        .execute();
    }
  }

  /** Writes queued events to the change feed under the feed lock. Safe to call more than once. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    await this.#kernel.adapter.lock(this.trx, "rapport_change_feed");
    const top = await this.trx
      .selectFrom("rapport_change_feed")
      .select((eb) => eb.fn.max<number | string | null>("seq").as("seq"))
      .executeTakeFirst();
    const base = Number(top?.seq ?? 0);
    const events = pending.map((e, i): CrmEvent => ({ ...e, seq: base + i + 1, tenantId: this.tenantId }));
    const rows = events.map((e) => ({
      tenant_id: e.tenantId,
      seq: e.seq,
      event_id: e.id,
      type: e.type,
      actor_id: e.actorId,
      occurred_at: e.occurredAt,
      data: JSON.stringify(e.data ?? null),
    }));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await this.trx
        .insertInto("rapport_change_feed")
        .values(rows.slice(start, start + ROWS_PER_INSERT))
        .execute();
    }
    this.#flushed.push(...events);
  }
}
