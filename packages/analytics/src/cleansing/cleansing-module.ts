import { defineModule, type RoleGrants } from "@rapport/core";
import type { CleansingPart } from "./cleansing-part.js";
import { jobsPart } from "./jobs/jobs-part.js";
import { matchingPart } from "./matching/matching-part.js";
import { mergePart } from "./merge/merge-part.js";

const PARTS: readonly CleansingPart<any>[] = [matchingPart, mergePart, jobsPart];

/** `client.cleansing`: normalisation and quality flags, duplicate finding and linking, duplicate rules, merge and undo. */
export type CleansingClient = ReturnType<typeof matchingPart.client> &
  ReturnType<typeof mergePart.client> &
  ReturnType<typeof jobsPart.client>;

/**
 * The data-cleansing module: normalise names, emails, phones, countries, addresses and
 * company names; find duplicate contacts, accounts, leads and products with explained
 * scores; duplicate rules on write; merge with a plan, and undo.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [cleansing()] });
 * ```
 */
export function cleansing() {
  return defineModule({
    name: "cleansing",
    migrations: PARTS.flatMap((part) => part.migrations),
    entities: PARTS.flatMap((part) => part.entities),
    permissions: {
      entities: Object.assign({}, ...PARTS.map((part) => part.permissions.entities ?? {})),
      roles: mergeRoleGrants(PARTS.map((part) => part.permissions.roles ?? {})),
    },
    events: Object.assign({}, ...PARTS.map((part) => part.events)),
    jobs: PARTS.flatMap((part) => part.jobs),
    client: (ctx): CleansingClient => Object.assign({}, ...PARTS.map((part) => part.client(ctx))) as CleansingClient,
    onTenantCreated: async (op) => {
      for (const part of PARTS) await part.onTenantCreated?.(op);
    },
  });
}

/** Two areas may grant the same role different entities: merge the grants role by role. */
function mergeRoleGrants(grants: readonly Readonly<Record<string, RoleGrants>>[]): Record<string, RoleGrants> {
  const merged: Record<string, RoleGrants> = {};
  for (const byRole of grants) {
    for (const [role, roleGrants] of Object.entries(byRole)) merged[role] = { ...merged[role], ...roleGrants };
  }
  return merged;
}

/** The module `cleansing()` returns. */
export type CleansingModule = ReturnType<typeof cleansing>;
