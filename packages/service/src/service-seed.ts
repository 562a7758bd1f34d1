import { boundContext, type OperationContext } from "@rapport/core";
import { createBusinessCalendarService } from "./calendars/business-calendar-service.js";
import { createQueueService } from "./queues/queue-service.js";
import { createRoutingService, setEntryRuleSet } from "./routing/routing-service.js";
import type { SlaTargets } from "./sla/sla-policy-schema.js";
import { createSlaPolicyService, setDefaultPolicy } from "./sla/sla-policy-service.js";

/** The default SLA targets, in business minutes: an urgent case gets a response in 30 minutes and a fix within the day. */
export const DEFAULT_SLA_TARGETS: SlaTargets = Object.freeze({
  urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  normal: { firstResponseMinutes: 240, resolutionMinutes: 1_440 },
  low: { firstResponseMinutes: 480, resolutionMinutes: 2_400 },
});

/** Words that make the default rules treat a request as a complaint. */
export const DEFAULT_COMPLAINT_KEYWORDS = ["complaint", "complain", "unacceptable", "refund", "disappointed"];

/** Words that make the default rules treat a request as a buying enquiry for sales. */
export const DEFAULT_BUYING_KEYWORDS = ["quote", "pricing", "price list", "purchase", "buy", "order more"];

/**
 * Seeds a new tenant: a business calendar (Monday–Friday 09:00–17:00 in `timeZone`), the
 * default SLA policy on it, a "General support" queue (round robin), a "Complaints" queue
 * (least loaded), and the entry routing rule set — complaints to the complaints queue,
 * buying enquiries to sales, everything else to general support.
 */
export async function seedServiceTenant(op: OperationContext, timeZone: string): Promise<void> {
  const ctx = boundContext(op);
  const calendar = await createBusinessCalendarService(ctx).create({
    name: "Standard business hours",
    timeZone,
    workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })),
  });
  const policy = await createSlaPolicyService(ctx).create({
    name: "Standard",
    calendarId: calendar.id,
    targets: DEFAULT_SLA_TARGETS,
  });
  await setDefaultPolicy(op, policy.id);
  const queues = createQueueService(ctx);
  const general = await queues.create({ name: "General support", distribution: "round_robin" });
  const complaints = await queues.create({ name: "Complaints", distribution: "least_loaded" });
  const inbound = await createRoutingService(ctx, timeZone).ruleSets.create({
    name: "Inbound",
    calendarId: calendar.id,
    rules: [
      {
        name: "Complaints",
        when: { keywords: DEFAULT_COMPLAINT_KEYWORDS },
        action: { kind: "complaint", queueId: complaints.id },
      },
      {
        name: "Buying enquiries",
        when: { keywords: DEFAULT_BUYING_KEYWORDS },
        action: { kind: "sales_lead", fallbackQueueId: general.id },
      },
    ],
    fallback: { kind: "queue", queueId: general.id },
  });
  await setEntryRuleSet(op, inbound.id);
}
