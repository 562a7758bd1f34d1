import { defineEntity, type EntityRecord, field } from "@rapport/core";
import {
  createLeadSchema,
  LEAD_SOURCES,
  LEAD_STATUSES,
  type LeadSource,
  type LeadStatus,
  updateLeadSchema,
} from "./lead-schema.js";

const leadFields = {
  firstName: field.nullableText(),
  lastName: field.nullableText(),
  company: field.nullableText(),
  title: field.nullableText(),
  email: field.nullableText(),
  phone: field.nullableText(),
  country: field.nullableText(),
  productInterests: field.json<string[]>(),
  message: field.nullableText({ filterable: false, sortable: false }),
  source: field.text<LeadSource>({ values: LEAD_SOURCES }),
  sourceDetail: field.nullableText(),
  status: field.text<LeadStatus>({ computed: true, values: LEAD_STATUSES }),
  disqualifiedReason: field.nullableText(),
  ownerId: field.nullableText(),
  territoryId: field.nullableText(),
  /** The lead rule that routed the lead, if any. */
  ruleId: field.nullableText(),
  /** An existing contact this lead is known to be. */
  contactId: field.nullableText(),
  convertedAt: field.nullableTimestamp(),
  convertedAccountId: field.nullableText(),
  convertedContactId: field.nullableText(),
  convertedOpportunityId: field.nullableText(),
};

/** Leads: people or companies who may buy, before they are qualified and converted. */
export const leadEntity = defineEntity({
  type: "lead",
  table: "sales_leads",
  idPrefix: "lead",
  fields: leadFields,
  createSchema: createLeadSchema,
  patchSchema: updateLeadSchema,
  ownerField: "ownerId",
});

/** A lead as stored and returned. */
export type Lead = EntityRecord<typeof leadFields>;
