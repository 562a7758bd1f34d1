import { ForbiddenError, type OperationContext } from "@rapport/core";
import type {
  ComplaintRegisterEntry,
  ComplaintSummaryRow,
  RegisterOptions,
  SummaryOptions,
} from "./complaint-register.js";

/** Each register entry key and the case field it shows (`caseId` is the record's id, never hidden). */
const ENTRY_FIELDS = {
  receivedAt: "createdAt",
  accountId: "accountId",
  contactId: "contactId",
  subject: "subject",
  severity: "severity",
  rootCause: "rootCause",
  escalationLevel: "escalationLevel",
  status: "status",
  ownerId: "ownerId",
  resolvedAt: "resolvedAt",
  resolutionStatus: "resolutionStatus",
} as const satisfies Partial<Record<keyof ComplaintRegisterEntry, string>>;

/** Each summary count and the case fields it counts by. */
const SUMMARY_COUNTS = {
  open: ["status"],
  escalated: ["escalationLevel"],
  slaBreached: ["resolutionStatus", "firstResponseStatus"],
} as const satisfies Partial<Record<keyof ComplaintSummaryRow, readonly string[]>>;

/** Whether the actor's roles hide a field of `entityType`; `null` when none of them restricts that entity. */
async function hiddenOf(op: OperationContext, entityType: string): Promise<((field: string) => boolean) | null> {
  const policy = await op.policy();
  if (!policy.hasFieldRules(op.actor, entityType)) return null;
  return (field) => policy.fieldAccess(op.actor, entityType, field) === "hidden";
}

function refuse(op: OperationContext, field: string, what: string): never {
  throw new ForbiddenError(`${op.actor.userId} may not see case.${field}, which ${what} uses`, {
    details: { field, entityType: "case" },
  });
}

/** The case fields an options bag filters by: a filter on a hidden field would tell its values. */
function filteredFields(options: RegisterOptions | SummaryOptions): string[] {
  const given = (key: string) => Object.hasOwn(options, key) && (options as Record<string, unknown>)[key] !== undefined;
  const fields: string[] = [];
  if (given("from") || given("to")) fields.push("createdAt");
  if (given("severity")) fields.push("severity");
  if (given("rootCause")) fields.push("rootCause");
  const state = Object.hasOwn(options, "state") ? (options as RegisterOptions).state : undefined;
  if (state === "open" || state === "resolved") fields.push("status");
  return fields;
}

/**
 * The register page as the actor may see it: an entry leaves out each value whose case
 * field their roles hide, and the account name when `case.accountId` or `account.name` is
 * hidden. A filter on a hidden field is refused (`ForbiddenError`).
 */
export async function shownRegister(
  op: OperationContext,
  options: RegisterOptions,
  page: { items: ComplaintRegisterEntry[]; nextCursor: string | null },
): Promise<{ items: ComplaintRegisterEntry[]; nextCursor: string | null }> {
  const caseHidden = await hiddenOf(op, "case");
  const accountHidden = await hiddenOf(op, "account");
  if (caseHidden === null && accountHidden === null) return page;
  for (const field of filteredFields(options)) if (caseHidden?.(field)) refuse(op, field, "the filter");
  const left = Object.entries(ENTRY_FIELDS)
    .filter(([, field]) => caseHidden?.(field))
    .map(([key]) => key);
  if (caseHidden?.("accountId") || accountHidden?.("name")) left.push("accountName");
  if (left.length === 0) return page;
  const items = page.items.map((entry) => {
    const copy = { ...entry } as Record<string, unknown>;
    for (const key of left) delete copy[key];
    return copy as unknown as ComplaintRegisterEntry;
  });
  return { ...page, items };
}

/**
 * The summary as the actor may see it: refused (`ForbiddenError`) when their roles hide
 * the root cause or severity it is grouped by, or a field it is filtered by; a count made
 * from a hidden field (open: status, escalated: level, SLA breached: the SLA statuses) is
 * left out, the others stay.
 */
export async function shownSummary(
  op: OperationContext,
  options: SummaryOptions,
  rows: ComplaintSummaryRow[],
): Promise<ComplaintSummaryRow[]> {
  const hidden = await hiddenOf(op, "case");
  if (hidden === null) return rows;
  for (const field of ["rootCause", "severity", ...filteredFields(options)]) {
    if (hidden(field)) refuse(op, field, "the complaint summary");
  }
  const left = Object.entries(SUMMARY_COUNTS)
    .filter(([, fields]) => fields.some(hidden))
    .map(([key]) => key);
  if (left.length === 0) return rows;
  return rows.map((row) => {
    const copy = { ...row } as Record<string, unknown>;
    for (const key of left) delete copy[key];
    return copy as unknown as ComplaintSummaryRow;
  });
}
