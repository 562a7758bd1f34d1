/**
 * The `details.reason` values the content library and letters and labels put on their
 * errors: `VALIDATION_FAILED` for all but `letterhead_missing` (`INVALID_TRANSITION`).
 */
export const CONTENT_ERROR_REASONS = [
  "not_a_competitor",
  "template_syntax",
  "unknown_merge_field",
  "recipients_not_printable",
  "letterhead_missing",
] as const;

/** One of {@link CONTENT_ERROR_REASONS}. */
export type ContentErrorReason = (typeof CONTENT_ERROR_REASONS)[number];
