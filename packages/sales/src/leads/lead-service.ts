import {
  boundContext,
  createEntityService,
  idSchema,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { invalidTransition } from "../errors.js";
import { isMissing } from "../internal/missing-link.js";
import { preparedDefinition } from "../internal/prepared-definition.js";
import { type SyncVerbs, syncVerbs } from "../internal/sync-verbs.js";
import { territoryEntity } from "../territories/territory-entity.js";
import type { CaptureOptions, CaptureResult, LeadCaptureInput } from "./capture-schema.js";
import { normalisedPhone } from "./contact-normalise.js";
import type { ConvertLeadInput, LeadConversion } from "./conversion-schema.js";
import { captureLead } from "./lead-capture.js";
import { convertLead } from "./lead-conversion.js";
import { type Lead, leadEntity } from "./lead-entity.js";
import { routeLead, territoryFor } from "./lead-routing.js";
import {
  type AssignLeadOptions,
  assignLeadSchema,
  type CreateLeadInput,
  createLeadSchema,
  type DisqualifyLeadOptions,
  disqualifyLeadSchema,
  type LeadStatus,
  type UpdateLeadInput,
  updateLeadSchema,
} from "./lead-schema.js";

/** Leads: capture, qualification, routing and conversion. */
export interface LeadService extends SyncVerbs<Lead, CreateLeadInput> {
  /** Creates a lead (status `new`). Needs `lead:create`. Emits `lead.created`. */
  create(input: CreateLeadInput): Promise<Lead>;
  get(id: string): Promise<Lead>;
  /** A page of the leads the actor may see (a rep: their own). */
  list(options?: ListOptions): Promise<Page<Lead>>;
  /** Changes fields; a new `country` re-derives the territory unless `territoryId` is given. */
  update(id: string, patch: UpdateLeadInput, options?: WriteOptions): Promise<Lead>;
  archive(id: string, options?: WriteOptions): Promise<Lead>;
  /** `new` or `qualified` → `working`. Needs `lead:qualify`. */
  startWorking(id: string, options?: WriteOptions): Promise<Lead>;
  /** `new`/`working` → `qualified`: ready to convert. Needs `lead:qualify`. */
  qualify(id: string, options?: WriteOptions): Promise<Lead>;
  /** `new`/`working`/`qualified` → `disqualified`, with a reason. Needs `lead:qualify`. */
  disqualify(id: string, options: DisqualifyLeadOptions): Promise<Lead>;
  /** `disqualified` → `working`, clearing the reason. Needs `lead:qualify`. */
  reopen(id: string, options?: WriteOptions): Promise<Lead>;
  /** Gives the lead to `userId`, or (without one) routes it by the lead rules. Needs `lead:assign`. */
  assign(id: string, options?: AssignLeadOptions): Promise<Lead>;
  /**
   * Web-to-lead: takes a submission from the host's web form — validated, normalised
   * (lower-case email, E.164 phone), matched against open leads and existing contacts (a
   * match attaches the submission instead of creating a copy), routed by the lead rules,
   * and converted straight into an opportunity when a matching rule says `autoConvert`.
   *
   * Idempotent by `idempotencyKey`: the same key again returns the first result (with
   * `replayed: true`) and writes nothing; the same key with a different payload is a
   * `IdempotencyKeyError` (code `IDEMPOTENCY_KEY_REUSED`). Concurrent calls with one key create one lead: the losers of the race
   * on the key's unique constraint retry and replay — except inside `transaction()`, where the
   * failed insert spoils the transaction and the call throws `DuplicateError` (reason
   * `idempotency_key_in_flight`) for the caller to retry. Needs `lead:capture` (typically
   * `crm.system(tenantId)`) and `contact:read` to match contacts.
   *
   * @example
   * ```ts
   * const result = await crm.system("acme").sales.leads.capture(
   *   { email: "Ada@Example.com", firstName: "Ada", company: "Analytical Ltd", country: "GB" },
   *   { idempotencyKey: request.headers["idempotency-key"] },
   * );
   * ```
   */
  capture(input: LeadCaptureInput, options?: CaptureOptions): Promise<CaptureResult>;
  /**
   * Converts a qualified lead into an account, a contact and (unless `opportunity: false`)
   * an opportunity — or attaches it to an existing account and contact — in one
   * transaction. Needs `lead:convert`. Emits `lead.converted`.
   */
  convert(id: string, input?: ConvertLeadInput): Promise<LeadConversion>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), leadEntity);
const prepared = (op: OperationContext) => createEntityService(boundContext(op), preparedDefinition(leadEntity));

async function assertTerritory(op: OperationContext, territoryId: string | null | undefined): Promise<void> {
  if (territoryId == null) return;
  // A rep may file a lead under a territory they do not administer: its existence is checked as the system.
  await op
    .asSystem()
    .records(territoryEntity)
    .get(territoryId)
    .catch((error: unknown) => {
      if (!isMissing(error)) throw error;
      throw ValidationError.forField(["territoryId"], `Territory ${territoryId} does not exist`);
    });
}

