import { hash32, Rng, streamRng } from "./prng.mjs";

/**
 * The deterministic data set of one benchmark tenant. Records are generated lazily,
 * one at a time, so a million opportunities never sit in memory; every stream starts
 * over (identically) each time it is asked for, which is how the Rapport side and the
 * raw side get the same rows.
 *
 * Records refer to each other by index (`accountIndex`), not by id: ids are made by
 * whoever stores the record.
 */

/** Day 0 of the data set; dates run back two years from here. Fixed, so runs do not depend on the clock. */
const EPOCH_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

const ACCOUNT_TYPES = /** @type {const} */ ([
  ["customer", 45],
  ["prospect", 35],
  ["partner", 8],
  ["supplier", 8],
  ["competitor", 4],
]);
const INDUSTRIES = [
  "Manufacturing",
  "Retail",
  "Logistics",
  "Energy",
  "Healthcare",
  "Finance",
  "Software",
  "Construction",
  "Education",
  "Hospitality",
  "Agriculture",
  "Telecommunications",
];
const CURRENCIES = /** @type {const} */ ([
  ["USD", 60],
  ["EUR", 25],
  ["GBP", 15],
]);
const NAME_HEADS = [
  "Nor",
  "Vel",
  "Ast",
  "Cor",
  "Bri",
  "Tal",
  "Mer",
  "Qua",
  "Hel",
  "Ori",
  "Zen",
  "Kel",
  "Lum",
  "Pax",
  "Sol",
  "Tri",
];
const NAME_TAILS = ["vex", "dyne", "ora", "tek", "line", "gate", "wick", "mont", "field", "star", "port", "shire"];
const NAME_KINDS = [
  "Systems",
  "Logistics",
  "Foods",
  "Partners",
  "Industries",
  "Labs",
  "Holdings",
  "Works",
  "Trading",
  "Group",
];
const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "David",
  "Elif",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemal",
  "Lena",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
];
const LAST_NAMES = [
  "Adler",
  "Brandt",
  "Costa",
  "Duarte",
  "Eriksen",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Laurent",
  "Moreau",
  "Novak",
];
const TITLES = [
  "CEO",
  "CFO",
  "Head of Purchasing",
  "IT Manager",
  "Operations Lead",
  "Buyer",
  "Engineer",
  "Office Manager",
];
const STREETS = ["Harbour Road", "Main Street", "Industriestr.", "Rue de la Gare", "Station Square", "Mill Lane"];
const CITIES = /** @type {const} */ ([
  ["Berlin", "DE"],
  ["Chicago", "US"],
  ["Lyon", "FR"],
  ["Manchester", "GB"],
  ["Osaka", "JP"],
  ["Austin", "US"],
  ["Porto", "PT"],
  ["Gdansk", "PL"],
]);
const TAGS = ["at-risk", "key-account", "newsletter", "reseller", "vip"];
const PRODUCT_FAMILIES = ["Licences", "Hardware", "Services", "Support", "Training"];

/** The open stages of the default pipeline, in order. */
export const OPEN_STAGES = Object.freeze(["awareness", "interest", "evaluation", "trial", "adoption"]);

/**
 * The default pipeline's stages with the share of opportunities in each: most deals are
 * early or closed, few are late in the funnel.
 */
export const STAGE_MIX = /** @type {const} */ ([
  ["awareness", 18],
  ["interest", 14],
  ["evaluation", 11],
  ["trial", 7],
  ["adoption", 5],
  ["won", 24],
  ["lost", 21],
]);

/**
 * @typedef {object} BenchUser
 * @property {string} id host user id (`rep0001`, `mgr001`)
 * @property {"sales_rep" | "sales_manager"} role
 */

/**
 * @typedef {object} AccountRow
 * @property {number} index
 * @property {string} name
 * @property {"customer" | "prospect" | "partner" | "supplier" | "competitor"} type
 * @property {string | null} industry
 * @property {string | null} website
 * @property {string | null} description
 * @property {string} ownerId
 * @property {number | null} annualRevenue minor units of `currency`
 * @property {string | null} currency
 * @property {number | null} employeeCount
 * @property {PostalAddress | null} billingAddress
 * @property {string[]} tags lower case, sorted, distinct (as Rapport stores them)
 * @property {string | null} erpId the account's key in the tenant's ERP, for about a quarter of accounts
 */

