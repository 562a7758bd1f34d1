import {
  ConflictError,
  CrmError,
  type CrmErrorOptions,
  InvalidTransitionError,
  type RecordAccess,
  ValidationError,
} from "@rapport/core";

/**
 * Why a sales verb refused, in `error.details.reason` — stable values a host can branch on
 * beside the kernel error's `code`. One list for the whole module, pipeline to contract.
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
  /** A quote, order, contract or expense is in a state (or has contents) the verb does not apply to. */
  "document_status",
  "approval_required",
  "quote_expired",
  "no_exchange_rate",
  "corporate_currency_missing",
  "overlapping_quota",
  "registration_conflict",
  "self_approval",
  "over_fulfilment",
  "fulfilment_started",
] as const;
/** One of {@link SALES_ERROR_REASONS}. */
export type SalesErrorReason = (typeof SALES_ERROR_REASONS)[number];

/** @deprecated The quote-to-contract reasons are in {@link SALES_ERROR_REASONS} now; this is the same list. */
export const DOCUMENT_ERROR_REASONS = SALES_ERROR_REASONS;
/** @deprecated Use {@link SalesErrorReason}. */
export type DocumentErrorReason = SalesErrorReason;

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

/** A verb that does not apply in the record's current status. */
export function wrongStatus(type: string, id: string, status: string, verb: string): InvalidTransitionError {
  return new InvalidTransitionError(`${type} ${id} is ${status}; it cannot be ${verb}`, {
    details: { reason: "document_status" satisfies SalesErrorReason, id, status },
  });
}

/**
 * The record layer's state check ({@link RecordAccess.assertState}) with reason
 * `document_status` added to its details (beside `verb`, `state` and `allowed`), so a host
 * branches on one reason for every refusal of a document in the wrong state.
 */
export function assertDocumentState<R>(
  records: RecordAccess<R>,
  record: R,
  verb: string,
  from: readonly string[],
): void {
  try {
    records.assertState(record, verb, from);
  } catch (error) {
    if (!(error instanceof InvalidTransitionError)) throw error;
    throw new InvalidTransitionError(error.message, {
      cause: error,
      details: { reason: "document_status" satisfies SalesErrorReason, ...error.details },
    });
  }
}

/** A conversion needed a rate the tenant has not recorded. */
export function noExchangeRate(path: readonly PropertyKey[], from: string, to: string, date: string): ValidationError {
  return ValidationError.forField(path, `No exchange rate from ${from} to ${to} on or before ${date}`, {
    reason: "no_exchange_rate" satisfies SalesErrorReason,
    from,
    to,
    date,
  });
}
