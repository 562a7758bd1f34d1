import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import type { RegistrationStatus } from "./partner-schema.js";
import { REGISTRATION_STATUSES } from "./partner-schema.js";

/** Who else works the account a partner registered: another partner, or a direct rep. */
export interface RegistrationConflict {
  readonly kind: "partner" | "direct";
  /** The other partner (`kind: "partner"`). */
  readonly partnerId: string | null;
  /** The other partner's registration, when the conflict is one. */
  readonly registrationId: string | null;
  /** The open opportunity someone else works on the account. */
  readonly opportunityId: string | null;
  /** Its owner. */
  readonly ownerId: string | null;
}

const registrationFields = {
  partnerId: field.text(),
  accountId: field.text(),
  opportunityId: field.nullableText(),
  dealName: field.nullableText(),
  amount: field.nullableInteger(),
  currency: field.nullableText(),
  closeDate: field.nullableText(),
  notes: field.nullableText({ filterable: false, sortable: false }),
  status: field.text<RegistrationStatus>({ values: REGISTRATION_STATUSES }),
  /** Conflicts found when the deal was registered (approval checks again). */
  conflicts: field.json<RegistrationConflict[]>(),
  ownerId: field.nullableText(),
  decidedAt: field.nullableTimestamp(),
  decidedBy: field.nullableText(),
  decisionNote: field.nullableText({ filterable: false, sortable: false }),
};

/** A partner's registration of a deal at an account. */
export type DealRegistration = EntityRecord<typeof registrationFields>;

/** Deal registrations: a partner claims a deal; a manager approves or rejects it. */
export const dealRegistrationEntity = defineEntity({
  type: "deal_registration",
  table: "sales_deal_registrations",
  idPrefix: "dreg",
  fields: registrationFields,
  ...PREPARED_INPUT,
  ownerField: "ownerId",
});
