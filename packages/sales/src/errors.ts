import { ConflictError, CrmError, type CrmErrorOptions, InvalidTransitionError, ValidationError } from "@rapport/core";

/**
 * Why a sales verb refused, in `error.details.reason` — stable values a host can branch on
 * beside the kernel error's `code`.
 */
export const SALES_ERROR_REASONS = [
  "opportunity_closed",
  "same_stage",
  "closed_stage_needs_verb",
  "required_fields_missing",
  "pipeline_archived",
  "pipeline_shape",
  "default_pipeline",
  "lead_status",
  "lead_converted",
  "not_a_competitor",
  "idempotency_key_reused",
  "idempotency_key_in_flight",
] as const;
export type SalesErrorReason = (typeof SALES_ERROR_REASONS)[number];

/** An opportunity that is won or lost takes no stage moves, wins or losses. */
export function opportunityClosed(id: string, status: string): InvalidTransitionError {
  return new InvalidTransitionError(`Opportunity ${id} is ${status}; a closed opportunity cannot change stage`, {
    details: { reason: "opportunity_closed" satisfies SalesErrorReason, id, status },
  });
}

/** The opportunity lacks fields the stage requires; one issue per missing field. */
export function requiredFieldsMissing(stageKey: string, missing: readonly string[]): ValidationError {
  const issues = missing.map((field) => ({
    code: "custom" as const,
    path: [field],
    message: `Stage "${stageKey}" requires ${field}`,
    input: undefined,
  }));
  return new ValidationError(issues, undefined, {
    details: { reason: "required_fields_missing" satisfies SalesErrorReason, stageKey, missing },
  });
}

/** A write that names a version other than the record's current one. */
export function staleVersion(type: string, id: string, expected: number, actual: number): ConflictError {
  return new ConflictError(`${type} ${id} is at version ${actual}, not ${expected}; read it again and retry`, {
    details: { id, expectedVersion: expected, actualVersion: actual },
  });
}

/** A conditional write found the record changed since it was read. */
export function changedMeanwhile(type: string, id: string, version: number): ConflictError {
  return new ConflictError(`${type} ${id} was changed by someone else; read it again and retry`, {
    details: { id, expectedVersion: version },
  });
}

/**
 * A deal registration cannot be approved: another partner, or a direct rep, already works
 * the account. Code `DEAL_REGISTRATION_CONFLICT`; `details.conflicts` lists who. Nothing was
 * written. Retrying the same call fails again until the conflict is resolved (the other
 * registration rejected) or the approval passes `overrideConflicts: true`.
 */
export class DealRegistrationConflictError extends CrmError {
  override readonly name = "DealRegistrationConflictError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("DEAL_REGISTRATION_CONFLICT", message, options);
  }
}

/** A refusal with a sales reason in its details. */
export function invalidTransition(
  message: string,
  reason: SalesErrorReason,
  details: Record<string, unknown> = {},
): InvalidTransitionError {
  return new InvalidTransitionError(message, { details: { reason, ...details } });
}
