import { streamRng } from "./prng.mjs";

/**
 * The service desk of the case workload, made deterministically from the data set's seed:
 * its configuration (business calendar, SLA targets, queue members, products), the
 * entitlements its accounts hold, and the stream of cases customers open. Like the data
 * set, records refer to each other by index; whoever stores them makes the ids.
 */

/** @typedef {import("./dataset.mjs").Dataset} Dataset */

const DAY_MS = 86_400_000;

/** The first day cases are opened (a Monday); they come in over {@link CASE_DAYS} days. */
const FIRST_CASE_DAY_MS = Date.UTC(2026, 0, 5);
const CASE_DAYS = 84;

/** Products the service desk supports, with SKUs of their own (other workloads may add products too). */
export const SERVICE_PRODUCT_COUNT = 12;

/** The agent who logs cases; cases not routed to the queue stay with them. */
export const FRONT_DESK_AGENT = "agent01";

/** The round-robin queue's members; `available: false` is away and gets no work. */
export const QUEUE_MEMBERS = Object.freeze([
  { userId: "agent02", available: true },
  { userId: "agent03", available: true },
  { userId: "agent04", available: true },
  { userId: "agent05", available: true },
  { userId: "agent06", available: false },
  { userId: "agent07", available: true },
  { userId: "agent08", available: true },
]);

/**
 * The support desk's business calendar: UTC (so the hand-written side's arithmetic needs no
 * time-zone rules), weekdays with a lunch break, and holidays inside the weeks cases are
 * opened — a case opened before one waits for the next working day.
 */
export const SUPPORT_CALENDAR = Object.freeze({
  name: "Support desk hours",
  timeZone: "UTC",
  workingHours: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: "08:30", end: "12:30" },
    { weekday, start: "13:30", end: "17:30" },
  ]),
  holidays: [
    { name: "New Year", start: "2026-01-01" },
    { name: "Staff day", start: "2026-01-19" },
    { name: "Presidents' Day", start: "2026-02-16" },
    { name: "Office move", start: "2026-03-05", end: "2026-03-06" },
    { name: "Easter", start: "2026-04-03", end: "2026-04-06" },
  ],
});

/**
 * SLA policies in business minutes. With 75 % and 80 % warnings every warning falls on a
 * whole second (75 % of a minute is 45 s, 80 % is 48 s).
 */
export const SLA_POLICIES = Object.freeze({
  standard: {
    name: "Support desk standard",
    warningPercent: 75,
    targets: {
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      normal: { firstResponseMinutes: 240, resolutionMinutes: 1_440 },
      low: { firstResponseMinutes: 480, resolutionMinutes: 2_880 },
    },
  },
  premium: {
    name: "Premium support",
    warningPercent: 80,
    targets: {
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      normal: { firstResponseMinutes: 120, resolutionMinutes: 720 },
      low: { firstResponseMinutes: 240, resolutionMinutes: 1_440 },
    },
  },
});

/**
 * @typedef {object} EntitlementGrant
 * @property {number} accountIndex
 * @property {number | null} productIndex one of the service products, or `null` for all of the account's products
 * @property {string} name
 * @property {string} startDate `YYYY-MM-DD`
 * @property {string} endDate `YYYY-MM-DD`
 * @property {"incidents" | "hours" | "unlimited"} unitKind
 * @property {number | null} unitsTotal
 * @property {boolean} premium whether it names the premium SLA policy
 */

/**
 * What an account's service contract looks like. Each kind ends on a day of its own, so no
 * two entitlements of an account tie in the coverage ranking.
 *
 * @type {readonly (readonly [string, number])[]}
 */
const ENTITLEMENT_PLANS = [
  ["none", 40],
  ["annual", 25],
  ["small", 10],
  ["expired", 7],
  ["premium", 6],
  ["lapsing", 5],
  ["future", 4],
  ["hours", 3],
];

/**
 * The entitlements of the data set's accounts: about 60 % hold one. Some have a handful of
 * incidents (used up during the run), some expired last year or lapse mid-run, some start
 * mid-run, some are unlimited premium support; a few accounts also have product-specific
 * cover, and some annual ones keep last year's expired entitlement beside the new one.
 *
 * @param {Dataset} dataset
 * @returns {Generator<EntitlementGrant>}
 */
