import {
  boundContext,
  createEntityService,
  type EntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
} from "@rapport/core";
import { attribute, attributionOf, type ChannelAttribution } from "./attribution.js";
import { type DealRegistration, dealRegistrationEntity } from "./deal-registration-entity.js";
import { approveRegistration, registerDeal, rejectRegistration } from "./deal-registrations.js";
import { type Partner, partnerEntity } from "./partner-entity.js";
import { type PartnerPerformance, partnerPerformance } from "./partner-performance.js";
import type {
  ApproveRegistrationOptions,
  AttributionInput,
  AttributionTarget,
  CreatePartnerInput,
  PeriodRange,
  RegisterDealInput,
  RejectRegistrationOptions,
  UpdatePartnerInput,
} from "./partner-schema.js";

/**
 * Partners and channels: partner accounts with a type and a tier, deal registration with
 * conflict detection, channel attribution of opportunities and orders, and partner
 * performance. The standard verbs manage partners (one per account; `DuplicateError` otherwise).
 */
export interface PartnerService extends EntityService<Partner, CreatePartnerInput, UpdatePartnerInput> {
  /**
   * A partner registers a deal at an account (an existing opportunity or a new one named by
   * `dealName`). It is kept `pending` with the conflicts found — another partner's
   * registration, or an open opportunity of a direct rep. Emits `deal_registration.created`.
   *
   * @example
   * ```ts
   * const reg = await rep.sales.partners.register({ partnerId: acme.id, accountId: globex.id, dealName: "Globex rollout", amount: 900_000, currency: "USD" });
   * ```
   */
  register(input: RegisterDealInput): Promise<DealRegistration>;
  getRegistration(id: string): Promise<DealRegistration>;
  listRegistrations(options?: ListOptions): Promise<Page<DealRegistration>>;
  /**
   * Approves a pending registration: opens the opportunity if needed and attributes it to
   * the partner. Refuses with `DealRegistrationConflictError` (code `DEAL_REGISTRATION_CONFLICT`) while another
   * partner or a direct rep works the account, unless `overrideConflicts`. Needs `deal_registration:approve`.
   */
  approveRegistration(id: string, options?: ApproveRegistrationOptions): Promise<DealRegistration>;
  /** Rejects a pending registration. Needs `deal_registration:approve`. */
  rejectRegistration(id: string, options?: RejectRegistrationOptions): Promise<DealRegistration>;
  /** Sets the channel (and partner) an opportunity or an order came through. Needs `partner:attribute`. */
  attribute(target: AttributionTarget, input: AttributionInput): Promise<ChannelAttribution>;
  /** The channel and partner of an opportunity (`direct` until attributed) or an order. */
  attributionOf(target: AttributionTarget): Promise<ChannelAttribution>;
  /**
   * Every partner's registrations, wins and revenue over a period (both days included),
   * in the corporate currency, computed in SQL.
   */
  performance(range: PeriodRange): Promise<PartnerPerformance[]>;
}

const registrations = (op: OperationContext) => createEntityService(boundContext(op), dealRegistrationEntity);

/** Builds the partner service of one scoped client. */
export function createPartnerService(ctx: ModuleContext): PartnerService {
  return {
    ...createEntityService(ctx, partnerEntity),
    register: (input) => ctx.run((op) => registerDeal(op, input)),
    getRegistration: (id) => ctx.read((op) => registrations(op).get(id)),
    listRegistrations: (options) => ctx.read((op) => registrations(op).list(options)),
    approveRegistration: (id, options = {}) => ctx.run((op) => approveRegistration(op, id, options)),
    rejectRegistration: (id, options = {}) => ctx.run((op) => rejectRegistration(op, id, options)),
    attribute: (target, input) => ctx.run((op) => attribute(op, target, input)),
    attributionOf: (target) => ctx.read((op) => attributionOf(op, target)),
    performance: (range) => ctx.read((op) => partnerPerformance(op, range)),
  };
}
