/** Where a case came from. */
export const CASE_CHANNELS = ["phone", "email", "web", "chat", "portal", "field"] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** What kind of request a case is. A `complaint` carries severity, root cause and an escalation level. */
export const CASE_TYPES = ["question", "problem", "request", "complaint"] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** How urgent a case is; SLA targets are set per priority. */
export const CASE_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/**
 * A case's lifecycle: `new → open → pending (waiting on the customer) → resolved → closed`.
 * A resolved case can be reopened; a closed case is final.
 */
export const CASE_STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How serious a complaint is. */
export const COMPLAINT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

/** Root-cause categories of complaints, for the complaint register. */
export const ROOT_CAUSES = [
  "product_defect",
  "service_failure",
  "billing",
  "delivery",
  "communication",
  "policy",
  "other",
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** Who handles a complaint, lowest first: `agent → supervisor → manager`. */
export const ESCALATION_LEVELS = ["agent", "supervisor", "manager"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/**
 * How a case stands against its service entitlement: `covered` (valid, units left),
 * `expired` (outside its dates), `exhausted` (no units left), `none` (no entitlement found).
 */
export const ENTITLEMENT_STATUSES = ["covered", "expired", "exhausted", "none"] as const;
export type EntitlementStatus = (typeof ENTITLEMENT_STATUSES)[number];

/** The two SLA clocks of a case. */
export const SLA_METRICS = ["first_response", "resolution"] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Where an SLA clock stands: counting, paused while pending, met, or breached. */
export const SLA_STATUSES = ["running", "paused", "met", "breached"] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

/** The index of a value in an ordered vocabulary, for "higher than" comparisons. */
export function rankOf<T extends string>(order: readonly T[], value: T): number {
  return order.indexOf(value);
}
