/**
 * The `details.reason` values the outreach verbs (consent, templates, mass email) put on
 * their errors: `VALIDATION_FAILED` for all but `consent_already_granted`
 * (`INVALID_TRANSITION`).
 */
export const OUTREACH_ERROR_REASONS = [
  "template_syntax",
  "unknown_merge_field",
  "template_render",
  "no_consent",
  "opt_in_token_invalid",
  "opt_in_token_expired",
  "consent_already_granted",
  "unsubscribe_token_invalid",
  "unsubscribe_token_expired",
  "tracking_token_unknown",
] as const;

/** One of {@link OUTREACH_ERROR_REASONS}. */
export type OutreachErrorReason = (typeof OUTREACH_ERROR_REASONS)[number];
