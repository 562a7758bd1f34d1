import { addBusinessMs, utcSchedule } from "../raw/raw-business-hours.mjs";
import { createdChanges, insertRows, RECORD_COLUMNS, writeAudit, writeFeed } from "../raw/raw-writes.mjs";
import {
  entitlementGrants,
  FRONT_DESK_AGENT,
  QUEUE_MEMBERS,
  SERVICE_PRODUCT_COUNT,
  SLA_POLICIES,
  SUPPORT_CALENDAR,
  serviceRequests,
} from "../service-requests.mjs";
import { batches } from "../workload.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").SideState} SideState */
/** @typedef {import("../workload.mjs").ServiceDesk} ServiceDesk */
/** @typedef {import("../workload.mjs").ParityProbe} ParityProbe */
/** @typedef {import("../raw/raw-sqlite.mjs").RawRow} RawRow */
/** @typedef {import("../raw/raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("../service-requests.mjs").ServiceRequest} ServiceRequest */
/** @typedef {import("../raw/raw-business-hours.mjs").UtcSchedule} UtcSchedule */

/** The tenant admin who configures the service desk (untimed setup). */
const SERVICE_ADMIN = "svcadmin";
/** Entitlements per `createMany` call of the setup. */
const GRANTS_PER_CALL = 500;

const CASE_COLUMNS = [
  ...RECORD_COLUMNS,
  "custom",
  "tags",
  "external_ids",
  "subject",
  "description",
  "account_id",
  "contact_id",
  "product_id",
  "channel",
  "type",
  "priority",
  "status",
  "queue_id",
  "owner_id",
  "severity",
  "root_cause",
  "escalation_level",
  "language",
  "entitlement_id",
  "entitlement_status",
  "sla_policy_id",
  "first_response_due_at",
  "first_response_status",
  "resolution_due_at",
  "resolution_status",
  "sla_elapsed_minutes",
  "first_responded_at",
  "resolved_at",
  "closed_at",
  "resolution",
  "intake_id",
];
const CLOCK_COLUMNS = [
  "tenant_id",
  "case_id",
  "metric",
  "policy_id",
  "calendar_id",
  "target_minutes",
  "warn_percent",
  "elapsed_seconds",
  "running_since",
  "due_at",
  "warn_at",
  "clock",
  "warned_at",
  "breached_at",
  "completed_at",
];

// The account's best entitlement for a case, ranked as Rapport ranks them: product-specific
// first, then in date, then with units left, then the latest end date (and the id).
const COVERAGE_RANK = `order by case when product_id is null then 1 else 0 end,
  case when end_date < ? then 1 else 0 end,
  case when (unit_kind = 'incidents' and incidents_used < units_total)
    or (unit_kind = 'hours' and minutes_used < units_total * 60)
    or unit_kind not in ('incidents', 'hours') then 0 else 1 end,
  end_date desc, id limit 1`;
const COVERAGE_COLUMNS =
  "select id, start_date, end_date, unit_kind, units_total, incidents_used, minutes_used, calendar_id, sla_policy_id from service_entitlements";
const ACCOUNT_COVERAGE = `${COVERAGE_COLUMNS} where tenant_id = ? and account_id = ? and archived_at is null and start_date <= ? and product_id is null ${COVERAGE_RANK}`;
const PRODUCT_COVERAGE = `${COVERAGE_COLUMNS} where tenant_id = ? and account_id = ? and archived_at is null and start_date <= ? and (product_id is null or product_id = ?) ${COVERAGE_RANK}`;
// The SLA policy with its calendar (an entitlement's support hours override the policy's).
const POLICY_COLUMNS = `select p.id, p.warning_percent, p.targets, c.id as calendar_id, c.time_zone, c.working_hours, c.holidays
  from service_sla_policies p join service_business_calendars c on c.tenant_id = p.tenant_id and c.id = coalesce(?, p.calendar_id)`;
const DEFAULT_POLICY = `${POLICY_COLUMNS} where p.tenant_id = ? and p.archived_at is null and p.is_default = 1 order by p.id limit 1`;
const NAMED_POLICY = `${POLICY_COLUMNS} where p.tenant_id = ? and p.archived_at is null and p.id = ?`;
const NEXT_MEMBER = `select user_id, (select max(turn) from service_queue_members where tenant_id = ? and queue_id = ?) as top
  from service_queue_members where tenant_id = ? and queue_id = ? and available = 1 order by turn, user_id limit 1`;

