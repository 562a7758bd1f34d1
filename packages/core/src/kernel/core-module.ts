import { eventOf } from "../events/event-types.js";
import { CRUD_ACTIONS, type RoleGrants } from "../permissions/permission-catalog.js";
import { CORE_MIGRATIONS } from "./core-migrations.js";
import { defineModule } from "./define-module.js";

const readAll: RoleGrants = { "account:read": "all" };

/** Payload of `<entity>.created` and `<entity>.archived`. */
export interface RecordEventData {
  readonly id: string;
  readonly version: number;
}

/** Payload of `<entity>.updated`: which fields changed. */
export interface RecordUpdatedData extends RecordEventData {
  readonly changed: readonly string[];
}

/** The kernel's own records and their wiring, declared like any other module. */
export const coreModule = defineModule({
  name: "core",
  migrations: CORE_MIGRATIONS,
  permissions: {
    entities: { account: CRUD_ACTIONS, audit: ["read"] },
    roles: {
      admin: { "*:*": "all" },
      sales_manager: { "account:*": "all", "audit:read": "all" },
      sales_rep: { "account:read": "all", "account:create": "own", "account:update": "own", "account:archive": "own" },
      service_agent: { ...readAll, "account:update": "all" },
      dispatcher: readAll,
      marketer: { ...readAll, "account:create": "own", "account:update": "own" },
      analyst: { ...readAll, "audit:read": "all" },
      read_only: readAll,
    },
  },
  events: {
    "tenant.created": eventOf<{ id: string; name: string }>(),
    "account.created": eventOf<RecordEventData>(),
    "account.updated": eventOf<RecordUpdatedData>(),
    "account.archived": eventOf<RecordUpdatedData>(),
  },
});

/** The kernel's events: name → payload. */
export type CoreEvents = {
  "tenant.created": { id: string; name: string };
  "account.created": RecordEventData;
  "account.updated": RecordUpdatedData;
  "account.archived": RecordUpdatedData;
};
