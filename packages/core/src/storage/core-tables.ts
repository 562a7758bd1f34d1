/** Columns every entity table carries (tenant-scoped, versioned, audited). */
export interface RecordColumns {
  tenant_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  archived_at: string | null;
  custom: string;
  external_ids: string;
}

export interface TenantsTable {
  tenant_id: string;
  name: string;
  created_at: string;
}

export interface MigrationsTable {
  module: string;
  name: string;
  applied_at: string;
}

export interface ChangeFeedTable {
  tenant_id: string;
  seq: number;
  event_id: string;
  type: string;
  actor_id: string;
  occurred_at: string;
  data: string;
}

export interface AuditLogTable {
  tenant_id: string;
  id: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_id: string;
  at: string;
  changes: string;
}

export interface ExternalIdsTable {
  tenant_id: string;
  entity_type: string;
  system: string;
  external_id: string;
  entity_id: string;
}

export interface AccountsTable extends RecordColumns {
  name: string;
  type: string;
  industry: string | null;
  website: string | null;
  description: string | null;
  owner_id: string | null;
  annual_revenue: number | null;
  currency: string | null;
}

/** The kernel's own tables, as Kysely sees them. */
export interface CoreDatabase {
  rapport_tenants: TenantsTable;
  rapport_migrations: MigrationsTable;
  rapport_change_feed: ChangeFeedTable;
  rapport_audit_log: AuditLogTable;
  rapport_external_ids: ExternalIdsTable;
  accounts: AccountsTable;
}
