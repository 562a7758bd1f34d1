import { CRUD_ACTIONS } from "@rapport/core";

/**
 * The knowledge base's permissions. `knowledge_article:read` is the staff read (every status
 * and visibility, within the record scope); portal roles hold `read_customer` /
 * `read_partner` instead, which confine every knowledge read to published articles of that
 * visibility (see `article-audience.ts`) and give the generic paths nothing.
 */
export const KNOWLEDGE_ENTITIES = {
  knowledge_article: [...CRUD_ACTIONS, "submit", "approve", "link", "feedback", "read_customer", "read_partner"],
  knowledge_category: CRUD_ACTIONS,
  knowledge_feedback: ["read"],
} as const;

const STAFF_READ = { "knowledge_article:read": "all", "knowledge_category:read": "all" } as const;
const PORTAL = {
  "knowledge_article:read_customer": "all",
  "knowledge_article:feedback": "all",
  "knowledge_category:read": "all",
} as const;

/**
 * What each role gets. Agents author (create; edit, submit and archive their own), link
 * articles to cases and give feedback; knowledge managers (and admins, who hold `*:*`) also
 * approve, and own the category tree.
 */
export const KNOWLEDGE_GRANTS = {
  service_agent: {
    ...STAFF_READ,
    "knowledge_article:create": "all",
    "knowledge_article:update": "own",
    "knowledge_article:submit": "own",
    "knowledge_article:archive": "own",
    "knowledge_article:link": "all",
    "knowledge_article:feedback": "all",
    "knowledge_feedback:read": "all",
  },
  knowledge_manager: {
    "knowledge_article:*": "all",
    "knowledge_category:*": "all",
    "knowledge_feedback:read": "all",
    "case:read": "all",
  },
  knowledge_portal: PORTAL,
  knowledge_partner: { ...PORTAL, "knowledge_article:read_partner": "all" },
  analyst: { ...STAFF_READ, "knowledge_feedback:read": "all" },
  read_only: STAFF_READ,
  sales_rep: STAFF_READ,
  sales_manager: STAFF_READ,
} as const;
