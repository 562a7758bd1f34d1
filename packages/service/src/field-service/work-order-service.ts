import {
  createEntityService,
  type EntityService,
  InvalidTransitionError,
  idSchema,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { boundContext } from "../shared/bound-context.js";
import { peersOf } from "../shared/peers.js";
import type { ServiceDb, WorkOrderRow } from "../shared/service-tables.js";
import { type DispatchProposal, proposeTechnicians } from "./dispatch-planner.js";
import { dispatchIn } from "./work-order-dispatch.js";
import { storedWorkOrderEntity, type WorkOrder, workOrderEntity } from "./work-order-entity.js";
import { assertMove, insertPart, loadOrder, move, type WorkOrderPart } from "./work-order-moves.js";
import {
  type CompleteWorkOrderInput,
  type CreateWorkOrderInput,
  completeWorkOrderSchema,
  createWorkOrderSchema,
  type DispatchInput,
  type OutcomeReasonInput,
  outcomeReasonSchema,
  type PartInput,
  type ProgressInput,
  progressSchema,
  type UpdateWorkOrderInput,
} from "./work-order-schema.js";

/** Work orders: the standard service plus dispatch and the visit's progress. */
export interface WorkOrderService extends EntityService<WorkOrder, CreateWorkOrderInput, UpdateWorkOrderInput> {
  /** The technicians who could do it, best first (see `proposeTechnicians` for the rule). Writes nothing. */
  proposals(id: string): Promise<DispatchProposal[]>;
  /**
   * Assigns a technician and a slot: the one given (checked: skills, working hours, window,
   * no clash) or the best proposal. Books the visit on the technician's calendar when the
   * core calendar is installed. A refused technician is a `ValidationError` with
   * `details.reason` (see `DISPATCH_REFUSALS`); nothing is written. Emits `work_order.dispatched`.
   */
  dispatch(id: string, input?: DispatchInput): Promise<WorkOrder>;
  /** The technician set off: `scheduled → en_route`. */
  startTravel(id: string, input?: ProgressInput): Promise<WorkOrder>;
  /** The technician arrived: `en_route → on_site`. */
  arrive(id: string, input?: ProgressInput): Promise<WorkOrder>;
  /** The work is done: `on_site → completed`, with time and parts used. Emits `work_order.completed`. */
  complete(id: string, input?: CompleteWorkOrderInput): Promise<WorkOrder>;
  /** The work could not be done (no access, wrong part): from scheduled, en route or on site. */
  cannotComplete(id: string, input: OutcomeReasonInput): Promise<WorkOrder>;
  /** Calls off a work order that is not under way (new or scheduled); its appointment is cancelled. */
  cancel(id: string, input: OutcomeReasonInput): Promise<WorkOrder>;
  /** Records a part used on site. */
  addPart(id: string, part: PartInput): Promise<WorkOrderPart>;
  /** The parts used, in the order recorded. */
  parts(id: string): Promise<WorkOrderPart[]>;
}

/** Builds `client.service.workOrders`. */
export function createWorkOrderService(ctx: ModuleContext): WorkOrderService {
  const base = createEntityService(ctx, workOrderEntity);
  const read = (op: OperationContext, id: string) => createEntityService(boundContext(op), workOrderEntity).get(id);
  const verb = (id: string, fn: (op: OperationContext) => Promise<void>) =>
    ctx.run(async (op) => {
      await fn(op);
      return read(op, parseInput(idSchema("wo"), id));
    });
  const progress =
    (to: "en_route" | "on_site", stamp: Partial<WorkOrderRow>) =>
    (id: string, input: ProgressInput = {}) =>
      verb(id, async (op) => {
        const { expectedVersion } = parseInput(progressSchema, input);
        const row = await loadOrder(op, id, expectedVersion);
        await op.authorize("work_order:update_status", { ownerId: row.owner_id, createdBy: row.created_by });
        await move(
          op,
          row,
          to,
          to === "on_site" ? { arrived_at: op.timestamp } : stamp,
          to === "on_site" ? "arrive" : "start_travel",
        );
      });
  const create = (op: OperationContext, input: CreateWorkOrderInput) => createIn(op, input);
  return {
    ...base,
    create: (input) => ctx.run((op) => create(op, input)),
    createMany: (inputs) =>
      ctx.run(async (op) => {
        const created: WorkOrder[] = [];
        for (const input of inputs) created.push(await create(op, input));
        return created;
      }),
    upsertByExternalId: (system, externalId, input) =>
      ctx.run(async (op) => {
        const bound = createEntityService(boundContext(op), workOrderEntity);
        const existing = await bound.findByExternalId(system, externalId);
        if (!existing)
          return {
            record: await create(op, { ...input, externalIds: { ...input.externalIds, [system]: externalId } }),
            created: true,
          };
        const { title, description, location, custom, tags } = input;
        const patch = Object.fromEntries(
          Object.entries({ title, description, location, custom, tags }).filter(([, v]) => v !== undefined),
        );
        return { record: await bound.update(existing.id, patch as UpdateWorkOrderInput), created: false };
      }),
    proposals: (id) =>
      ctx.read(async (op) => {
        const workOrderId = parseInput(idSchema("wo"), id);
        const row = await (op.db as ServiceDb)
          .selectFrom("service_work_orders")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", workOrderId)
          .executeTakeFirst();
        if (!row) throw new NotFoundError("work_order", workOrderId);
        await op.authorize("work_order:dispatch", { ownerId: row.owner_id, createdBy: row.created_by });
        return proposeTechnicians(op, row);
      }),
    dispatch: (id, input = {}) => verb(id, (op) => dispatchIn(op, id, input)),
    startTravel: progress("en_route", {}),
    arrive: progress("on_site", {}),
    complete: (id, input = {}) =>
      verb(id, async (op) => {
        const parsed = parseInput(completeWorkOrderSchema, input);
        const row = await loadOrder(op, id, parsed.expectedVersion);
        await op.authorize("work_order:update_status", { ownerId: row.owner_id, createdBy: row.created_by });
        assertMove(row, "completed");
        for (const part of parsed.parts ?? []) await insertPart(op, row.id, part);
        const since = row.arrived_at === null ? op.now.getTime() : Date.parse(row.arrived_at);
        const minutes = parsed.minutesWorked ?? Math.max(0, Math.ceil((op.now.getTime() - since) / 60_000));
        await move(
          op,
          row,
          "completed",
          { finished_at: op.timestamp, minutes_worked: minutes, outcome_note: parsed.notes ?? null },
          "complete",
        );
        op.emit("work_order.completed", {
          id: row.id,
          technicianId: row.technician_id,
          minutesWorked: minutes,
          parts: parsed.parts?.length ?? 0,
        });
      }),
    cannotComplete: (id, input) =>
      verb(id, async (op) => {
        const parsed = parseInput(outcomeReasonSchema, input);
        const row = await loadOrder(op, id, parsed.expectedVersion);
        await op.authorize("work_order:update_status", { ownerId: row.owner_id, createdBy: row.created_by });
        await move(
          op,
          row,
          "cannot_complete",
          { finished_at: op.timestamp, outcome_note: parsed.reason },
          "cannot_complete",
        );
      }),
    cancel: (id, input) =>
      verb(id, async (op) => {
        const parsed = parseInput(outcomeReasonSchema, input);
        const row = await loadOrder(op, id, parsed.expectedVersion);
        await op.authorize("work_order:dispatch", { ownerId: row.owner_id, createdBy: row.created_by });
        assertMove(row, "cancelled");
        if (row.appointment_id !== null) await peersOf(op).calendar?.archive(row.appointment_id);
        await move(op, row, "cancelled", { outcome_note: parsed.reason }, "cancel");
      }),
    addPart: (id, part) =>
      ctx.run(async (op) => {
        const row = await loadOrder(op, id);
        await op.authorize("work_order:update_status", { ownerId: row.owner_id, createdBy: row.created_by });
        if (row.status !== "on_site")
          throw new InvalidTransitionError(`Parts are recorded on site; work_order ${row.id} is ${row.status}`);
        return insertPart(op, row.id, part);
      }),
    parts: (id) =>
      ctx.read(async (op) => {
        const workOrder = await read(op, parseInput(idSchema("wo"), id));
        const rows = await (op.db as ServiceDb)
          .selectFrom("service_work_order_parts")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("work_order_id", "=", workOrder.id)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        return rows.map((r) => ({
          id: r.id,
          workOrderId: r.work_order_id,
          productId: r.product_id,
          description: r.description,
          quantity: Number(r.quantity),
          createdAt: r.created_at,
          createdBy: r.created_by,
        }));
      }),
  };
}

/** Creates a work order in the caller's transaction, taking title and account from its case. */
async function createIn(op: OperationContext, input: CreateWorkOrderInput): Promise<WorkOrder> {
  const parsed = parseInput(createWorkOrderSchema, input);
  let fromCase: { subject: string; account_id: string | null } | undefined;
  if (parsed.caseId) {
    fromCase = await (op.db as ServiceDb)
      .selectFrom("service_cases")
      .select(["subject", "account_id"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", parsed.caseId)
      .executeTakeFirst();
  }
  return createEntityService(boundContext(op), storedWorkOrderEntity).create({
    caseId: parsed.caseId ?? null,
    accountId: parsed.accountId ?? fromCase?.account_id ?? null,
    title: parsed.title ?? fromCase?.subject ?? "",
    description: parsed.description ?? null,
    location: parsed.location,
    territory: parsed.territory ?? null,
    requiredSkills: [...new Set(parsed.requiredSkills)],
    durationMinutes: parsed.durationMinutes,
    windowStart: parsed.windowStart,
    windowEnd: parsed.windowEnd,
    status: "new",
    technicianId: null,
    ownerId: op.actor.system ? null : op.actor.userId,
    scheduledStart: null,
    scheduledEnd: null,
    appointmentId: null,
    arrivedAt: null,
    finishedAt: null,
    minutesWorked: null,
    outcomeNote: null,
    ...(parsed.custom ? { custom: parsed.custom } : {}),
    ...(parsed.externalIds ? { externalIds: parsed.externalIds } : {}),
    ...(parsed.tags ? { tags: parsed.tags } : {}),
  });
}
