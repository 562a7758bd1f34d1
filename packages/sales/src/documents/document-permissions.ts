import { CRUD_ACTIONS, type PermissionCatalog } from "@rapport/core";

/**
 * Permissions of quotes to contracts, merged into the sales module's catalog.
 *
 * - `sales_manager`: everything, including approving quotes, deal registrations and expenses.
 * - `sales_rep`: quotes, orders and contracts of their own (read in `team` scope), their
 *   own expenses and deal registrations; reads settings, rates, partners and their own
 *   quota and forecast; sets the forecast category of opportunities they work.
 * - `analyst`, `read_only`: read everything.
 */
export const documentPermissions = {
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
