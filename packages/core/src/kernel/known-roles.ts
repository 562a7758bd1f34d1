import type { Kysely } from "kysely";
import { DEFAULT_ROLES } from "../permissions/permission-catalog.js";
import { ValidationError } from "./errors.js";

/**
 * Refuses an actor whose roles name one that is neither a default role nor a live role of
 * the tenant: a `ValidationError` on `roles` naming the roles that exist, where the
 * typo would otherwise surface later as a `ForbiddenError`. `found` holds the tenant roles
 * the policy loader read for `requested`; the tenant's other roles are read only to say
 * which exist.
 */
export async function assertRolesExist(
  db: Kysely<any>,
  tenantId: string,
  requested: readonly string[],
  found: ReadonlyMap<string, unknown>,
): Promise<void> {
  const missing = requested.filter((role) => !found.has(role));
  if (missing.length === 0) return;
  const rows = await db
    .selectFrom("rapport_roles")
    .select("name")
    .where("tenant_id", "=", tenantId)
    .where("archived_at", "is", null)
    .orderBy("name")
    .execute();
  const tenantRoles = rows.map((row) => row.name as string);
  const names = (list: readonly string[]) => (list.length === 0 ? "none" : list.join(", "));
  throw ValidationError.forField(
    ["roles"],
    `Unknown role${missing.length > 1 ? "s" : ""} ${missing.map((r) => `"${r}"`).join(", ")}: the default roles are ${names(DEFAULT_ROLES)}; tenant ${tenantId} defines ${names(tenantRoles)}`,
    { unknownRoles: missing, defaultRoles: [...DEFAULT_ROLES], tenantRoles },
  );
}
