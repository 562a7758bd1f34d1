import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { parseInput } from "../kernel/validate.js";
import { type Contact, contactEntity } from "./contact-entity.js";
import { type CreateContactInput, emailAddressSchema, type UpdateContactInput } from "./contact-schema.js";

/** The contacts service of a scoped client: the standard entity verbs plus lookups. */
export interface ContactService extends EntityService<Contact, CreateContactInput, UpdateContactInput> {
  /**
   * The contact whose primary email is `email`, compared case-insensitively, or `null`.
   * Archived contacts and contacts the actor may not read are skipped; when several match,
   * the oldest wins. Secondary addresses are not searched.
   *
   * @example
   * ```ts
   * const known = await client.contacts.findByEmail("Maria.Anders@Example.com");
   * ```
   */
  findByEmail(email: string): Promise<Contact | null>;
}

/** Builds the contacts service on a scoped client's context. */
export function createContactService(ctx: ModuleContext): ContactService {
  const base = createEntityService(ctx, contactEntity);
  return {
    ...base,
    findByEmail: async (email) => {
      const normalised = parseInput(emailAddressSchema, email);
      const id = await ctx.read(async (op) => {
        const scope = await op.ownerScope("contact:read");
        const row = await op.db
          .selectFrom("contacts")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("primary_email", "=", normalised)
          .where("archived_at", "is", null)
          .$if(scope.kind === "owners", (q) => q.where("owner_id", "in", scope.kind === "owners" ? scope.ownerIds : []))
          .orderBy("created_at")
          .orderBy("id")
          .limit(1)
          .executeTakeFirst();
        return (row?.id as string | undefined) ?? null;
      });
      return id === null ? null : base.get(id);
    },
  };
}
