import { ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";

/**
 * Whether a failed link lookup means "no such record for this caller" (not found, not
 * visible, not even a well-formed id) — which a verb reports as bad input — rather than a
 * failure of the database, which must reach the caller as it is.
 */
export function isMissing(error: unknown): boolean {
  return error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof ValidationError;
}

/** `null` for a missing link (see {@link isMissing}); any other failure is rethrown. */
export function nullWhenMissing(error: unknown): null {
  if (isMissing(error)) return null;
  throw error;
}
