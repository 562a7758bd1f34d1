import * as z from "zod";
import { idSchema } from "../entities/base-record.js";
import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { Page } from "../entities/list-query.js";
import { ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { parseInput } from "../kernel/validate.js";
import { type Account, accountEntity } from "./account-entity.js";
import { ancestorIds, descendantIdPage } from "./account-hierarchy.js";
import type { CreateAccountInput, UpdateAccountInput } from "./account-schema.js";

/** Options of `accounts.descendants`. */
export const hierarchyPageOptionsSchema = z
  .object({
    /** Page size, 1–500. @default 50 */
    limit: z.number().int().min(1).max(500).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
    /** Include archived accounts (the walk always passes through them). @default false */
    includeArchived: z.boolean().optional(),
  })
  .strict();
/** Options of `accounts.descendants`, as accepted. */
export type HierarchyPageOptions = z.input<typeof hierarchyPageOptionsSchema>;

/** The accounts service of a scoped client: the standard entity verbs plus the hierarchy. */
export interface AccountService extends EntityService<Account, CreateAccountInput, UpdateAccountInput> {
  /**
   * The accounts above `id`, nearest first: its parent, the parent's parent, … up to the
   * root. Empty for a root account. Archived ancestors are included (the link still holds);
   * ancestors the actor may not read are left out.
   */
  ancestors(id: string): Promise<Account[]>;
  /**
   * Every account below `id` — children, their children and so on — in id (creation) order,
   * paged. Each item carries its `parentId`, so a caller can build the tree. Accounts the
   * actor may not read are left out of a page, so a page can be shorter than `limit`.
   *
   * @example
   * ```ts
   * const page = await client.accounts.descendants(group.id, { limit: 100 });
   * ```
   */
  descendants(id: string, options?: HierarchyPageOptions): Promise<Page<Account>>;
}

/** Most ids one `list` filter takes; longer id lists are read in chunks. */
const ID_CHUNK = 500;

function encodeAfter(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString("base64url");
}

function decodeAfter(cursor: string): string {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof state.after === "string" && state.after.startsWith("acc_")) return state.after;
  } catch {
    // fall through to the validation error below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed");
}

/** Builds the accounts service on a scoped client's context. */
export function createAccountService(ctx: ModuleContext): AccountService {
  const base = createEntityService(ctx, accountEntity);

  /** Reads the records of `ids` the actor may see, in the order of `ids`. */
  const recordsOf = async (ids: readonly string[], includeArchived: boolean): Promise<Account[]> => {
    const byId = new Map<string, Account>();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      const page = await base.list({
        filter: [{ field: "id", op: "in", value: chunk }],
        includeArchived,
        limit: ID_CHUNK,
      });
      for (const account of page.items) byId.set(account.id, account);
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  };

  return {
    ...base,
    ancestors: async (id) => {
      const account = await base.get(parseInput(idSchema("acc"), id));
      const ids = await ctx.read((op) => ancestorIds(op, account.id));
      return recordsOf(ids, true);
    },
    descendants: async (id, options = {}) => {
      const parsed = parseInput(hierarchyPageOptionsSchema, options);
      const account = await base.get(parseInput(idSchema("acc"), id));
      const limit = parsed.limit ?? 50;
      const after = parsed.cursor === undefined ? null : decodeAfter(parsed.cursor);
      const ids = await ctx.read((op) => descendantIdPage(op, account.id, after, limit + 1));
      const pageIds = ids.slice(0, limit);
      const items = await recordsOf(pageIds, parsed.includeArchived ?? false);
      const last = pageIds[pageIds.length - 1];
      return { items, nextCursor: ids.length > limit && last !== undefined ? encodeAfter(last) : null };
    },
  };
}
