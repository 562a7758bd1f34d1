import {
  boundContext,
  createEntityService,
  type EntityService,
  InvalidTransitionError,
  idSchema,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { peersOf } from "../shared/peers.js";
import { serviceDb } from "../shared/service-tables.js";
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
    (verbName: "start_travel" | "arrive", to: "en_route" | "on_site") =>
    (id: string, input: ProgressInput = {}) =>
      verb(id, async (op) => {
        const { expectedVersion } = parseInput(progressSchema, input);
        const order = await loadOrder(op, id, { expectedVersion, authorize: "update_status" });
        await move(op, order, verbName, to, to === "on_site" ? { arrivedAt: op.timestamp } : {});
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
        const order = await op.records(workOrderEntity).get(parseInput(idSchema("wo"), id), { authorize: "dispatch" });
        return proposeTechnicians(op, order);
      }),
    dispatch: (id, input = {}) => verb(id, (op) => dispatchIn(op, id, input)),
    startTravel: progress("start_travel", "en_route"),
    arrive: progress("arrive", "on_site"),
    complete: (id, input = {}) =>
      verb(id, async (op) => {
        const parsed = parseInput(completeWorkOrderSchema, input);
        const order = await loadOrder(op, id, { expectedVersion: parsed.expectedVersion, authorize: "update_status" });
        // Checked before the parts are written: a refused move must write nothing.
        assertMove(op, order, "complete", "completed");
        for (const part of parsed.parts ?? []) await insertPart(op, order.id, part);
        const since = order.arrivedAt === null ? op.now.getTime() : Date.parse(order.arrivedAt);
        const minutes = parsed.minutesWorked ?? Math.max(0, Math.ceil((op.now.getTime() - since) / 60_000));
        const parts = parsed.parts?.length ?? 0;
        await move(
          op,
          order,
          "complete",
          "completed",
          { finishedAt: op.timestamp, minutesWorked: minutes, outcomeNote: parsed.notes ?? null },
          (after) => [
            {
              type: "work_order.completed",
              data: { id: after.id, technicianId: after.technicianId, minutesWorked: minutes, parts },
            },
          ],
        );
      }),
    cannotComplete: (id, input) =>
      verb(id, async (op) => {
        const parsed = parseInput(outcomeReasonSchema, input);
        const order = await loadOrder(op, id, { expectedVersion: parsed.expectedVersion, authorize: "update_status" });
        await move(op, order, "cannot_complete", "cannot_complete", {
          finishedAt: op.timestamp,
          outcomeNote: parsed.reason,
        });
      }),
    cancel: (id, input) =>
      verb(id, async (op) => {
        const parsed = parseInput(outcomeReasonSchema, input);
        const order = await loadOrder(op, id, { expectedVersion: parsed.expectedVersion, authorize: "dispatch" });
        // Checked before the appointment is cancelled: a refused move must write nothing.
        assertMove(op, order, "cancel", "cancelled");
        if (order.appointmentId !== null) await peersOf(op).calendar?.archive(order.appointmentId);
        await move(op, order, "cancel", "cancelled", { outcomeNote: parsed.reason });
      }),
    addPart: (id, part) =>
      ctx.run(async (op) => {
        const order = await loadOrder(op, id, { authorize: "update_status" });
        if (order.status !== "on_site")
          throw new InvalidTransitionError(`Parts are recorded on site; work_order ${order.id} is ${order.status}`);
        return insertPart(op, order.id, part);
      }),
    parts: (id) =>
      ctx.read(async (op) => {
        const workOrder = await read(op, parseInput(idSchema("wo"), id));
        const rows = await serviceDb(op)
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
    fromCase = await serviceDb(op)
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
