import { InvalidTransitionError, type RecordAccess, ValidationError } from "@rapport/core";

/**
 * Why a quote-to-contract verb refused, in `error.details.reason`: stable values a host can
 * branch on beside the kernel error's `code`.
 */
export const DOCUMENT_ERROR_REASONS = [
  "document_status",
  "approval_required",
  "quote_expired",
  "no_exchange_rate",
  "corporate_currency_missing",
  "overlapping_quota",
  "registration_conflict",
  "self_approval",
  "opportunity_closed",
  "over_fulfilment",
  "fulfilment_started",
] as const;
/** One of {@link DOCUMENT_ERROR_REASONS}. */
export type DocumentErrorReason = (typeof DOCUMENT_ERROR_REASONS)[number];

/** A verb that does not apply in the record's current status. */
export function wrongStatus(type: string, id: string, status: string, verb: string): InvalidTransitionError {
  return new InvalidTransitionError(`${type} ${id} is ${status}; it cannot be ${verb}`, {
    details: { reason: "document_status" satisfies DocumentErrorReason, id, status },
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
      details: { reason: "document_status" satisfies DocumentErrorReason, ...error.details },
    });
  }
}

/** A refusal with a reason in its details. */
export function refused(
  message: string,
  reason: DocumentErrorReason,
  details: Record<string, unknown> = {},
): InvalidTransitionError {
  return new InvalidTransitionError(message, { details: { reason, ...details } });
}

/** A conversion needed a rate the tenant has not recorded. */
export function noExchangeRate(path: readonly PropertyKey[], from: string, to: string, date: string): ValidationError {
  return ValidationError.forField(path, `No exchange rate from ${from} to ${to} on or before ${date}`, {
    reason: "no_exchange_rate" satisfies DocumentErrorReason,
    from,
    to,
    date,
  });
}
