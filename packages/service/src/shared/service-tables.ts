import type { OperationContext } from "@rapport/core";
import type { Kysely } from "kysely";

/** Columns every record table of the module has (from `withRecordColumns`). */
interface RecordColumns {
  tenant_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  archived_at: string | null;
}

export interface CalendarRow extends RecordColumns {
  name: string;
  time_zone: string;
  working_hours: string;
  holidays: string;
}

export interface QueueRow extends RecordColumns {
  name: string;
  distribution: string;
}

export interface QueueMemberRow {
  tenant_id: string;
  queue_id: string;
  user_id: string;
  available: number;
  turn: number;
  last_assigned_at: string | null;
  added_at: string;
}

export interface CaseRow extends RecordColumns {
  subject: string;
  description: string | null;
  account_id: string | null;
  contact_id: string | null;
  product_id: string | null;
  channel: string;
  type: string;
  priority: string;
  status: string;
  queue_id: string | null;
  owner_id: string | null;
  severity: string | null;
  root_cause: string | null;
  escalation_level: string | null;
  language: string | null;
  entitlement_id: string | null;
  entitlement_status: string;
  sla_policy_id: string | null;
  first_response_due_at: string | null;
  first_response_status: string | null;
  resolution_due_at: string | null;
  resolution_status: string | null;
  sla_elapsed_minutes: number;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  resolution: string | null;
  intake_id: string | null;
}

/** `service_case_comments`: `case_comment` records. */
export interface CaseCommentRow extends RecordColumns {
  case_id: string;
  visibility: string;
  author_kind: string;
  author_id: string;
  body: string;
}

export interface CaseTimeEntryRow {
  tenant_id: string;
  id: string;
  case_id: string;
  user_id: string;
  minutes: number;
  note: string | null;
  entitlement_id: string | null;
  created_at: string;
}

export interface CaseSlaRow {
  tenant_id: string;
  case_id: string;
  metric: string;
  policy_id: string;
  calendar_id: string;
  target_minutes: number;
  warn_percent: number;
  elapsed_seconds: number;
  running_since: string | null;
  due_at: string | null;
  warn_at: string | null;
  clock: string;
  warned_at: string | null;
  breached_at: string | null;
  completed_at: string | null;
}

export interface SlaPolicyRow extends RecordColumns {
  name: string;
  calendar_id: string;
  warning_percent: number;
  targets: string;
  is_default: number;
}

export interface RoutingRuleSetRow extends RecordColumns {
  name: string;
  is_entry: number;
  calendar_id: string | null;
  rules: string;
  fallback: string;
}

export interface IntakeRow {
  tenant_id: string;
  id: string;
  kind: string;
  channel: string;
  idempotency_key: string | null;
  payload_hash: string;
  received_at: string;
  actor_id: string;
  rule_set_id: string | null;
  rule_name: string | null;
  destination: string;
  case_id: string | null;
  lead_id: string | null;
  queue_id: string | null;
  agent_id: string | null;
  call_id: string | null;
  note: string | null;
}

export interface CallRow extends RecordColumns {
  direction: string;
  from_number: string;
  to_number: string;
  started_at: string;
  duration_seconds: number;
  disposition: string | null;
  recording_ref: string | null;
  notes: string | null;
  contact_id: string | null;
  account_id: string | null;
  case_id: string | null;
  lead_id: string | null;
  owner_id: string | null;
  activity_id: string | null;
}

export interface ContractRow extends RecordColumns {
  account_id: string;
  name: string;
  tier: string | null;
  start_date: string;
  end_date: string;
}

export interface EntitlementRow extends RecordColumns {
  contract_id: string | null;
  account_id: string;
  product_id: string | null;
  name: string;
  start_date: string;
  end_date: string;
  unit_kind: string;
  units_total: number | null;
  incidents_used: number;
  minutes_used: number;
  calendar_id: string | null;
  sla_policy_id: string | null;
}

export interface EscalationRuleRow extends RecordColumns {
  name: string;
  trigger: string;
  severities: string;
  after_minutes: number | null;
  to_level: string;
  queue_id: string | null;
  active: number;
}

export interface TechnicianRow extends RecordColumns {
  name: string;
  user_id: string | null;
  skills: string;
  territory: string | null;
  calendar_id: string;
  active: number;
}

export interface WorkOrderRow extends RecordColumns {
  case_id: string | null;
  account_id: string | null;
  title: string;
  description: string | null;
  location: string;
  territory: string | null;
  required_skills: string;
  duration_minutes: number;
  window_start: string;
  window_end: string;
  status: string;
  technician_id: string | null;
  owner_id: string | null;
  scheduled_start: string | null;
  scheduled_end: string | null;
  appointment_id: string | null;
  arrived_at: string | null;
  finished_at: string | null;
  minutes_worked: number | null;
  outcome_note: string | null;
}

export interface WorkOrderPartRow {
  tenant_id: string;
  id: string;
  work_order_id: string;
  product_id: string | null;
  description: string;
  quantity: number;
  created_at: string;
  created_by: string;
}

/** The account columns the complaint register joins. */
interface AccountRow {
  tenant_id: string;
  id: string;
  name: string;
  custom: string;
}

/** The module's tables, for typed Kysely queries: `serviceDb(op)`. */
export interface ServiceTables {
  service_business_calendars: CalendarRow;
  service_queues: QueueRow;
  service_queue_members: QueueMemberRow;
  service_cases: CaseRow;
  service_case_comments: CaseCommentRow;
  service_case_time_entries: CaseTimeEntryRow;
  service_case_slas: CaseSlaRow;
  service_sla_policies: SlaPolicyRow;
  service_routing_rule_sets: RoutingRuleSetRow;
  service_intakes: IntakeRow;
  service_calls: CallRow;
  service_contracts: ContractRow;
  service_entitlements: EntitlementRow;
  service_escalation_rules: EscalationRuleRow;
  service_technicians: TechnicianRow;
  service_work_orders: WorkOrderRow;
  service_work_order_parts: WorkOrderPartRow;
  accounts: AccountRow;
}

/** A Kysely handle typed with the module's tables. */
export type ServiceDb = Kysely<ServiceTables>;

/** The operation's transaction, typed with the service tables (the module's verbs take the operation untyped). */
export function serviceDb(op: OperationContext<ServiceTables>): ServiceDb {
  return op.db;
}

/** Statuses in which a case still needs work. */
export const UNRESOLVED_STATUSES = ["new", "open", "pending"] as const;