/**
 * A postal address with every part present (`null` when unknown), as Rapport stores it.
 *
 * @typedef {object} PostalAddress
 * @property {string | null} line1
 * @property {string | null} line2
 * @property {string | null} city
 * @property {string | null} region
 * @property {string | null} postalCode
 * @property {string | null} country ISO 3166-1 alpha-2
 */

/**
 * @typedef {object} ContactRow
 * @property {number} index
 * @property {number | null} accountIndex `null` for a person on their own (about 5%)
 * @property {string} firstName
 * @property {string} lastName
 * @property {string} email lower case
 * @property {string | null} phone a US number as people write it
 * @property {string | null} title
 * @property {boolean} doNotCall
 * @property {boolean} doNotEmail
 * @property {"email" | "phone" | null} preferredChannel
 * @property {string | null} language a canonical BCP 47 tag
 * @property {string} ownerId
 */

/**
 * @typedef {object} OpportunityRow
 * @property {number} index
 * @property {number} accountIndex
 * @property {number | null} contactIndex the primary contact (one of the account's contacts), when known
 * @property {string} ownerId
 * @property {string} name
 * @property {string} stage one of {@link STAGE_MIX}
 * @property {string} openStage the open stage the deal is (or was last) in: its stage while open, the stage it was closed from once won or lost
 * @property {number} amount minor units of `currency`
 * @property {string} currency
 * @property {string} createdOn `YYYY-MM-DD`
 * @property {string} expectedCloseOn `YYYY-MM-DD`
 * @property {string | null} closedOn `YYYY-MM-DD`, for won and lost opportunities
 */

/**
 * @typedef {object} ProductRow
 * @property {number} index
 * @property {string} sku
 * @property {string} name
 * @property {string} family
 * @property {number} unitPrice minor units of `currency`
 * @property {string} currency
 */

/**
 * @typedef {object} AccountUpdate
 * @property {number} accountIndex
 * @property {{ industry: string, website: string }} patch
 */

/**
 * @typedef {object} StageMove
 * @property {number} opportunityIndex
 * @property {string} toStage an open stage other than the one the deal is in
 */

/**
 * @typedef {object} Dataset
 * @property {number} seed
 * @property {{ accounts: number, contacts: number, opportunities: number, products: number, salesReps: number }} counts
 * @property {readonly BenchUser[]} users sales reps first, then one manager per eight reps
 * @property {() => Generator<AccountRow>} accounts
 * @property {() => Generator<ContactRow>} contacts
 * @property {() => Generator<OpportunityRow>} opportunities
 * @property {() => Generator<ProductRow>} products
 * @property {(count: number) => Generator<AccountUpdate>} accountUpdates `count` edits of existing accounts, each its own write
 * @property {(count: number) => StageMove[]} stageMoves `count` moves of opportunities between open stages, in order (a deal may move more than once)
 */

/**
 * Creates the data set for the given counts and seed.
 *
 * @param {{ accounts: number, contacts: number, opportunities: number, products: number, salesReps: number }} counts
 * @param {number} [seed] @default 42
 * @returns {Dataset}
 *
 * @example
 * ```js
 * const data = createDataset(SIZES.xs, 7);
 * for (const account of data.accounts()) console.log(account.name, account.ownerId);
 * ```
 */