export function* entitlementGrants(dataset) {
  const rng = streamRng(dataset.seed, "service-entitlements");
  for (let accountIndex = 0; accountIndex < dataset.counts.accounts; accountIndex++) {
    const plan = rng.weighted(ENTITLEMENT_PLANS);
    if (plan === "none") continue;
    /** @type {Omit<EntitlementGrant, "accountIndex" | "productIndex" | "premium">} */
    const incidents = {
      name: "Annual support",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      unitKind: "incidents",
      unitsTotal: rng.int(10, 60),
    };
    const grant = { accountIndex, productIndex: null, premium: false };
    if (plan === "annual") {
      yield { ...grant, ...incidents };
      if (rng.chance(0.15))
        yield { ...grant, ...incidents, name: "Support 2025", startDate: "2025-01-01", endDate: "2025-12-31" };
    } else if (plan === "small") {
      yield { ...grant, ...incidents, name: "Starter support", endDate: "2026-11-30", unitsTotal: rng.int(1, 4) };
    } else if (plan === "expired") {
      yield { ...grant, ...incidents, name: "Support 2025", startDate: "2025-01-01", endDate: "2025-12-31" };
    } else if (plan === "premium") {
      yield {
        ...grant,
        ...incidents,
        name: "Premium support",
        startDate: "2025-07-01",
        endDate: "2026-06-30",
        unitKind: "unlimited",
        unitsTotal: null,
        premium: true,
      };
    } else if (plan === "lapsing") {
      yield { ...grant, ...incidents, name: "Support year", startDate: "2025-02-14", endDate: "2026-02-13" };
    } else if (plan === "future") {
      yield { ...grant, ...incidents, name: "Support from February", startDate: "2026-02-16", endDate: "2027-02-15" };
    } else {
      yield { ...grant, ...incidents, name: "Support hours", endDate: "2026-09-30", unitKind: "hours", unitsTotal: 10 };
    }
    if (rng.chance(0.2)) {
      yield {
        ...grant,
        ...incidents,
        name: "Product cover",
        endDate: "2026-12-15",
        productIndex: rng.int(0, SERVICE_PRODUCT_COUNT - 1),
        unitsTotal: rng.int(2, 20),
      };
    }
  }
}

/**
 * @typedef {object} ServiceRequest
 * @property {number} index
 * @property {number | null} contactIndex who raised it (their account comes with them)
 * @property {number | null} accountIndex the account, for a case raised without a contact
 * @property {number | null} productIndex one of the service products
 * @property {"phone" | "email" | "web" | "chat" | "portal"} channel
 * @property {"question" | "problem" | "request"} type no complaints: they would bring escalation rules
 * @property {"low" | "normal" | "high" | "urgent"} priority
 * @property {string} subject
 * @property {string | null} description
 * @property {string | null} language
 * @property {boolean} routed handed to the round-robin queue; otherwise kept by the front-desk agent
 * @property {string} openedAt ISO-8601 instant, whole seconds: some outside working hours, on weekends or holidays
 */

const CHANNELS = /** @type {const} */ ([
  ["email", 35],
  ["phone", 25],
  ["web", 15],
  ["chat", 15],
  ["portal", 10],
]);
const TYPES = /** @type {const} */ ([
  ["question", 40],
  ["problem", 40],
  ["request", 20],
]);
const PRIORITIES = /** @type {const} */ ([
  ["low", 20],
  ["normal", 50],
  ["high", 22],
  ["urgent", 8],
]);
const TOPICS = [
  "Cannot log in",
  "Invoice question",
  "Device does not start",
  "Slow response times",
  "Password reset",
  "Shipment missing",
  "Licence key rejected",
  "Error after update",
  "Training request",
  "Report shows wrong totals",
];

/**
 * The cases of one run, in the order they are opened over twelve weeks from 2026-01-05:
 * most from a contact (80 %), the rest from an account alone; about a third about a
 * product; 60 % routed to the queue. Seven in ten arrive in working hours, the rest at any
 * hour — evenings, weekends and holidays included — so SLA due times vary realistically.
 *
 * @param {Dataset} dataset
 * @param {number} count
 * @returns {ServiceRequest[]}
 */
export function serviceRequests(dataset, count) {
  const { accounts, contacts } = dataset.counts;
  const rng = streamRng(dataset.seed, "service-requests");
  /** @type {ServiceRequest[]} */
  const requests = [];
  for (let index = 0; index < count; index++) {
    const fromContact = contacts > 0 && rng.chance(0.8);
    const day = FIRST_CASE_DAY_MS + Math.floor((index * CASE_DAYS) / count) * DAY_MS;
    const minute = rng.chance(0.7) ? rng.int(8 * 60 + 30, 17 * 60 + 29) : rng.int(0, 24 * 60 - 1);
    const topic = rng.pick(TOPICS);
    requests.push({
      index,
      contactIndex: fromContact ? rng.int(0, contacts - 1) : null,
      accountIndex: fromContact ? null : rng.skewedIndex(accounts, 2),
      productIndex: rng.chance(0.35) ? rng.int(0, SERVICE_PRODUCT_COUNT - 1) : null,
      channel: rng.weighted(CHANNELS),
      type: rng.weighted(TYPES),
      priority: rng.weighted(PRIORITIES),
      subject: `${topic} (#${index + 1})`,
      description: rng.chance(0.6) ? `${topic}: reported by the customer, details in the first message.` : null,
      language: rng.weighted(
        /** @type {const} */ ([
          ["en", 50],
          ["de", 10],
          [null, 40],
        ]),
      ),
      routed: rng.chance(0.6),
      openedAt: new Date(day + minute * 60_000 + rng.int(0, 59) * 1000).toISOString(),
    });
  }
  return requests;
}
