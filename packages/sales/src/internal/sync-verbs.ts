import {
  boundContext,
  createEntityService,
  type EntityDefinition,
  type ModuleContext,
  type OperationContext,
  upsertByExternalKey,
} from "@rapport/core";
import { sameValue } from "@rapport/core/internals";
import type * as z from "zod";

/** The verbs an ERP sync needs of one record type: find it by another system's key, and upsert it. */
export interface SyncVerbs<R, CreateInput> {
  /** The record known to `system` as `externalId`, or `null`. */
  findByExternalId(system: string, externalId: string): Promise<R | null>;
  /**
   * Creates the record known to `system` as `externalId`, or updates it through the record's
   * own update verb when it exists; a repeat that changes nothing writes nothing (also on a
   * record whose state no longer takes updates, such as a sent quote). Keys the update does
   * not take must hold their current value (`ValidationError`).
   */
  upsertByExternalId(
    system: string,
    externalId: string,
    input: CreateInput,
  ): Promise<{ readonly record: R; readonly created: boolean }>;
}

/** How {@link syncVerbs} reaches one record type. */
export interface SyncSpec<R, Row> {
  readonly entity: EntityDefinition<any, any, any, any, any>;
  /** The stored record as the verbs return it (`toQuote`). @default the record as read */
  readonly view?: (op: OperationContext, row: Row) => R | Promise<R>;
  /** The update's schema; `null` when the record has no update (a repeat must then be the same). */
  readonly patchSchema: z.ZodType | null;
  readonly create: (op: OperationContext, input: Record<string, unknown>) => Promise<R>;
  readonly update?: (op: OperationContext, id: string, patch: Record<string, unknown>) => Promise<R>;
  /** The stored lines of a document created with `lines` (quotes, orders), oldest first. */
  readonly lines?: (op: OperationContext, id: string) => Promise<readonly object[]>;
}

/**
 * The stored lines as the input gave them: each line with only the keys its input line
 * named, so a repeat of the same lines compares equal. Lines change through the document's
 * line verbs, so other lines under an existing key are refused as a create-only value.
 */
function linesAsGiven(stored: readonly object[], given: unknown): unknown {
  if (!Array.isArray(given) || given.length !== stored.length) return stored;
  return stored.map((line, i) => {
    const input = given[i];
    if (typeof input !== "object" || input === null) return line;
    return Object.fromEntries(Object.keys(input).map((key) => [key, (line as Record<string, unknown>)[key]]));
  });
}

/** `findByExternalId` and `upsertByExternalId` of a sales record, built on its own verbs. */
export function syncVerbs<R, CreateInput, Row = R>(
  ctx: ModuleContext,
  spec: SyncSpec<R, Row>,
): SyncVerbs<R, CreateInput> {
  const records = (op: OperationContext) => createEntityService(boundContext(op), spec.entity);
  const view = async (op: OperationContext, row: unknown) => (spec.view ? spec.view(op, row as Row) : (row as R));
  return {
    findByExternalId: (system, externalId) =>
      ctx.read(async (op) => {
        const row = await records(op).findByExternalId(system, externalId);
        return row === null ? null : view(op, row);
      }),
    upsertByExternalId: (system, externalId, input) =>
      upsertByExternalKey(ctx, system, externalId, input, {
        patchSchema: spec.patchSchema,
        find: async (op, keySystem, key) => (await records(op).findByExternalId(keySystem, key))?.id ?? null,
        load: async (op, id) => {
          const record = (await records(op).get(id)) as Readonly<Record<string, unknown>>;
          const given = (input as { lines?: unknown }).lines;
          if (!spec.lines || given === undefined) return record;
          const stored = (await spec.lines(op, id)) as readonly { priceBookId?: unknown }[];
          // The book a document was priced from is kept on its lines.
          const priceBookId = Object.hasOwn(record, "priceBookId") ? record.priceBookId : stored[0]?.priceBookId;
          return { ...record, priceBookId, lines: linesAsGiven(stored, given) };
        },
        create: spec.create,
        update: async (op, id, patch) => {
          const current = (await records(op).get(id)) as Readonly<Record<string, unknown>>;
          const changes = Object.entries(patch).some(([key, value]) => !sameValue(value, current[key]));
          if (!changes || !spec.update) return view(op, current);
          return spec.update(op, id, patch);
        },
      }),
  };
}
