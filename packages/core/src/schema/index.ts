/**
 * The tables of `@rapport/core`, as Kysely types, for modules and hosts that query them:
 * `Kysely<CoreTables & EntityTables<typeof myEntity>>`. Types only; importing this entry
 * loads no code.
 *
 * @module
 */
import type { accountEntity } from "../accounts/account-entity.js";
import type { activityEntity } from "../activities/activity-entity.js";
import type { appointmentEntity } from "../calendar/appointment-entity.js";
import type { AttendeeRow, ReminderRow } from "../calendar/calendar-store.js";
import type { contactEntity } from "../contacts/contact-entity.js";
import type { customFieldEntity } from "../custom-fields/custom-field-entity.js";
import type { EntityRow, EntityTables } from "../entities/entity-tables.js";
import type { priceBookEntity } from "../products/price-book-entity.js";
import type { EntryRow } from "../products/price-book-entries.js";
import type { productEntity } from "../products/product-entity.js";
import type { roleEntity } from "../roles/role-entity.js";
import type { RecordColumns } from "../storage/record-table.js";
import type { teamEntity } from "../users/team-entity.js";
import type { userEntity } from "../users/user-entity.js";
import type { TeamMemberRow } from "../users/user-tables.js";

export type { EntityRow, EntityTables, RecordColumns };

/** `rapport_tenants`: one row per tenant. */
export interface TenantRow {
  tenant_id: string;
  name: string;
  created_at: string;
}

/** `rapport_change_feed`: every committed event, in commit order (`seq`, per tenant). */
export interface ChangeFeedRow {
  tenant_id: string;
  /** bigint: PostgreSQL returns it as a string. */
  seq: number | string;
  event_id: string;
  type: string;
  actor_id: string;
  occurred_at: string;
  /** JSON text of the payload. */
  data: string;
}

/** `rapport_audit_log`: one row per audited change. */
export interface AuditLogRow {
  tenant_id: string;
  id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: string;
  at: string;
  /** JSON text: field → `[before, after]`. */
  changes: string;
}

/** `rapport_external_ids`: another system's key of a record. */
export interface ExternalIdRow {
  tenant_id: string;
  entity_type: string;
  system: string;
  external_id: string;
  entity_id: string;
}

/** `rapport_tags`: one row per tag of a record, for filtering by tag. */
export interface TagRow {
  tenant_id: string;
  entity_type: string;
  tag: string;
  entity_id: string;
}

/** The kernel's own tables. */
export interface KernelTables {
  rapport_tenants: TenantRow;
  rapport_change_feed: ChangeFeedRow;
  rapport_audit_log: AuditLogRow;
  rapport_external_ids: ExternalIdRow;
  rapport_tags: TagRow;
  rapport_team_members: TeamMemberRow;
}

/** The shared records' tables, each row type derived from its entity's fields. */
export type CoreRecordTables = EntityTables<
  | typeof accountEntity
  | typeof contactEntity
  | typeof productEntity
  | typeof priceBookEntity
  | typeof activityEntity
  | typeof appointmentEntity
  | typeof teamEntity
  | typeof userEntity
  | typeof roleEntity
  | typeof customFieldEntity
> & {
  price_book_entries: EntryRow;
  appointment_attendees: AttendeeRow;
  appointment_reminders: ReminderRow;
};

/** Every table of `@rapport/core`: the kernel's and the shared records'. */
export type CoreTables = KernelTables & CoreRecordTables;
