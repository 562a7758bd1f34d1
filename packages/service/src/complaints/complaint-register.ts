import type { OperationContext } from "@rapport/core";
import { parseInput, ValidationError } from "@rapport/core";
import { plainInput } from "@rapport/core/internals";
import { sql } from "kysely";
import * as z from "zod";
import { serviceDb, UNRESOLVED_STATUSES } from "../shared/service-tables.js";
import { instantSchema } from "../shared/time-schemas.js";
import {
  type CaseStatus,
  COMPLAINT_SEVERITIES,
  type ComplaintSeverity,
  type EscalationLevel,
  ROOT_CAUSES,
  type RootCause,
  type SlaStatus,
} from "../shared/vocabulary.js";

/** Options of `service.complaints.register`. */
export const registerOptionsSchema = z
  .object({
    /** Complaints received at or after this instant. */
    from: instantSchema.optional(),
    /** Complaints received before this instant. */
    to: instantSchema.optional(),
    /** `open` (new, open, pending), `resolved` (resolved or closed) or `all`. @default "all" */
    state: z.enum(["open", "resolved", "all"]).default("all"),
    severity: z.enum(COMPLAINT_SEVERITIES).optional(),
    rootCause: z.enum(ROOT_CAUSES).optional(),
    /** Page size, 1–500. @default 100 */
    limit: z.number().int().min(1).max(500).default(100),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type RegisterOptions = z.input<typeof registerOptionsSchema>;

/** Options of `service.complaints.summary`. */
export const summaryOptionsSchema = z.object({ from: instantSchema.optional(), to: instantSchema.optional() }).strict();
export type SummaryOptions = z.input<typeof summaryOptionsSchema>;

/** One line of the complaint register. */
export interface ComplaintRegisterEntry {
  readonly caseId: string;
  readonly receivedAt: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly contactId: string | null;
  readonly subject: string;
  readonly severity: ComplaintSeverity;
  readonly rootCause: RootCause | null;
  readonly escalationLevel: EscalationLevel;
  readonly status: CaseStatus;
  readonly ownerId: string | null;
  readonly resolvedAt: string | null;
  readonly resolutionStatus: SlaStatus | null;
}

/** Complaint counts for one root cause and severity. */
export interface ComplaintSummaryRow {
  readonly rootCause: RootCause | null;
  readonly severity: ComplaintSeverity;
  readonly received: number;
  readonly open: number;
  readonly escalated: number;
  readonly slaBreached: number;
}

function isCursorText(value: unknown): value is string {
  return typeof value === "string" && plainInput.isStorableText(value);
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    // Decoded strings reach SQL: NUL or a lone surrogate would be a database error on PostgreSQL.
    if (isCursorText(at) && isCursorText(id)) return { at, id };
  } catch {
    // reported below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed");
}

/** The complaint register: every complaint with its account, newest first, paged — one SQL query per page. */
export async function complaintRegister(
  op: OperationContext,
  options: RegisterOptions,
): Promise<{ items: ComplaintRegisterEntry[]; nextCursor: string | null }> {
  const parsed = parseInput(registerOptionsSchema, options);
  await op.authorize("complaint:report");
  let query = serviceDb(op)
    .selectFrom("service_cases as c")
    .leftJoin("accounts as a", (join) =>
      join.onRef("a.tenant_id", "=", "c.tenant_id").onRef("a.id", "=", "c.account_id"),
    )
    .select([
      "c.id",
      "c.created_at",
      "c.account_id",
      "a.name as account_name",
      "c.contact_id",
      "c.subject",
      "c.severity",
      "c.root_cause",
      "c.escalation_level",
      "c.status",
      "c.owner_id",
      "c.resolved_at",
      "c.resolution_status",
    ])
    .where("c.tenant_id", "=", op.tenantId)
    .where("c.type", "=", "complaint")
    .where("c.archived_at", "is", null);
  if (parsed.from) query = query.where("c.created_at", ">=", parsed.from);
  if (parsed.to) query = query.where("c.created_at", "<", parsed.to);
  if (parsed.state === "open") query = query.where("c.status", "in", [...UNRESOLVED_STATUSES]);
  if (parsed.state === "resolved") query = query.where("c.status", "in", ["resolved", "closed"]);
  if (parsed.severity) query = query.where("c.severity", "=", parsed.severity);
  if (parsed.rootCause) query = query.where("c.root_cause", "=", parsed.rootCause);
  if (parsed.cursor) {
    const { at, id } = decodeCursor(parsed.cursor);
    query = query.where((eb) =>
      eb.or([eb("c.created_at", "<", at), eb.and([eb("c.created_at", "=", at), eb("c.id", "<", id)])]),
    );
  }
  const rows = await query
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .limit(parsed.limit + 1)
    .execute();
  const page = rows.slice(0, parsed.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      caseId: r.id,
      receivedAt: r.created_at,
      accountId: r.account_id,
      accountName: r.account_name ?? null,
      contactId: r.contact_id,
      subject: r.subject,
      severity: r.severity as ComplaintSeverity,
      rootCause: r.root_cause as RootCause | null,
      escalationLevel: (r.escalation_level ?? "agent") as EscalationLevel,
      status: r.status as CaseStatus,
      ownerId: r.owner_id,
      resolvedAt: r.resolved_at,
      resolutionStatus: r.resolution_status as SlaStatus | null,
    })),
    nextCursor:
      rows.length > parsed.limit && last
        ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString("base64url")
        : null,
  };
}

/** Complaint counts by root cause and severity, aggregated in SQL. */
export async function complaintSummary(op: OperationContext, options: SummaryOptions): Promise<ComplaintSummaryRow[]> {
  const parsed = parseInput(summaryOptionsSchema, options);
  await op.authorize("complaint:report");
  let query = serviceDb(op)
    .selectFrom("service_cases")
    .select(["root_cause", "severity"])
    .select((eb) => [
      eb.fn.countAll<number | string>().as("received"),
      eb.fn
        .sum<number | string>(
          eb
            .case()
            .when("status", "in", [...UNRESOLVED_STATUSES])
            .then(1)
            .else(0)
            .end(),
        )
        .as("open"),
      eb.fn
        .sum<number | string>(eb.case().when("escalation_level", "<>", "agent").then(1).else(0).end())
        .as("escalated"),
      eb.fn
        .sum<number | string>(
          eb
            .case()
            .when(eb.or([eb("resolution_status", "=", "breached"), eb("first_response_status", "=", "breached")]))
            .then(1)
            .else(0)
            .end(),
        )
        .as("sla_breached"),
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("type", "=", "complaint")
    .where("archived_at", "is", null);
  if (parsed.from) query = query.where("created_at", ">=", parsed.from);
  if (parsed.to) query = query.where("created_at", "<", parsed.to);
  // Nulls sort differently by database, so they are put last explicitly.
  const rows = await query
    .groupBy(["root_cause", "severity"])
    .orderBy(sql`case when root_cause is null then 1 else 0 end`)
    .orderBy("root_cause")
    .orderBy("severity")
    .execute();
  return rows.map((r) => ({
    rootCause: r.root_cause as RootCause | null,
    severity: r.severity as ComplaintSeverity,
    received: Number(r.received),
    open: Number(r.open),
    escalated: Number(r.escalated),
    slaBreached: Number(r.sla_breached),
  }));
}
