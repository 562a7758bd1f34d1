import { idSchema, textSchema } from "@rapport/core";
import * as z from "zod";

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A key of `data`: an identifier a template can name, never a prototype key. */
const mergeKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "A merge key is a letter or _ followed by letters, digits or _")
  .refine((key) => !RESERVED_KEYS.has(key), "Reserved key");

/** Finds a reserved key at any depth of a JSON value. */
function reservedKeyPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = reservedKeyPath(item, [...path, index]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) return [...path, key];
      const found = reservedKeyPath((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Values the templates reach as `data.<key>`: JSON, without prototype keys. */
export const mergeDataSchema = z.record(mergeKeySchema, z.json()).superRefine((data, ctx) => {
  const path = reservedKeyPath(data);
  if (path) ctx.addIssue({ code: "custom", message: "Reserved key", path });
});

/**
 * Who a send goes to: contacts by id (repeats are sent once), or a campaign's contact
 * members — then the send belongs to the campaign, and members move to `sent`, `opened`
 * and `clicked` as their messages do.
 */
export const audienceSchema = z.union([
  z.object({ contactIds: z.array(idSchema("con")).min(1).max(50_000) }).strict(),
  z.object({ campaignId: idSchema("cmp") }).strict(),
]);

/**
 * Input of `marketing.email.createSend` and `send`.
 *
 * @example
 * ```ts
 * await marketer.marketing.email.send({ templateId, audience: { contactIds: [ann.id, bob.id] }, data: { offer: "SPRING10" }, perSecond: 10 });
 * ```
 */
export const createSendSchema = z
  .object({
    templateId: idSchema("etpl"),
    audience: audienceSchema,
    /** Values for the template's `data.*` merge fields. */
    data: mergeDataSchema.optional(),
    /** The sender; defaults to `marketing({ email: { from } })`. */
    from: textSchema()
      .trim()
      .min(3)
      .max(320)
      .refine((s) => !/[\r\n]/.test(s), "One line")
      .optional(),
    /** At most this many messages a second. @default no limit */
    perSecond: z.number().int().min(1).max(10_000).optional(),
    /**
     * What to do with recipients who may not be emailed (no consent, withdrawn, suppressed,
     * do-not-email, no address): `refuse` the whole send (`ValidationError`, nothing
     * written), or `skip` them (recorded as `skipped` with the reason). @default "refuse"
     */
    withoutConsent: z.enum(["refuse", "skip"]).optional(),
  })
  .strict();
/** Input of `marketing.email.createSend` and `send`. */
export type CreateSendInput = z.input<typeof createSendSchema>;