/**
 * SQL for the seconds since 2000 of an ISO-8601 text column, on both databases alike
 * (months of 31 days: equal instants give equal numbers, and a minute off shows).
 *
 * @param {string} column
 */
function isoSeconds(column) {
  /** @param {number} from @param {number} length */
  const part = (from, length) => `cast(substr(${column}, ${from}, ${length}) as integer)`;
  return `((((${part(1, 4)} - 2000) * 372 + ${part(6, 2)} * 31 + ${part(9, 2)}) * 24 + ${part(12, 2)}) * 60 + ${part(15, 2)}) * 60 + ${part(18, 2)}`;
}

/** @type {readonly ParityProbe[]} */
const PROBES = [
  [
    "service_case_slas",
    `select count(*) as n, coalesce(sum(${isoSeconds("due_at")}), 0) + coalesce(sum(${isoSeconds("warn_at")}), 0)
      + sum(target_minutes * warn_percent) + sum(length(metric)) + sum(length(clock)) as s
      from service_case_slas where tenant_id = ?`,
  ],
  [
    "service_cases (SLA, entitlement, agent)",
    `select count(*) as n, coalesce(sum(${isoSeconds("first_response_due_at")}), 0) + coalesce(sum(${isoSeconds("resolution_due_at")}), 0)
      + sum(case entitlement_status when 'covered' then 1 when 'exhausted' then 100 when 'expired' then 10000 else 1000000 end)
      + 7 * count(entitlement_id) + 11 * count(queue_id) + coalesce(sum(cast(substr(owner_id, 6) as integer)), 0) as s
      from service_cases where tenant_id = ?`,
  ],
  [
    "service_entitlements (use)",
    `select count(*) as n, sum(incidents_used * (coalesce(units_total, 0) * 32 + cast(substr(end_date, 9, 2) as integer) + 1)) as s
      from service_entitlements where tenant_id = ?`,
  ],
  [
    "service_queue_members",
    `select count(*) as n, sum(turn * cast(substr(user_id, 6) as integer)) + coalesce(sum(${isoSeconds("last_assigned_at")}), 0) as s
      from service_queue_members where tenant_id = ?`,
  ],
];

/**
 * @param {SideState} side
 * @returns {ServiceDesk}
 */
function deskOf(side) {
  if (!side.serviceDesk)
    throw new Error(`tenant ${side.tenantId} has no service desk: the workload's setup did not run`);
  return side.serviceDesk;
}

/**
 * Untimed, through the public API, alike for both tenants: the service products, the
 * support calendar, the default and premium SLA policies, the round-robin queue with its
 * members, the accounts' entitlements, and the run's requests.
 *
 * @param {import("../workload.mjs").BenchContext} ctx
 * @param {SideState} side
 * @param {number} count
 */
async function setUpServiceDesk(ctx, side, count) {
  const admin = ctx.crm.as({ tenantId: side.tenantId, userId: SERVICE_ADMIN, roles: ["admin"] });
  const products = await admin.products.createMany(
    Array.from({ length: SERVICE_PRODUCT_COUNT }, (_, i) => ({
      sku: `SVC-${String(i + 1).padStart(3, "0")}`,
      name: `Supported product ${i + 1}`,
      family: "Support",
    })),
  );
  const calendar = await admin.service.calendars.create(SUPPORT_CALENDAR);
  const standard = await admin.service.slaPolicies.create({ ...SLA_POLICIES.standard, calendarId: calendar.id });
  await admin.service.slaPolicies.setDefault(standard.id);
  const premium = await admin.service.slaPolicies.create({ ...SLA_POLICIES.premium, calendarId: calendar.id });
  const queue = await admin.service.queues.create({ name: "Tier 1 support", distribution: "round_robin" });
  for (const member of QUEUE_MEMBERS) await admin.service.queues.addMember(queue.id, member);
  for (const grants of batches(entitlementGrants(ctx.dataset), GRANTS_PER_CALL)) {
    await admin.service.entitlements.createMany(
      grants.map((g) => ({
        accountId: /** @type {string} */ (side.accountIds[g.accountIndex]),
        productId:
          g.productIndex === null ? null : /** @type {(typeof products)[number]} */ (products[g.productIndex]).id,
        name: g.name,
        startDate: g.startDate,
        endDate: g.endDate,
        unitKind: g.unitKind,
        unitsTotal: g.unitsTotal,
        slaPolicyId: g.premium ? premium.id : null,
      })),
    );
  }
  side.serviceDesk = {
    queueId: queue.id,
    productIds: products.map((p) => p.id),
    requests: serviceRequests(ctx.dataset, count),
  };
}

