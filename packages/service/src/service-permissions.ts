import { CRUD_ACTIONS, type PermissionCatalog } from "@rapport/core";

import { KNOWLEDGE_ENTITIES, KNOWLEDGE_GRANTS } from "./knowledge/knowledge-permissions.js";

const read = (...entities: string[]) =>
  Object.fromEntries(entities.map((entity) => [`${entity}:read`, "all"])) as Record<`${string}:read`, "all">;

const CONFIG = ["service_queue", "routing_rule_set", "business_calendar", "sla_policy", "escalation_rule"];
const RECORDS = ["case", "call", "service_contract", "entitlement", "technician", "work_order"];

/**
 * The service module's permissions and what the default roles get. Admins hold everything
 * (`*:*`); configuration (queues, routing, calendars, SLA policies, escalation rules) is
 * theirs to change. Service agents work cases, calls and intake; dispatchers plan field work;
 * analysts and read-only users read, and analysts run the complaint register. The knowledge
 * base adds its own roles: `knowledge_manager` (approves, owns categories) and the portal
 * roles `knowledge_portal` / `knowledge_partner` (published articles of their audience only).
 */
export const SERVICE_PERMISSIONS = {
  entities: {
    case: [...CRUD_ACTIONS, "assign", "change_status", "comment", "triage", "escalate", "log_time"],
    service_queue: [...CRUD_ACTIONS, "manage_members"],
    routing_rule_set: CRUD_ACTIONS,
    intake: ["create", "read"],
    call: CRUD_ACTIONS,
    business_calendar: CRUD_ACTIONS,
    sla_policy: CRUD_ACTIONS,
    service_contract: CRUD_ACTIONS,
    entitlement: CRUD_ACTIONS,
    escalation_rule: CRUD_ACTIONS,
    complaint: ["report"],
    technician: CRUD_ACTIONS,
    work_order: [...CRUD_ACTIONS, "dispatch", "update_status"],
    ...KNOWLEDGE_ENTITIES,
  },
  roles: {
    service_agent: {
      ...read(...CONFIG, "service_contract", "entitlement", "technician"),
      "case:*": "all",
      "call:*": "all",
      "intake:*": "all",
      "complaint:report": "all",
      "work_order:create": "all",
      "work_order:read": "all",
      "work_order:update": "all",
      "work_order:update_status": "own",
      ...KNOWLEDGE_GRANTS.service_agent,
    },
    dispatcher: { ...read("case", "call", "business_calendar"), "work_order:*": "all", "technician:*": "all" },
    sales_manager: { ...read("case", "call", "service_contract", "entitlement"), ...KNOWLEDGE_GRANTS.sales_manager },
    sales_rep: { ...read("case", "service_contract", "entitlement"), ...KNOWLEDGE_GRANTS.sales_rep },
    analyst: {
      ...read(...CONFIG, ...RECORDS),
      "intake:read": "all",
      "complaint:report": "all",
      ...KNOWLEDGE_GRANTS.analyst,
    },
    read_only: { ...read(...CONFIG, ...RECORDS), ...KNOWLEDGE_GRANTS.read_only },
    knowledge_manager: KNOWLEDGE_GRANTS.knowledge_manager,
    knowledge_portal: KNOWLEDGE_GRANTS.knowledge_portal,
    knowledge_partner: KNOWLEDGE_GRANTS.knowledge_partner,
  },
} as const satisfies PermissionCatalog;
