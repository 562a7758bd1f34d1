import { CRUD_ACTIONS, type PermissionCatalog } from "@rapport/core";
import { documentPermissions } from "./documents/document-permissions.js";

const readConfig = {
  "pipeline:read": "all",
  "playbook:read": "all",
  "lost_reason:read": "all",
  "territory:read": "all",
  "lead_rule:read": "all",
} as const;

/**
 * The sales module's entities and actions, and what the default roles may do with them.
 *
 * - `sales_manager`: everything, on every record.
 * - `sales_rep`: reads the configuration; works their own leads; creates opportunities
 *   and works them in `team` scope — their own, their user-team mates', and those whose
 *   opportunity team they are on (see `opportunities.addTeamMember`).
 * - `marketer`: reads and captures leads, creates their own; reads opportunities.
 * - `service_agent`: hands buying enquiries to sales (`lead:capture`) and creates leads.
 * - `analyst`, `read_only`: read everything.
 * - `admin` holds every permission through the kernel's `*:*` grant.
 */
export const salesPermissions: PermissionCatalog = {
  entities: {
    pipeline: CRUD_ACTIONS,
    playbook: ["read", "update"],
    lost_reason: CRUD_ACTIONS,
    territory: CRUD_ACTIONS,
    lead_rule: CRUD_ACTIONS,
    lead: [...CRUD_ACTIONS, "capture", "assign", "qualify", "convert"],
    opportunity: [...CRUD_ACTIONS, "move_stage", "close", "manage_team"],
    ...documentPermissions.entities,
  },
  roles: {
    sales_manager: {
      "pipeline:*": "all",
      "playbook:*": "all",
      "lost_reason:*": "all",
      "territory:*": "all",
      "lead_rule:*": "all",
      "lead:*": "all",
      "opportunity:*": "all",
      ...documentPermissions.managerGrants,
    },
    sales_rep: {
      ...readConfig,
      "lead:create": "own",
      "lead:read": "own",
      "lead:update": "own",
      "lead:archive": "own",
      "lead:qualify": "own",
      "lead:convert": "own",
      "opportunity:create": "own",
      "opportunity:read": "team",
      "opportunity:update": "team",
      "opportunity:move_stage": "team",
      "opportunity:close": "team",
      "opportunity:archive": "own",
      "opportunity:manage_team": "own",
      ...documentPermissions.repGrants,
    },
    marketer: {
      ...readConfig,
      "lead:read": "all",
      "lead:capture": "all",
      "lead:create": "own",
      "lead:update": "own",
      "opportunity:read": "all",
    },
    service_agent: { "lead:capture": "all", "lead:create": "own", "lead:read": "own" },
    analyst: { ...readConfig, "lead:read": "all", "opportunity:read": "all", ...documentPermissions.readerGrants },
    read_only: { ...readConfig, "lead:read": "all", "opportunity:read": "all", ...documentPermissions.readerGrants },
  },
};