/**
 * How an entitlement stands on `today` (`YYYY-MM-DD`): dates first, then units.
 *
 * @param {RawRow} row
 * @param {string} today
 * @returns {"covered" | "expired" | "exhausted"}
 */
function entitlementStatus(row, today) {
  if (today > String(row.end_date) || today < String(row.start_date)) return "expired";
  const total = row.units_total === null ? null : Number(row.units_total);
  const left =
    row.unit_kind === "incidents"
      ? total !== null && Number(row.incidents_used) < total
      : row.unit_kind === "hours"
        ? total !== null && Number(row.minutes_used) < total * 60
        : true;
  return left ? "covered" : "exhausted";
}

/**
 * The entitlement a new case falls under and how it stands, by hand: the account's best
 * entitlement (ranked in SQL), and for a covered incident entitlement one incident used
 * with a conditional UPDATE — none left makes the case exhausted.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {string | null} accountId
 * @param {string | null} productId
 * @param {string} today
 * @returns {Promise<{ entitlement: RawRow | undefined, status: string }>}
 */
async function coverageByHand(raw, tenantId, accountId, productId, today) {
  if (accountId === null) return { entitlement: undefined, status: "none" };
  const [entitlement] =
    productId === null
      ? await raw.all(ACCOUNT_COVERAGE, [tenantId, accountId, today, today])
      : await raw.all(PRODUCT_COVERAGE, [tenantId, accountId, today, productId, today]);
  if (!entitlement) return { entitlement, status: "none" };
  let status = entitlementStatus(entitlement, today);
  if (status === "covered" && entitlement.unit_kind === "incidents") {
    const used = await raw.run(
      "update service_entitlements set incidents_used = incidents_used + 1 where tenant_id = ? and id = ? and incidents_used < ?",
      [tenantId, entitlement.id, Number(entitlement.units_total)],
    );
    if (used !== 1) status = "exhausted";
  }
  return { entitlement, status };
}

/**
 * @typedef {object} RawClock
 * @property {string} metric
 * @property {string} policyId
 * @property {string} calendarId
 * @property {number} target
 * @property {number} warnPercent
 * @property {string} dueAt
 * @property {string} warnAt
 */

/**
 * One SLA clock, running from `at`: due after the target's business minutes, warned after
 * its warning share (rounded up to the second).
 *
 * @param {string} metric
 * @param {RawRow} policy with its calendar
 * @param {UtcSchedule} schedule
 * @param {number} targetMinutes
 * @param {string} at
 * @returns {RawClock}
 */
function runningClock(metric, policy, schedule, targetMinutes, at) {
  const warnPercent = Number(policy.warning_percent);
  const start = Date.parse(at);
  const warnSeconds = Math.ceil((targetMinutes * 60 * warnPercent) / 100);
  return {
    metric,
    policyId: String(policy.id),
    calendarId: String(policy.calendar_id),
    target: targetMinutes,
    warnPercent,
    dueAt: new Date(addBusinessMs(schedule, start, targetMinutes * 60_000)).toISOString(),
    warnAt: new Date(addBusinessMs(schedule, start, warnSeconds * 1000)).toISOString(),
  };
}

/**
 * The case's SLA clocks, by hand: the covering entitlement's policy or the default one,
 * read with its calendar (the entitlement's support hours win), and the targets for the
 * priority — none when the policy sets no target for it.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {RawRow | undefined} covered the entitlement, when the case is covered
 * @param {string} priority
 * @param {string} at
 * @returns {Promise<RawClock[]>}
 */
async function clocksByHand(raw, tenantId, covered, priority, at) {
  const supportCalendar = covered?.calendar_id ?? null;
  const [policy] = covered?.sla_policy_id
    ? await raw.all(NAMED_POLICY, [supportCalendar, tenantId, covered.sla_policy_id])
    : await raw.all(DEFAULT_POLICY, [supportCalendar, tenantId]);
  if (!policy) return [];
  const targets = /** @type {Record<string, { firstResponseMinutes: number, resolutionMinutes: number }>} */ (
    JSON.parse(String(policy.targets))
  );
  const target = targets[priority];
  if (!target) return [];
  const schedule = utcSchedule(String(policy.time_zone), String(policy.working_hours), String(policy.holidays));
  return [
    runningClock("first_response", policy, schedule, target.firstResponseMinutes, at),
    runningClock("resolution", policy, schedule, target.resolutionMinutes, at),
  ];
}

