import { DuplicateError, type ModuleContext } from "@rapport/core";
import { type BusinessCalendarService, createBusinessCalendarService } from "./calendars/business-calendar-service.js";
import { type CallService, createCallService } from "./calls/call-service.js";
import { type CaseService, createCaseService } from "./cases/case-service.js";
import { type ComplaintService, createComplaintService } from "./complaints/complaint-service.js";
import {
  type ContractService,
  createContractService,
  createEntitlementService,
  type EntitlementService,
} from "./entitlements/entitlement-service.js";
import { createTechnicianService, type TechnicianService } from "./field-service/technician-service.js";
import { createWorkOrderService, type WorkOrderService } from "./field-service/work-order-service.js";
import { createKnowledgeService, type KnowledgeService } from "./knowledge/knowledge-service.js";
import { createQueueService, type QueueService } from "./queues/queue-service.js";
import { shownIntake } from "./routing/intake-field-security.js";
import type { IntakeRequest } from "./routing/intake-schema.js";
import { type IntakeResult, intakeIn, readIntake } from "./routing/intake-service.js";
import { createRoutingService, type RoutingService } from "./routing/routing-service.js";
import { createSlaPolicyService, type SlaPolicyService } from "./sla/sla-policy-service.js";

/** `client.service`: cases, contact-center intake and routing, calls, complaints, SLAs, contracts, field service and the knowledge base. */
export interface ServiceClient {
  /**
   * The one entry for every inbound request — a call, an email, a web form, a chat
   * transcript. The tenant's routing rules send it to a queue (as a case), to a complaint
   * handler (as a complaint), or to sales (as a lead, when the sales module is installed).
   * Calls are also logged. Needs `intake:create`, plus `case:create`, `call:create` or
   * `lead:capture` for what it creates.
   *
   * @example
   * ```ts
   * const routed = await crm.system("acme").service.intake({ kind: "web_form", subject: "Broken hinge", message: "…", customer: { email: "ada@example.com" } });
   * routed.caseId; // the case, in the queue the rules chose
   * ```
   */
  intake(request: IntakeRequest): Promise<IntakeResult>;
  /** Earlier intakes. */
  readonly intakes: { get(id: string): Promise<IntakeResult> };
  readonly cases: CaseService;
  readonly queues: QueueService;
  readonly routing: RoutingService;
  readonly calls: CallService;
  readonly complaints: ComplaintService;
  readonly calendars: BusinessCalendarService;
  readonly slaPolicies: SlaPolicyService;
  readonly contracts: ContractService;
  readonly entitlements: EntitlementService;
  readonly technicians: TechnicianService;
  readonly workOrders: WorkOrderService;
  /** The knowledge base: articles with review and versions, categories, case links, feedback, portal reads. */
  readonly knowledge: KnowledgeService;
}

/** Builds the service module's client for one scoped client; services are made on first use. */
export function createServiceClient(ctx: ModuleContext, timeZone: string): ServiceClient {
  const made = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as T;
  };
  return {
    intake: async (request) => {
      try {
        return await ctx.run(async (op) => shownIntake(op, await intakeIn(op, request, timeZone)));
      } catch (error) {
        // Lost a race on the idempotency key: the winner's result is there now.
        if (error instanceof DuplicateError && !ctx.inTransaction)
          return ctx.run(async (op) => shownIntake(op, await intakeIn(op, request, timeZone)));
        throw error;
      }
    },
    intakes: { get: (id) => ctx.read(async (op) => shownIntake(op, await readIntake(op, id))) },
    get cases() {
      return once("cases", () => createCaseService(ctx, timeZone));
    },
    get queues() {
      return once("queues", () => createQueueService(ctx));
    },
    get routing() {
      return once("routing", () => createRoutingService(ctx, timeZone));
    },
    get calls() {
      return once("calls", () => createCallService(ctx));
    },
    get complaints() {
      return once("complaints", () => createComplaintService(ctx));
    },
    get calendars() {
      return once("calendars", () => createBusinessCalendarService(ctx));
    },
    get slaPolicies() {
      return once("slaPolicies", () => createSlaPolicyService(ctx));
    },
    get contracts() {
      return once("contracts", () => createContractService(ctx));
    },
    get entitlements() {
      return once("entitlements", () => createEntitlementService(ctx, timeZone));
    },
    get technicians() {
      return once("technicians", () => createTechnicianService(ctx));
    },
    get workOrders() {
      return once("workOrders", () => createWorkOrderService(ctx));
    },
    get knowledge() {
      return once("knowledge", () => createKnowledgeService(ctx));
    },
  };
}
