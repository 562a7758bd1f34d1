import { DuplicateError, type ModuleContext, type OperationContext } from "@rapport/core";
import type { SalesErrorReason } from "../errors.js";

/** How often a write retries after losing a race for its idempotency key. */
const KEY_RACE_RETRIES = 3;

/**
 * Runs `write` in a transaction, and again when it lost the race for its idempotency key to
 * a concurrent call that committed first — the retry then finds that call's result and
 * replays it. Inside a caller's transaction the failed insert has spoiled the transaction
 * (PostgreSQL), so there the caller must retry.
 */
export async function retryingKeyRace<T>(ctx: ModuleContext, write: (op: OperationContext) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.run(write);
    } catch (error) {
      const lostRace = error instanceof DuplicateError && error.details.reason === "idempotency_key_in_flight";
      if (!lostRace || ctx.inTransaction || attempt >= KEY_RACE_RETRIES) throw error;
    }
  }
}

/**
 * Inserts the row that claims an idempotency key, before any other write: a concurrent call
 * with the same key waits on it, then fails as `idempotency_key_in_flight` (a `DuplicateError`)
 * for {@link retryingKeyRace} to replay.
 */
export async function claimIdempotencyKey(
  op: OperationContext,
  what: string,
  key: string | null,
  insertClaim: () => Promise<unknown>,
): Promise<void> {
  try {
    await insertClaim();
  } catch (error) {
    if (!op.adapter.isUniqueViolation(error)) throw error;
    throw new DuplicateError(`A ${what} with idempotency key "${key}" is being written`, {
      details: { reason: "idempotency_key_in_flight" satisfies SalesErrorReason, idempotencyKey: key },
      cause: error,
    });
  }
}
