import {
  boundContext,
  createEntityService,
  emailAddressSchema,
  type ListOptions,
  type ModuleContext,
  type Page,
  parseInput,
} from "@rapport/core";
import { type Suppression, suppressionEntity } from "./consent-entity.js";
import { type AddSuppressionInput, addSuppressionSchema } from "./consent-schema.js";
import { suppress, suppressedAmong } from "./suppression-store.js";

/** `client.marketing.suppressions`: addresses no marketing email goes to. */
export interface SuppressionService {
  /** Suppresses an address (lower-cased). Already suppressed: the existing entry, nothing written. */
  add(input: AddSuppressionInput): Promise<Suppression>;
  /** Lifts an address's suppression (archives the entry); not suppressed: `null`, nothing written. */
  lift(address: string): Promise<Suppression | null>;
  /** True when the address is suppressed. */
  isSuppressed(address: string): Promise<boolean>;
  /** The suppression list, newest first by default (the standard list options). */
  list(options?: ListOptions): Promise<Page<Suppression>>;
}

/** Builds `client.marketing.suppressions`. */
export function createSuppressionService(ctx: ModuleContext): SuppressionService {
  const base = createEntityService(ctx, suppressionEntity);
  return {
    add: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(addSuppressionSchema, input);
        await op.authorize("email_suppression:create");
        return op
          .records(suppressionEntity)
          .shown(await suppress(op, parsed.address, parsed.reason, parsed.source ?? null));
      }),
    lift: (address) =>
      ctx.run(async (op) => {
        const parsed = parseInput(emailAddressSchema, address);
        const found = await createEntityService(boundContext(op), suppressionEntity).list({
          filter: [{ field: "address", op: "eq", value: parsed }],
          limit: 1,
        });
        const entry = found.items[0];
        return entry ? createEntityService(boundContext(op), suppressionEntity).archive(entry.id) : null;
      }),
    isSuppressed: (address) =>
      ctx.read(async (op) => {
        const parsed = parseInput(emailAddressSchema, address);
        await op.authorize("email_suppression:read");
        return (await suppressedAmong(op, [parsed])).size > 0;
      }),
    list: (options) => base.list(options),
  };
}
