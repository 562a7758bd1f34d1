import type { RecordColumns } from "../storage/record-table.js";

/** `rapport_users`: CRM profiles keyed by the host's user id. */
export interface UserRow extends RecordColumns {
  name: string;
  email: string | null;
  /** 1 or 0 (booleans are stored as integers on every adapter). */
  active: number;
  manager_id: string | null;
  territory: string | null;
  title: string | null;
}

/** `rapport_team_members`: the kernel's membership table, with the role column users add. */
export interface TeamMemberRow {
  tenant_id: string;
  team_id: string;
  user_id: string;
  role: string;
  added_at: string;
}

/** `rapport_teams`: the team records. */
export interface TeamRow extends RecordColumns {
  name: string;
  description: string | null;
  owner_id: string | null;
}

/** The tables of users and teams, for typed Kysely queries. */
export interface UserTables {
  rapport_users: UserRow;
  rapport_teams: TeamRow;
  rapport_team_members: TeamMemberRow;
  rapport_tenants: { tenant_id: string; name: string; created_at: string };
}
