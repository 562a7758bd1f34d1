import {
  boundContext,
  createEntityService,
  idSchema,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { salesDb } from "../database.js";
import { DealRegistrationConflictError, wrongStatus } from "../errors.js";
import { isMissing } from "../internal/missing-link.js";
import { createOpportunityIn } from "../opportunities/opportunity-service.js";
import { attributeOpportunity, requireActivePartner } from "./attribution.js";
import {
  type DealRegistration,
  dealRegistrationEntity,
  type RegistrationConflict,
} from "./deal-registration-entity.js";
import { approveRegistrationSchema, registerDealSchema, rejectRegistrationSchema } from "./partner-schema.js";

/**
 * Who else works the account, in SQL: other partners' pending or approved registrations,
 * and open opportunities not attributed to this partner (a direct rep's, or another partner's).
 */
export async function conflictsFor(
  op: OperationContext,
  partnerId: string,
  accountId: string,
  exceptRegistrationId: string | null,
): Promise<RegistrationConflict[]> {
  const db = salesDb(op);
  const registrations = await db
    .selectFrom("sales_deal_registrations")
    .select(["id", "partner_id", "opportunity_id", "owner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("account_id", "=", accountId)
    .where("partner_id", "!=", partnerId)
    .where("status", "in", ["pending", "approved"])
    .where("archived_at", "is", null)
    .$if(exceptRegistrationId !== null, (q) => q.where("id", "!=", exceptRegistrationId as string))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const opportunities = await db
    .selectFrom("sales_opportunities")
    .select(["id", "owner_id", "partner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("account_id", "=", accountId)
    .where("status", "=", "open")
    .where("archived_at", "is", null)
    .where((eb) => eb.or([eb("partner_id", "is", null), eb("partner_id", "!=", partnerId)]))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return [
    ...registrations.map((r) => ({
      kind: "partner" as const,
      partnerId: r.partner_id,
      registrationId: r.id,
      opportunityId: r.opportunity_id,
      ownerId: r.owner_id,
    })),
    ...opportunities.map((o) => ({
      kind: o.partner_id === null ? ("direct" as const) : ("partner" as const),
      partnerId: o.partner_id,
      registrationId: null,
      opportunityId: o.id,
      ownerId: o.owner_id,
    })),
  ];
}

/**
 * `partners.register`: a partner registers a deal at an account. The registration is kept
 * `pending` with the conflicts found (other partners, direct reps) for the approver.
 */
export async function registerDeal(op: OperationContext, input: unknown): Promise<DealRegistration> {
  const parsed = parseInput(registerDealSchema, input);
  await op.authorize("deal_registration:create");
  await requireActivePartner(op, parsed.partnerId, ["partnerId"]);
  try {
    await op.recordRef("account", parsed.accountId);
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw ValidationError.forField(["accountId"], `Account ${parsed.accountId} does not exist`);
  }
  if (parsed.opportunityId !== undefined) {
    const row = await salesDb(op)
      .selectFrom("sales_opportunities")
      .select(["account_id", "status"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", parsed.opportunityId)
      .executeTakeFirst();
    if (row?.account_id !== parsed.accountId) {
      throw ValidationError.forField(
        ["opportunityId"],
        `Opportunity ${parsed.opportunityId} is not on account ${parsed.accountId}`,
      );
    }
    if (row.status !== "open")
      throw ValidationError.forField(["opportunityId"], `Opportunity ${parsed.opportunityId} is closed`);
  }
  // An opportunity already attributed to this partner is theirs; any other open one conflicts, the registered one too.
  const conflicts = await conflictsFor(op, parsed.partnerId, parsed.accountId, null);
  return createEntityService(boundContext(op), dealRegistrationEntity).create({
    partnerId: parsed.partnerId,
    accountId: parsed.accountId,
    opportunityId: parsed.opportunityId ?? null,
    dealName: parsed.dealName ?? null,
    amount: parsed.amount ?? null,
    currency: parsed.currency ?? null,
    closeDate: parsed.closeDate ?? null,
    notes: parsed.notes ?? null,
    status: "pending",
    conflicts,
  });
}

/**
 * `partners.approveRegistration`: checks conflicts again and refuses
 * (`DealRegistrationConflictError`, reason `registration_conflict`, the conflicts in `details`) unless `overrideConflicts`;
 * then opens the opportunity when the registration had none, and attributes it to the
 * partner. Emits `deal_registration.approved`.
 */
export async function approveRegistration(
  op: OperationContext,
  id: string,
  options: unknown,
): Promise<DealRegistration> {
  const parsed = parseInput(approveRegistrationSchema, options);
  const registrations = op.records(dealRegistrationEntity);
  const before = await registrations.loadForChange(parseInput(idSchema("dreg"), id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "approve",
  });
  if (before.status !== "pending") throw wrongStatus("deal_registration", before.id, before.status, "approved");
  // Serialises approvals at one account, so two partners cannot both be approved there at once.
  await op.lock(`deal_registration:${before.accountId}`);
  const conflicts = await conflictsFor(op, before.partnerId, before.accountId, before.id);
  if (conflicts.length > 0 && parsed.overrideConflicts !== true) {
    throw new DealRegistrationConflictError(
      `Account ${before.accountId} is already worked by another partner or a direct rep`,
      {
        details: { reason: "registration_conflict", conflicts },
      },
    );
  }
  let opportunityId = before.opportunityId;
  if (opportunityId === null) {
    const created = await createOpportunityIn(op, {
      accountId: before.accountId,
      name: before.dealName,
      ownerId: parsed.ownerId ?? op.actor.userId,
      source: "partner",
      ...(before.amount === null ? {} : { amount: before.amount, currency: before.currency }),
      ...(before.closeDate === null ? {} : { closeDate: before.closeDate }),
    });
    opportunityId = created.id;
  }
  // Approving the registration attributes the deal: the approver needs to see it, not to work it.
  await attributeOpportunity(op, opportunityId, "partner", before.partnerId, "read");
  const after = await registrations.change(
    before,
    {
      status: "approved",
      opportunityId,
      conflicts,
      decidedAt: op.timestamp,
      decidedBy: op.actor.userId,
      decisionNote: parsed.note ?? null,
    },
    {
      action: "approve",
      events: (after) => [
        {
          type: "deal_registration.approved",
          data: { id: after.id, partnerId: after.partnerId, accountId: after.accountId, opportunityId },
        },
      ],
    },
  );
  return registrations.shown(after);
}

/** `partners.rejectRegistration`: a pending registration is turned down. Emits `deal_registration.rejected`. */
export async function rejectRegistration(
  op: OperationContext,
  id: string,
  options: unknown,
): Promise<DealRegistration> {
  const parsed = parseInput(rejectRegistrationSchema, options);
  const registrations = op.records(dealRegistrationEntity);
  // Rejecting is the other half of the approval decision: the same permission.
  const before = await registrations.loadForChange(parseInput(idSchema("dreg"), id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "approve",
  });
  if (before.status !== "pending") throw wrongStatus("deal_registration", before.id, before.status, "rejected");
  const after = await registrations.change(
    before,
    { status: "rejected", decidedAt: op.timestamp, decidedBy: op.actor.userId, decisionNote: parsed.note ?? null },
    {
      action: "reject",
      events: (after) => [
        {
          type: "deal_registration.rejected",
          data: {
            id: after.id,
            partnerId: after.partnerId,
            accountId: after.accountId,
            opportunityId: after.opportunityId,
          },
        },
      ],
    },
  );
  return registrations.shown(after);
}
