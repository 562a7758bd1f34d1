import { CRUD_ACTIONS, type PermissionCatalog } from "@rapport/core";

const readConfig = {
  "pipeline:read": "all",
  "playbook:read": "all",
  "lost_reason:read": "all",
  "territory:read": "all",
  "lead_rule:read": "all",
} as const;

/**
 * The quote-to-contract part of {@link salesPermissions}, kept apart for its length.
 *
 * - `sales_manager`: everything, including approving quotes, deal registrations and expenses.
 * - `sales_rep`: quotes, orders and contracts of their own (read in `team` scope), their
 *   own expenses and deal registrations; reads settings, rates, partners and their own
 *   quota and forecast; sets the forecast category of opportunities they work.
 * - `analyst`, `read_only`: read everything.
 */
const documentPermissions = {
  entities: {
    sales_settings: ["read", "update"],
    exchange_rate: ["create", "read"],
    quote: [...CRUD_ACTIONS, "submit", "approve", "send", "decide"],
    order: [...CRUD_ACTIONS, "confirm", "fulfil", "cancel"],
    contract: [...CRUD_ACTIONS, "activate", "terminate", "renew"],
    quota: CRUD_ACTIONS,
    partner: [...CRUD_ACTIONS, "attribute"],
    deal_registration: [...CRUD_ACTIONS, "approve"],
    expense: [...CRUD_ACTIONS, "submit", "approve"],
    forecast: ["read", "categorize"],
  },
  managerGrants: {
    "sales_settings:*": "all",
    "exchange_rate:*": "all",
    "quote:*": "all",
    "order:*": "all",
    "contract:*": "all",
    "quota:*": "all",
    "partner:*": "all",
    "deal_registration:*": "all",
    "expense:*": "all",
    "forecast:*": "all",
  },
  repGrants: {
    "sales_settings:read": "all",
    "exchange_rate:read": "all",
    "quote:create": "own",
    "quote:read": "team",
    "quote:update": "own",
    "quote:archive": "own",
    "quote:submit": "own",
    "quote:send": "own",
    "quote:decide": "own",
    "order:create": "own",
    "order:read": "team",
    "order:confirm": "own",
    "order:cancel": "own",
    "contract:create": "own",
    "contract:read": "team",
    "contract:update": "own",
    "contract:activate": "own",
    "contract:renew": "own",
    "quota:read": "own",
    "partner:read": "all",
    "deal_registration:create": "own",
    "deal_registration:read": "own",
    "expense:create": "own",
    "expense:read": "own",
    "expense:update": "own",
    "expense:archive": "own",
    "expense:submit": "own",
    "forecast:read": "own",
    "forecast:categorize": "team",
  },
  readerGrants: {
    "sales_settings:read": "all",
    "exchange_rate:read": "all",
    "quote:read": "all",
    "order:read": "all",
    "contract:read": "all",
    "quota:read": "all",
    "partner:read": "all",
    "deal_registration:read": "all",
    "expense:read": "all",
    "forecast:read": "all",
  },
} as const satisfies {
  entities: PermissionCatalog["entities"];
  managerGrants: Record<string, "all">;
  repGrants: Record<string, "own" | "team" | "all">;
  readerGrants: Record<string, "all">;
};

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
