import { defineModule, hookPointOf, parseInput } from "@rapport/core";
import * as z from "zod";
import { businessCalendarEntity } from "./calendars/business-calendar-entity.js";
import { calendarsMigration } from "./calendars/calendars-migration.js";
import { callEntity } from "./calls/call-entity.js";
import { callsMigration } from "./calls/calls-migration.js";
import { caseCommentEntity } from "./cases/case-comment-entity.js";
import { caseEntity } from "./cases/case-entity.js";
import { caseCommentRecordsMigration, casesMigration } from "./cases/cases-migration.js";
import { complaintsMigration } from "./complaints/complaints-migration.js";
import { complaintEscalationJob } from "./complaints/escalation-job.js";
import { escalationRuleEntity } from "./complaints/escalation-rule-entity.js";
import { contractEntity } from "./entitlements/contract-entity.js";
import { entitlementEntity } from "./entitlements/entitlement-entity.js";
import { entitlementsMigration } from "./entitlements/entitlements-migration.js";
import { SERVICE_EVENTS } from "./events.js";
import { fieldServiceMigration } from "./field-service/field-service-migration.js";
import { technicianEntity } from "./field-service/technician-entity.js";
import { workOrderEntity } from "./field-service/work-order-entity.js";
import { articleEntity, feedbackEntity } from "./knowledge/article-entity.js";
import { categoryEntity } from "./knowledge/category-entity.js";
import { knowledgeMigration } from "./knowledge/knowledge-migration.js";
import { queueEntity } from "./queues/queue-entity.js";
import { queuesMigration } from "./queues/queues-migration.js";
import { routingMigration } from "./routing/routing-migration.js";
import { ruleSetEntity } from "./routing/routing-rule-set-entity.js";
import { createServiceClient } from "./service-client.js";
import { SERVICE_PERMISSIONS } from "./service-permissions.js";
import { seedServiceTenant } from "./service-seed.js";
import { timeZoneSchema } from "./shared/time-schemas.js";
import { slaTimersJob } from "./sla/sla-job.js";
import { slaPoliciesMigration } from "./sla/sla-migration.js";

/** Options of {@link service}. */
export const serviceOptionsSchema = z
  .object({
    /**
     * The IANA time zone of the seeded business calendar, and of "today" when entitlement and
     * contract dates are compared. @default "UTC"
     */
    timeZone: timeZoneSchema.default("UTC"),
  })
  .strict();
export type ServiceOptions = z.input<typeof serviceOptionsSchema>;

/**
 * The service module: cases from every channel with their lifecycle, contact-center intake
 * and routing, call logging, complaints with escalation, SLA policies on business calendars
 * (warnings and breaches from `crm.jobs.runDue()`), service contracts and entitlements, and
 * field-service work orders with dispatch, and a knowledge base with review, versions and a
 * customer portal (`service.knowledge`). Each new tenant gets a business calendar, a
 * default SLA policy, two queues and an entry routing rule set.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [service({ timeZone: "Europe/Berlin" })] });
 * await crm.tenants.create({ id: "acme", name: "Acme" });
 * const routed = await crm.system("acme").service.intake({ kind: "email", from: "ada@example.com", subject: "Login fails", body: "…" });
 * ```
 */
export function service(options: ServiceOptions = {}) {
  const { timeZone } = parseInput(serviceOptionsSchema, options);
  return defineModule({
    name: "service",
    migrations: [
      calendarsMigration,
      queuesMigration,
      slaPoliciesMigration,
      entitlementsMigration,
      casesMigration,
      complaintsMigration,
      callsMigration,
      routingMigration,
      fieldServiceMigration,
      caseCommentRecordsMigration,
      knowledgeMigration,
    ],
    entities: [
      caseEntity,
      caseCommentEntity,
      callEntity,
      workOrderEntity,
      technicianEntity,
      queueEntity,
      ruleSetEntity,
      businessCalendarEntity,
      contractEntity,
      entitlementEntity,
      escalationRuleEntity,
      articleEntity,
      categoryEntity,
      feedbackEntity,
    ],
    permissions: SERVICE_PERMISSIONS,
    hookPoints: { "case.change_status": hookPointOf<unknown>() },
    events: SERVICE_EVENTS,
    jobs: [slaTimersJob, complaintEscalationJob],
    client: (ctx) => createServiceClient(ctx, timeZone),
    onTenantCreated: (op) => seedServiceTenant(op, timeZone),
  });
}

/** The module `service()` returns. */
export type ServiceModule = ReturnType<typeof service>;