export function createDataset(counts, seed = 42) {
  const { accounts, contacts, opportunities, products, salesReps } = counts;
  const reps = Array.from({ length: salesReps }, (_, i) => `rep${String(i + 1).padStart(4, "0")}`);
  /** @type {BenchUser[]} */
  const users = [
    ...reps.map((id) => ({ id, role: /** @type {const} */ ("sales_rep") })),
    ...Array.from({ length: Math.ceil(salesReps / 8) }, (_, i) => ({
      id: `mgr${String(i + 1).padStart(3, "0")}`,
      role: /** @type {const} */ ("sales_manager"),
    })),
  ];
  // An account's owner and currency are derived from its index alone, so contacts and
  // opportunities can agree with their account without generating the accounts first.
  /** @param {number} index */
  const accountTraits = (index) => {
    const rng = new Rng(hash32(`${seed}:account-traits:${index}`));
    return {
      ownerId: /** @type {string} */ (reps[rng.skewedIndex(reps.length, 1.6)]),
      currency: rng.weighted(CURRENCIES),
    };
  };
  // Likewise a contact's account, so an opportunity's primary contact works at its account.
  /** @param {number} index */
  const contactAccount = (index) => {
    const rng = new Rng(hash32(`${seed}:contact-account:${index}`));
    return rng.chance(0.95) ? rng.skewedIndex(accounts, 2) : null;
  };

  /** @returns {Generator<OpportunityRow>} */
  function* opportunityRows() {
    const rng = streamRng(seed, "opportunities");
    for (let index = 0; index < opportunities; index++) {
      // Most deals have a primary contact and are with that contact's account.
      const contact = contacts > 0 && rng.chance(0.7) ? rng.int(0, contacts - 1) : null;
      const contactsAccount = contact === null ? null : contactAccount(contact);
      const accountIndex = contactsAccount ?? rng.skewedIndex(accounts, 3);
      const traits = accountTraits(accountIndex);
      const stage = rng.weighted(STAGE_MIX);
      // Deals come in steadily over the two years before day 0, oldest first (as ids sort).
      const created = EPOCH_MS - (730 - Math.floor((index * 730) / opportunities)) * DAY_MS;
      const cycleDays = Math.min(720, Math.max(1, Math.round(rng.logNormal(45, 0.7))));
      const closes = created + cycleDays * DAY_MS;
      yield {
        index,
        accountIndex,
        contactIndex: contactsAccount === null ? null : contact,
        ownerId: rng.chance(0.8) ? traits.ownerId : /** @type {string} */ (rng.pick(reps)),
        name: `${rng.pick(["New", "Renewal", "Upsell", "Expansion"])} ${rng.pick(PRODUCT_FAMILIES)} ${index + 1}`,
        stage,
        openStage: stage === "won" ? "adoption" : stage === "lost" ? rng.pick(OPEN_STAGES.slice(0, 3)) : stage,
        // Deal sizes are log-normal around 25,000.00, in whole units of 100 minor units.
        amount: Math.max(10_000, Math.round(rng.logNormal(2_500_000, 1) / 100) * 100),
        currency: traits.currency,
        createdOn: isoDate(created),
        expectedCloseOn: isoDate(closes),
        closedOn: stage === "won" || stage === "lost" ? isoDate(closes) : null,
      };
    }
  }

  return Object.freeze({
    seed,
    counts: Object.freeze({ accounts, contacts, opportunities, products, salesReps }),
    users: Object.freeze(users),

    *accounts() {
      const rng = streamRng(seed, "accounts");
      for (let index = 0; index < accounts; index++) {
        const { ownerId, currency } = accountTraits(index);
        const head = rng.pick(NAME_HEADS) + rng.pick(NAME_TAILS);
        const hasRevenue = rng.chance(0.6);
        yield {
          index,
          // The index keeps names unique enough to sort stably, like real customer lists.
          name: `${head} ${rng.pick(NAME_KINDS)} ${index + 1}`,
          type: rng.weighted(ACCOUNT_TYPES),
          industry: rng.chance(0.9) ? rng.pick(INDUSTRIES) : null,
          website: rng.chance(0.7) ? `https://${head.toLowerCase()}${index + 1}.example` : null,
          description: rng.chance(0.3)
            ? `${head} buys through its ${rng.pick(["regional", "central", "local"])} office.`
            : null,
          ownerId,
          annualRevenue: hasRevenue ? Math.round(rng.logNormal(500_000_000, 1.2)) : null,
          currency: hasRevenue ? currency : null,
          employeeCount: rng.chance(0.8) ? Math.min(100_000_000, Math.round(rng.logNormal(120, 1.5))) : null,
          billingAddress: rng.chance(0.7) ? address(rng) : null,
          tags: rng.chance(0.3) ? [...new Set([rng.pick(TAGS), rng.pick(TAGS)])].sort() : [],
          erpId: rng.chance(0.25) ? `C-${String(index + 1).padStart(7, "0")}` : null,
        };
      }
    },

    *contacts() {
      const rng = streamRng(seed, "contacts");
      for (let index = 0; index < contacts; index++) {
        const accountIndex = contactAccount(index);
        const firstName = rng.pick(FIRST_NAMES);
        const lastName = rng.pick(LAST_NAMES);
        yield {
          index,
          accountIndex,
          firstName,
          lastName,
          email:
            `${firstName}.${lastName}.${index + 1}@${accountIndex === null ? "mail" : `account${accountIndex + 1}`}.example`.toLowerCase(),
          phone: rng.chance(0.7)
            ? `+1 (${rng.pick(["212", "312", "415", "512", "617"])}) ${rng.int(200, 999)}-${String(rng.int(0, 9_999)).padStart(4, "0")}`
            : null,
          title: rng.chance(0.8) ? rng.pick(TITLES) : null,
          doNotCall: rng.chance(0.05),
          doNotEmail: rng.chance(0.08),
          preferredChannel: rng.weighted(
            /** @type {const} */ ([
              ["email", 30],
              ["phone", 10],
              [null, 60],
            ]),
          ),
          language: rng.weighted(
            /** @type {const} */ ([
              ["en", 40],
              ["de", 10],
              ["fr", 8],
              [null, 42],
            ]),
          ),
          ownerId: accountIndex === null ? /** @type {string} */ (rng.pick(reps)) : accountTraits(accountIndex).ownerId,
        };
      }
    },

    opportunities: opportunityRows,

    *products() {
      const rng = streamRng(seed, "products");
      for (let index = 0; index < products; index++) {
        const family = rng.pick(PRODUCT_FAMILIES);
        yield {
          index,
          sku: `SKU-${String(index + 1).padStart(5, "0")}`,
          name: `${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)} ${family} ${index + 1}`,
          family,
          unitPrice: Math.round(rng.logNormal(50_000, 1.1) / 100) * 100,
          currency: "USD",
        };
      }
    },

    /** @param {number} count */
    stageMoves(count) {
      // Every opportunity's open stage, a byte each, so moves chain from where a deal is.
      const current = new Uint8Array(opportunities);
      for (const o of opportunityRows()) current[o.index] = OPEN_STAGES.indexOf(o.openStage);
      const last = OPEN_STAGES.length - 1;
      const rng = streamRng(seed, "stage-moves");
      /** @type {StageMove[]} */
      const moves = [];
      /** @type {Map<number, number>} */
      const lastMoved = new Map();
      const spacing = Math.min(100, Math.floor(opportunities / 2));
      for (let n = 0; n < count; n++) {
        // A deal moved again within a millisecond would keep its stage-entry time, and
        // whether that happens depends on speed; 100 moves apart it never does.
        let opportunityIndex = rng.int(0, opportunities - 1);
        while (n - (lastMoved.get(opportunityIndex) ?? -Infinity) < spacing)
          opportunityIndex = rng.int(0, opportunities - 1);
        lastMoved.set(opportunityIndex, n);
        const from = current[opportunityIndex] ?? 0;
        // Deals mostly move forward; one in the last open stage can only step back.
        const to = from < last && (from === 0 || rng.chance(0.85)) ? from + 1 : from - 1;
        current[opportunityIndex] = to;
        moves.push({ opportunityIndex, toStage: /** @type {string} */ (OPEN_STAGES[to]) });
      }
      return moves;
    },

    /** @param {number} count */
    *accountUpdates(count) {
      const rng = streamRng(seed, "account-updates");
      for (let i = 0; i < count; i++) {
        const accountIndex = rng.int(0, accounts - 1);
        yield {
          accountIndex,
          patch: { industry: rng.pick(INDUSTRIES), website: `https://edit${i + 1}-${accountIndex + 1}.example` },
        };
      }
    },
  });
}

/**
 * @param {Rng} rng
 * @returns {PostalAddress}
 */
function address(rng) {
  const [city, country] = rng.pick(CITIES);
  return {
    line1: `${rng.int(1, 999)} ${rng.pick(STREETS)}`,
    line2: null,
    city,
    region: null,
    postalCode: String(rng.int(10_000, 99_999)),
    country,
  };
}

/** @param {number} ms */
function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
