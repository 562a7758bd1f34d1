import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import type { PeriodType } from "./period.js";
import { PERIOD_TYPES } from "./period.js";
import type { QuotaMeasure } from "./quota-schema.js";
import { QUOTA_MEASURES } from "./quota-schema.js";

const quotaFields = {
  subjectType: field.text<"user" | "team">(),
  /** The user the quota is for (its owner), or `null` for a team quota. */
  userId: field.nullableText(),
  teamId: field.nullableText(),
  periodType: field.text<PeriodType>({ values: PERIOD_TYPES }),
  periodStart: field.text(),
  /** The period's last day, included. */
  periodEnd: field.text(),
  measure: field.text<QuotaMeasure>({ values: QUOTA_MEASURES }),
  target: field.integer(),
  /** The corporate currency of a revenue target; `null` for a count. */
  currency: field.nullableText(),
};

/** A sales quota: a target for a user or a team over a period. */
export type Quota = EntityRecord<typeof quotaFields>;

/** Quotas; a rep reads their own (`quota:read` in `own` scope follows `userId`). */
export const quotaEntity = defineEntity({
  type: "quota",
  table: "sales_quotas",
  idPrefix: "quota",
  fields: quotaFields,
  ...PREPARED_INPUT,
  ownerField: "userId",
});