/**
 * The round-robin queue's next agent, by hand: the queue row locked (so two hand-outs
 * cannot give the same turn), the available member with the oldest turn (ties to the lower
 * user id), and their new turn recorded. `null` when nobody is available.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {string} queueId
 * @param {string} at
 * @returns {Promise<string | null>}
 */
async function nextAgentByHand(raw, tenantId, queueId, at) {
  const [queue] = await raw.all(
    `select distribution, archived_at from service_queues where tenant_id = ? and id = ?${raw.forUpdate}`,
    [tenantId, queueId],
  );
  if (!queue || queue.archived_at !== null || queue.distribution !== "round_robin")
    throw new Error(`raw: queue ${queueId} is not a live round-robin queue`);
  const [next] = await raw.all(NEXT_MEMBER, [tenantId, queueId, tenantId, queueId]);
  if (!next) return null;
  const agentId = String(next.user_id);
  await raw.run(
    "update service_queue_members set turn = ?, last_assigned_at = ? where tenant_id = ? and queue_id = ? and user_id = ?",
    [Number(next.top ?? 0) + 1, at, tenantId, queueId, agentId],
  );
  return agentId;
}

/**
 * Opens one case by hand, in the caller's transaction, as `service.cases.create` does:
 * the reads and computations above, then the case row, its clocks, the audit row (the
 * same diff) and the feed rows (the same events).
 *
 * @param {import("../workload.mjs").BenchContext} ctx
 * @param {SideState} side
 * @param {ServiceDesk} desk
 * @param {ServiceRequest} request
 */
async function openCaseByHand(ctx, side, desk, request) {
  const { raw, ids } = ctx;
  const { tenantId } = side;
  const at = ctx.clock.now().toISOString();
  /** @type {string | null} */
  let contactId = null;
  /** @type {string | null} */
  let accountId = null;
  if (request.contactIndex !== null) {
    contactId = /** @type {string} */ (side.contactIds[request.contactIndex]);
    const [contact] = await raw.all("select account_id from contacts where tenant_id = ? and id = ?", [
      tenantId,
      contactId,
    ]);
    if (!contact) throw new Error(`raw: contact ${contactId} not found`);
    accountId = /** @type {string | null} */ (contact.account_id);
  } else if (request.accountIndex !== null) {
    accountId = /** @type {string} */ (side.accountIds[request.accountIndex]);
  }
  const productId = request.productIndex === null ? null : (desk.productIds[request.productIndex] ?? null);
  // The service module's "today" is the UTC date (its default time zone).
  const { entitlement, status } = await coverageByHand(raw, tenantId, accountId, productId, at.slice(0, 10));
  const covered = status === "covered" ? entitlement : undefined;
  const [firstResponse, resolution] = await clocksByHand(raw, tenantId, covered, request.priority, at);
  const queueId = request.routed ? desk.queueId : null;
  const ownerId = queueId === null ? FRONT_DESK_AGENT : await nextAgentByHand(raw, tenantId, queueId, at);

  const id = ids.next("case");
  const entitlementId = entitlement ? String(entitlement.id) : null;
  // Every field of the case, in the order Rapport's record has them (the audit diff follows it).
  const record = {
    id,
    tenantId,
    subject: request.subject,
    description: request.description,
    accountId,
    contactId,
    productId,
    channel: request.channel,
    type: request.type,
    priority: request.priority,
    status: "new",
    queueId,
    ownerId,
    severity: null,
    rootCause: null,
    escalationLevel: null,
    language: request.language,
    entitlementId,
    entitlementStatus: status,
    slaPolicyId: firstResponse ? firstResponse.policyId : null,
    firstResponseDueAt: firstResponse ? firstResponse.dueAt : null,
    firstResponseStatus: firstResponse ? "running" : null,
    resolutionDueAt: resolution ? resolution.dueAt : null,
    resolutionStatus: resolution ? "running" : null,
    slaElapsedMinutes: 0,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    intakeId: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: FRONT_DESK_AGENT,
    updatedBy: FRONT_DESK_AGENT,
    archivedAt: null,
    custom: {},
    tags: [],
    externalIds: {},
  };
  const row = [
    tenantId,
    id,
    1,
    at,
    at,
    FRONT_DESK_AGENT,
    FRONT_DESK_AGENT,
    null,
    "{}",
    "[]",
    "{}",
    record.subject,
    record.description,
    accountId,
    contactId,
    productId,
    record.channel,
    record.type,
    record.priority,
    "new",
    queueId,
    ownerId,
    null,
    null,
    null,
    record.language,
    entitlementId,
    status,
    record.slaPolicyId,
    record.firstResponseDueAt,
    record.firstResponseStatus,
    record.resolutionDueAt,
    record.resolutionStatus,
    0,
    null,
    null,
    null,
    null,
    null,
  ];
  await insertRows(raw, "service_cases", CASE_COLUMNS, [row], 1);
  const clocks = [firstResponse, resolution].filter((c) => c !== undefined);
  if (clocks.length > 0) {
    const clockRows = clocks.map((c) => [
      tenantId,
      id,
      c.metric,
      c.policyId,
      c.calendarId,
      c.target,
      c.warnPercent,
      0,
      at,
      c.dueAt,
      c.warnAt,
      "running",
      null,
      null,
      null,
    ]);
    await insertRows(raw, "service_case_slas", CLOCK_COLUMNS, clockRows, clockRows.length);
  }
  const who = { tenantId, actorId: FRONT_DESK_AGENT, at };
  await writeAudit(raw, ids, who, [
    { entityType: "case", entityId: id, action: "create", changes: createdChanges(record) },
  ]);
  const events = [{ type: "case.created", data: JSON.stringify({ id, version: 1 }) }];
  if (queueId !== null || ownerId !== null) {
    const assigned = { id, queueId, agentId: ownerId, previousAgentId: null };
    events.push({ type: "case.assigned", data: JSON.stringify(assigned) });
  }
  if (entitlementId !== null && (status === "expired" || status === "exhausted")) {
    const flagged = { id, entitlementId, status };
    events.push({ type: "case.entitlement_flagged", data: JSON.stringify(flagged) });
  }
  await writeFeed(raw, ids, who, events);
}

