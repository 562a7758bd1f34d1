import {
  currencySchema,
  idSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { dateSchema } from "../opportunities/opportunity-schema.js";
import { SALES_CHANNELS } from "../orders/order-schema.js";

/** What kind of partner sells for the tenant. */
export const PARTNER_TYPES = [
  "agent",
  "wholesaler",
  "retailer",
  "reseller",
  "distributor",
  "referral",
  "integrator",
] as const;
/** One of {@link PARTNER_TYPES}. */
export type PartnerType = (typeof PARTNER_TYPES)[number];

/** Partner tiers, lowest first. */
export const PARTNER_TIERS = ["registered", "silver", "gold", "platinum"] as const;
/** One of {@link PARTNER_TIERS}. */
export type PartnerTier = (typeof PARTNER_TIERS)[number];

/** Where a deal registration stands. */
export const REGISTRATION_STATUSES = ["pending", "approved", "rejected"] as const;
/** One of {@link REGISTRATION_STATUSES}. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

const partnerFields = {
  /** The partner's account (one partner record per account). */
  accountId: idSchema("acc"),
  partnerType: z.enum(PARTNER_TYPES),
  tier: z.enum(PARTNER_TIERS),
  /** Inactive partners keep their history but register and are attributed nothing new. */
  active: z.boolean(),
  /** The channel manager who looks after the partner. */
  ownerId: userIdSchema.nullable(),
  notes: textSchema().trim().min(1).max(5_000).nullable(),
};

/**
 * Input of `partners.create`. `tier` defaults to `registered`, `active` to `true`.
 *
 * @example
 * ```ts
 * await manager.sales.partners.create({ accountId: acme.id, partnerType: "reseller", tier: "gold" });
 * ```
 */
export const createPartnerSchema = withRecordExtensions(
  z
    .object({
      accountId: partnerFields.accountId,
      partnerType: partnerFields.partnerType,
      tier: partnerFields.tier.default("registered"),
      active: partnerFields.active.default(true),
      ownerId: partnerFields.ownerId.optional(),
      notes: partnerFields.notes.optional(),
    })
    .strict(),
);
/** What `partners.create` accepts. */
export type CreatePartnerInput = z.input<typeof createPartnerSchema>;

/** Input of `partners.update`: any subset except the account. */
export const updatePartnerSchema = withRecordExtensions(
  z
    .object({
      partnerType: partnerFields.partnerType,
      tier: partnerFields.tier,
      active: partnerFields.active,
      ownerId: partnerFields.ownerId,
      notes: partnerFields.notes,
    })
    .partial()
    .strict(),
);
/** What `partners.update` accepts. */
export type UpdatePartnerInput = z.input<typeof updatePartnerSchema>;

/**
 * Input of `partners.register`: a partner registers a deal at an account — an existing
 * opportunity, or a new one described by `dealName` (created on approval).
 */
export const registerDealSchema = z
  .object({
    partnerId: idSchema("prt"),
    accountId: idSchema("acc"),
    opportunityId: idSchema("opp").optional(),
    dealName: nameSchema.optional(),
    amount: moneyAmountSchema.optional(),
    currency: currencySchema.optional(),
    closeDate: dateSchema.optional(),
    notes: textSchema().trim().min(1).max(5_000).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.opportunityId === undefined && value.dealName === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["dealName"],
        message: "Name the deal, or register an existing opportunity",
      });
    }
    if (value.amount !== undefined && value.currency === undefined) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "A currency is required with amount" });
    }
  });
/** What `partners.register` accepts. */
export type RegisterDealInput = z.input<typeof registerDealSchema>;

/** Options of `partners.approveRegistration`. */
export const approveRegistrationSchema = z
  .object({
    /** Approve although another partner or a direct rep works the account. @default false */
    overrideConflicts: z.boolean().optional(),
    /** Who owns the opportunity created for a registration without one. @default the approver */
    ownerId: userIdSchema.optional(),
    note: textSchema().trim().min(1).max(2_000).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `partners.approveRegistration` accepts. */
export type ApproveRegistrationOptions = z.input<typeof approveRegistrationSchema>;

/** Options of `partners.rejectRegistration`. */
export const rejectRegistrationSchema = z
  .object({
    note: textSchema().trim().min(1).max(2_000).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `partners.rejectRegistration` accepts. */
export type RejectRegistrationOptions = z.input<typeof rejectRegistrationSchema>;

/** The record a channel attribution is set on. */
export const attributionTargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("opportunity"), id: idSchema("opp") }).strict(),
  z.object({ type: z.literal("order"), id: idSchema("ord") }).strict(),
]);
/** What `partners.attribute` takes as its target. */
export type AttributionTarget = z.input<typeof attributionTargetSchema>;

/** A channel attribution: the channel, and the partner when the channel is `partner`. */
export const attributionSchema = z
  .object({ channel: z.enum(SALES_CHANNELS), partnerId: idSchema("prt").nullable().optional() })
  .strict()
  .superRefine((value, ctx) => {
    if (value.channel === "partner" && value.partnerId == null) {
      ctx.addIssue({ code: "custom", path: ["partnerId"], message: "The partner channel names its partner" });
    }
    if (value.channel !== "partner" && value.partnerId != null) {
      ctx.addIssue({ code: "custom", path: ["partnerId"], message: "Only the partner channel names a partner" });
    }
  });
/** What `partners.attribute` accepts. */
export type AttributionInput = z.input<typeof attributionSchema>;

/** A period, both days included. */
export const periodRangeSchema = z
  .object({ from: dateSchema, to: dateSchema })
  .strict()
  .refine((value) => value.from <= value.to, { path: ["to"], message: "The period ends before it starts" });
/** What `partners.performance` reads over. */
export type PeriodRange = z.input<typeof periodRangeSchema>;
