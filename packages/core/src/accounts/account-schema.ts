import * as z from "zod";
import { idSchema } from "../entities/base-record.js";
import { withRecordExtensions } from "../entities/record-input.js";
import {
  currencySchema,
  longTextSchema,
  moneyAmountSchema,
  nameSchema,
  plain,
  textSchema,
  userIdSchema,
} from "../schemas/common-schemas.js";
import { plainExtensionRules } from "../schemas/plain-fields.js";
import { bySchema, type FieldRule, integer, oneOf, recordId, strictObject, text } from "../schemas/plain-input.js";
import { addressSchema, plainAddress } from "./address-schema.js";

/** What an account is to the tenant. */
export const ACCOUNT_TYPES = ["customer", "prospect", "partner", "competitor", "supplier"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

const websiteSchema = z.url({ protocol: /^https?$/ }).max(2_000);

const accountFields = {
  name: nameSchema,
  type: z.enum(ACCOUNT_TYPES),
  industry: textSchema().trim().min(1).max(100).nullable(),
  website: websiteSchema.nullable(),
  description: longTextSchema.nullable(),
  /** The owning user; defaults to the creating user. */
  ownerId: userIdSchema.nullable(),
  /** Annual revenue in minor units of `currency`. */
  annualRevenue: moneyAmountSchema.nullable(),
  currency: currencySchema.nullable(),
  /**
   * The parent account (a subsidiary's group, a branch's head office). The hierarchy has
   * no cycles: a parent that is the account itself or one of its descendants is refused.
   */
  parentId: idSchema("acc").nullable(),
  /**
   * The account's size as its number of employees (a headcount, not a band). A number
   * sorts and filters with range operators, so any banding (`gte 50`, `lt 250`) is a list filter.
   */
  employeeCount: z.number().int("Use a whole number of employees").min(0).max(100_000_000).nullable(),
  billingAddress: addressSchema.nullable(),
  shippingAddress: addressSchema.nullable(),
};

function requireCurrencyWithMoney(
  value: { annualRevenue?: number | null | undefined; currency?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.annualRevenue != null && value.currency == null) {
    ctx.addIssue({ code: "custom", path: ["currency"], message: "A currency is required with annualRevenue" });
  }
}

/**
 * Input of `accounts.create`. Unknown keys are rejected (a typo fails loudly instead of
 * being dropped). `type` defaults to `"prospect"`.
 */
export const createAccountSchema = withRecordExtensions(
  z
    .object({
      ...accountFields,
      type: accountFields.type.default("prospect"),
      industry: accountFields.industry.optional(),
      website: accountFields.website.optional(),
      description: accountFields.description.optional(),
      ownerId: accountFields.ownerId.optional(),
      annualRevenue: accountFields.annualRevenue.optional(),
      currency: accountFields.currency.optional(),
      parentId: accountFields.parentId.optional(),
      employeeCount: accountFields.employeeCount.optional(),
      billingAddress: accountFields.billingAddress.optional(),
      shippingAddress: accountFields.shippingAddress.optional(),
    })
    .strict()
    .superRefine(requireCurrencyWithMoney),
);
export type CreateAccountInput = z.input<typeof createAccountSchema>;

/** `accountFields` for plain values (see `plain-input.ts`), in the same order. */
const plainAccountFields = {
  name: { read: plain.name },
  type: { read: oneOf(ACCOUNT_TYPES) },
  industry: { read: text({ trim: true, min: 1, max: 100 }), nullable: true },
  // A URL's rules (what the URL parser accepts, the `://` guard) are zod's own: asked, not restated.
  website: { read: bySchema(websiteSchema), nullable: true },
  description: { read: plain.longText, nullable: true },
  ownerId: { read: plain.userId, nullable: true },
  annualRevenue: { read: plain.moneyAmount, nullable: true },
  currency: { read: plain.currency, nullable: true },
  parentId: { read: recordId("acc"), nullable: true },
  employeeCount: { read: integer(0, 100_000_000), nullable: true },
  billingAddress: { read: plainAddress, nullable: true },
  shippingAddress: { read: plainAddress, nullable: true },
  ...plainExtensionRules,
} satisfies Record<keyof typeof accountFields, FieldRule>;

/**
 * {@link createAccountSchema} for plain inputs (see `plain-input.ts`): what its parse
 * returns, or `UNSURE` to let it decide. Keys in the schema's order.
 */
export const plainCreateAccount = strictObject(
  {
    ...plainAccountFields,
    name: { ...plainAccountFields.name, required: true },
    type: { ...plainAccountFields.type, fallback: () => "prospect" },
  },
  (account) => account.annualRevenue == null || account.currency != null,
);

/**
 * Input of `accounts.update`: any subset of the fields; `null` clears a nullable field.
 * An address is replaced whole, not merged part by part.
 */
export const updateAccountSchema = withRecordExtensions(z.object(accountFields).partial().strict());
export type UpdateAccountInput = z.input<typeof updateAccountSchema>;

/** {@link updateAccountSchema} for plain patches (see `plain-input.ts`). */
export const plainUpdateAccount = strictObject(plainAccountFields);
