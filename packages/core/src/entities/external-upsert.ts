import * as z from "zod";
import { sameValue } from "../audit/diff.js";
import { DuplicateError, ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseExternalKey } from "../schemas/external-key.js";

/** What {@link upsertByExternalKey} needs of a module's own verbs. */
export interface ExternalUpsertVerbs<R> {
  /**
   * The schema of the record's update. An existing record is patched with the keys of the
   * create input it takes; every other key must hold the record's current value
   * (`ValidationError` otherwise: updates cannot change it). `null` when the record has no
   * update: then every key must hold its current value, and a repeat is a no-op.
   */
  readonly patchSchema: z.ZodType | null;
  /** The record's id for the key, or `null`. */
  readonly find: (op: OperationContext, system: string, externalId: string) => Promise<string | null>;
  /** Reads the record (for the keys the patch does not take). */
  readonly load: (op: OperationContext, id: string) => Promise<Readonly<Record<string, unknown>>>;
  /** Creates the record from the create input, which now carries the external key. */
  readonly create: (op: OperationContext, input: Record<string, unknown>) => Promise<R>;
  /** Applies the patch to the existing record (no patch: the record as it is). */
  readonly update: (op: OperationContext, id: string, patch: Record<string, unknown>) => Promise<R>;
}

/**
 * The idempotent write of a sync: the record known to `system` as `externalId` is created
 * from `input` (with the key) or, when it exists, updated with it through the module's own
 * verbs — so their rules, audit and events apply, and a repeat that changes nothing writes
 * nothing. Safe under concurrent calls with the same key: the loser of the race updates.
 *
 * @example
 * ```ts
 * upsertByExternalId: (system, externalId, input) =>
 *   upsertByExternalKey(ctx, system, externalId, input, { patchSchema: updateQuoteSchema, find, load, create, update }),
 * ```
 */
export async function upsertByExternalKey<R>(
  ctx: ModuleContext,
  system: unknown,
  externalId: unknown,
  input: unknown,
  verbs: ExternalUpsertVerbs<R>,
): Promise<{ record: R; created: boolean }> {
  const key = parseExternalKey(system, externalId);
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw ValidationError.forField([], "The input is an object");
  const values = input as Record<string, unknown>;
  const attempt = () =>
    ctx.run(async (op) => {
      const id = await verbs.find(op, key.system, key.externalId);
      if (id === null) {
        const externalIds = { ...(values.externalIds as object | undefined), [key.system]: key.externalId };
        return { record: await verbs.create(op, { ...values, externalIds }), created: true };
      }
      const patch = await patchOfCreateInput(verbs.patchSchema, values, () => verbs.load(op, id));
      return { record: await verbs.update(op, id, patch), created: false };
    });
  try {
    return await attempt();
  } catch (error) {
    // A concurrent upsert inserted the same key between our lookup and insert: it exists now.
    if (error instanceof DuplicateError && !ctx.inTransaction) return attempt();
    throw error;
  }
}

/**
 * The patch an upsert applies to an existing record: its create input, less the keys the
 * patch schema does not take (a member's `accountId`) when they hold the record's current
 * value. Such a key with another value is a `ValidationError`: updates cannot change it.
 */
export async function patchOfCreateInput(
  patchSchema: z.ZodType | null,
  input: Readonly<Record<string, unknown>>,
  load: () => Promise<Readonly<Record<string, unknown>>>,
): Promise<Record<string, unknown>> {
  const shape =
    patchSchema === null
      ? {}
      : patchSchema instanceof z.ZodObject
        ? (patchSchema.shape as Record<string, unknown>)
        : null;
  if (shape === null) return { ...input };
  const patch: Record<string, unknown> = {};
  // Read only when the input names a create-only key (the update reads the record again, locked).
  let current: Readonly<Record<string, unknown>> | undefined;
  for (const [key, value] of Object.entries(input)) {
    if (Object.hasOwn(shape, key)) {
      patch[key] = value;
      continue;
    }
    current ??= await load();
    if (!sameValue(value, current[key])) {
      throw ValidationError.forField([key], `${key} cannot be changed once the record exists`);
    }
  }
  return patch;
}