async function createIn(op: OperationContext, input: unknown): Promise<Lead> {
  const parsed = parseInput(createLeadSchema, input);
  const phone = normalisedPhone(parsed.phone, parsed.country);
  await op.authorize("lead:create");
  await assertTerritory(op, parsed.territoryId);
  const territoryId = parsed.territoryId !== undefined ? parsed.territoryId : await territoryFor(op, parsed.country);
  let ownerId = parsed.ownerId;
  let ruleId: string | null = null;
  if (ownerId === undefined && op.actor.system) {
    // Nobody to default the owner to: let the lead rules decide.
    const routing = await routeLead(op, {
      source: parsed.source,
      country: parsed.country ?? null,
      territoryId,
      productInterests: parsed.productInterests,
    });
    ownerId = routing.ownerId;
    ruleId = routing.rule?.id ?? null;
  }
  return prepared(op).create({ ...parsed, phone, territoryId, ownerId, ruleId, status: "new" });
}

async function updateIn(
  op: OperationContext,
  id: string,
  patch: unknown,
  options: WriteOptions | undefined,
): Promise<Lead> {
  const parsed = parseInput(updateLeadSchema, patch);
  const values: Record<string, unknown> = { ...parsed };
  if (parsed.phone != null || parsed.country !== undefined) {
    const before = await records(op).get(id);
    const country = parsed.country !== undefined ? parsed.country : before.country;
    if (parsed.phone != null) values.phone = normalisedPhone(parsed.phone, country);
    if (parsed.country !== undefined && parsed.territoryId === undefined)
      values.territoryId = await territoryFor(op, parsed.country);
  }
  await assertTerritory(op, parsed.territoryId);
  return prepared(op).update(id, values, options);
}

/** Which statuses each status may move to. */
const TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  new: ["working", "qualified", "disqualified"],
  working: ["qualified", "disqualified"],
  qualified: ["working", "disqualified"],
  disqualified: ["working"],
  converted: [],
};

async function transition(
  op: OperationContext,
  id: string,
  verb: string,
  to: LeadStatus,
  expectedVersion: number | undefined,
  reason: string | null,
  from?: readonly LeadStatus[],
): Promise<Lead> {
  const leads = op.records(leadEntity);
  const lead = await leads.loadForChange(parseInput(idSchema("lead"), id), { expectedVersion, authorize: "qualify" });
  if (lead.convertedAt !== null)
    throw invalidTransition(`Lead ${lead.id} is converted`, "lead_converted", { id: lead.id });
  if (!TRANSITIONS[lead.status].includes(to) || (from !== undefined && !from.includes(lead.status))) {
    throw invalidTransition(`A ${lead.status} lead cannot become ${to}`, "lead_status", {
      id: lead.id,
      from: lead.status,
      to,
    });
  }
  return leads.shown(
    await leads.change(lead, { status: to, disqualifiedReason: reason }, { action: verb, validate: true }),
  );
}

async function assignIn(op: OperationContext, id: string, options: unknown): Promise<Lead> {
  const { userId, expectedVersion } = parseInput(assignLeadSchema, options);
  const leads = op.records(leadEntity);
  const lead = await leads.loadForChange(parseInput(idSchema("lead"), id), { expectedVersion, authorize: "assign" });
  const routing =
    userId !== undefined
      ? { ownerId: userId, ruleId: lead.ruleId }
      : await routeLead(op, lead).then((r) => ({ ownerId: r.ownerId, ruleId: r.rule?.id ?? null }));
  return leads.shown(await leads.change(lead, routing, { action: "assign", validate: true }));
}

/** Builds the lead service of one scoped client. */
export function createLeadService(ctx: ModuleContext): LeadService {
  const status =
    (verb: string, to: LeadStatus, from?: readonly LeadStatus[]) =>
    (id: string, options: WriteOptions = {}) =>
      ctx.run((op) =>
        transition(op, id, verb, to, parseInput(writeOptionsSchema, options).expectedVersion, null, from),
      );
  return {
    create: (input) => ctx.run((op) => createIn(op, input)),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options) => ctx.run((op) => updateIn(op, id, patch, options)),
    archive: (id, options) => ctx.run((op) => records(op).archive(id, options)),
    ...syncVerbs<Lead, CreateLeadInput>(ctx, {
      entity: leadEntity,
      patchSchema: updateLeadSchema,
      create: (op, input) => createIn(op, input),
      update: (op, id, patch) => updateIn(op, id, patch, {}),
    }),
    startWorking: status("start_working", "working", ["new", "qualified"]),
    qualify: status("qualify", "qualified"),
    reopen: status("reopen", "working", ["disqualified"]),
    disqualify: (id, options) =>
      ctx.run((op) => {
        const { reason, expectedVersion } = parseInput(disqualifyLeadSchema, options);
        return transition(op, id, "disqualify", "disqualified", expectedVersion, reason);
      }),
    assign: (id, options = {}) => ctx.run((op) => assignIn(op, id, options)),
    capture: (input, options = {}) => captureLead(ctx, input, options),
    convert: (id, input = {}) => ctx.run((op) => convertLead(op, id, input)),
  };
}
