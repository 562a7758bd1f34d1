import type * as z from "zod";

/** Stable machine-readable codes of the kernel's errors. Modules add their own codes with the same shape. */
export type CrmErrorCode =
  | "VALIDATION_FAILED"
  | "NOT_FOUND"
  | "VERSION_CONFLICT"
  | "FORBIDDEN"
  | "INVALID_TRANSITION"
  | "DUPLICATE"
  | "IDEMPOTENCY_KEY_REUSED"
  | (string & {});

/** Options shared by every {@link CrmError}. */
export interface CrmErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** Structured, serialisable facts about the failure (ids, versions, fields). */
  details?: Record<string, unknown>;
}

/**
 * Base class of every domain failure Rapport throws. `code` is stable across
 * releases and safe to branch on; `message` is for people.
 */
export class CrmError extends Error {
  override readonly name: string = "CrmError";
  readonly code: CrmErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: CrmErrorCode, message: string, options: CrmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** One problem found in an input: zod's issue, kept as zod reported it. */
export type ValidationIssue = z.core.$ZodIssue;

/** Input failed validation. `issues` lists each problem with its `path` and `message`. Nothing was written. */
export class ValidationError extends CrmError {
  override readonly name = "ValidationError";
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], message?: string, options: CrmErrorOptions = {}) {
    super("VALIDATION_FAILED", message ?? summariseIssues(issues), options);
    this.issues = issues;
  }

  /** A validation error about a single field, for checks zod cannot express (a row that must exist, a rule across records). */
  static forField(path: readonly PropertyKey[], message: string, details?: Record<string, unknown>): ValidationError {
    const issue = { code: "custom", path: [...path], message, input: undefined } as ValidationIssue;
    return new ValidationError([issue], undefined, details ? { details } : {});
  }
}

/** The record does not exist in the actor's tenant (or was never visible to them). */
export class NotFoundError extends CrmError {
  override readonly name = "NotFoundError";
  constructor(entityType: string, id: string, options: CrmErrorOptions = {}) {
    super("NOT_FOUND", `${entityType} ${id} was not found`, {
      ...options,
      details: { entityType, id, ...options.details },
    });
  }
}

/**
 * The record changed since the caller read it: `expectedVersion` is stale, or a conditional
 * write found another writer first. Re-read and retry. Code `VERSION_CONFLICT`, which means
 * exactly this: other conflicts have codes of their own, so a retry loop on it ends.
 */
export class ConflictError extends CrmError {
  override readonly name = "ConflictError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("VERSION_CONFLICT", message, options);
  }
}

/** The actor lacks the permission (or the record is outside their scope). */
export class ForbiddenError extends CrmError {
  override readonly name = "ForbiddenError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("FORBIDDEN", message, options);
  }
}

/** A domain verb is not allowed from the record's current state (a closed case, a won opportunity). */
export class InvalidTransitionError extends CrmError {
  override readonly name = "InvalidTransitionError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("INVALID_TRANSITION", message, options);
  }
}

/** A record with the same unique key already exists (SKU, external id, idempotency key). */
export class DuplicateError extends CrmError {
  override readonly name = "DuplicateError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("DUPLICATE", message, options);
  }
}

/**
 * An idempotency key was used before with a different request. Code `IDEMPOTENCY_KEY_REUSED`;
 * `details.idempotencyKey` names it. Nothing was written, and retrying the same call can never
 * succeed: send the original request again (which replays its result) or use a new key.
 */
export class IdempotencyKeyError extends CrmError {
  override readonly name = "IdempotencyKeyError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("IDEMPOTENCY_KEY_REUSED", message, options);
  }
}

/** Formats issues as `path: message` lines; a separate helper so `issues` stay zod's own. */
export function summariseIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return "Invalid input";
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(input)";
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return `Invalid input: ${lines.join("; ")}${more}`;
}