/**
 * Service cases opened one at a time, each its own transaction: `service.cases.create` by
 * a service agent — the contact's account, the account's best entitlement (using an
 * incident with a conditional UPDATE, or flagging it expired or exhausted), the SLA policy
 * (the entitlement's or the default) and its calendar, two SLA clocks whose due and warning
 * times are business-hours arithmetic, and for routed cases the queue's next agent by round
 * robin (queue row locked, member's turn recorded); then the case row, its clocks, one audit
 * row and the feed rows `case.created`, `case.assigned` and, when flagged,
 * `case.entitlement_flagged`. The clock is pinned to each case's opening time on both sides.
 * Raw does the same reads and writes by hand.
 *
 * @param {number} count cases per run
 * @returns {WriteWorkload}
 */
export function openCases(count) {
  return {
    name: `${count.toLocaleString("en-US")} service cases opened, one transaction each`,
    group: "write",
    tables: ["service_cases", "service_entitlements"],
    probes: PROBES,
    rows: count,
    targetRatio: 1.5,
    setup: (ctx, side) => setUpServiceDesk(ctx, side, count),
    rapport: async (ctx, side) => {
      const desk = deskOf(side);
      const agent = ctx.crm.as({ tenantId: side.tenantId, userId: FRONT_DESK_AGENT, roles: ["service_agent"] });
      try {
        for (const request of desk.requests) {
          ctx.clock.pin(request.openedAt);
          /** @type {import("@rapport/service").CreateCaseInput} */
          const input = {
            subject: request.subject,
            channel: request.channel,
            type: request.type,
            priority: request.priority,
          };
          if (request.contactIndex !== null) input.contactId = side.contactIds[request.contactIndex];
          else if (request.accountIndex !== null) input.accountId = side.accountIds[request.accountIndex];
          if (request.productIndex !== null) input.productId = desk.productIds[request.productIndex];
          if (request.description !== null) input.description = request.description;
          if (request.language !== null) input.language = request.language;
          if (request.routed) input.queueId = desk.queueId;
          await agent.service.cases.create(input);
        }
      } finally {
        ctx.clock.pin(null);
      }
    },
    raw: async (ctx, side) => {
      const desk = deskOf(side);
      try {
        for (const request of desk.requests) {
          ctx.clock.pin(request.openedAt);
          await ctx.raw.transaction(() => openCaseByHand(ctx, side, desk, request));
        }
      } finally {
        ctx.clock.pin(null);
      }
    },
  };
}
