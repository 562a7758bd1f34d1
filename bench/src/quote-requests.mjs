import { streamRng } from "./prng.mjs";

/**
 * The quote workload's data: how the data set's products are sold (units, fractional
 * quantities, volume tiers) and the quotes sales reps write against the accounts and
 * contacts of the data set. Deterministic, like the data set: both sides get the same
 * quotes, by data-set index.
 */

/** @typedef {import("./dataset.mjs").Dataset} Dataset */
/** @typedef {import("./dataset.mjs").ProductRow} ProductRow */

/** The currency of the price book and of every quote (the data set's products are priced in it). */
export const QUOTE_CURRENCY = "USD";

/**
 * How each product family is sold: its unit, whether quantities may have decimals, its
 * volume tiers (`[minQuantity, share of the list price]`) and how many units a quote takes.
 *
 * @type {Readonly<Record<string, { unit: string, fractional: boolean, tiers: readonly (readonly [number, number])[], quantity: (rng: import("./prng.mjs").Rng) => number }>>}
 */
const FAMILY_TERMS = Object.freeze({
  // Seats: a few to a few hundred, cheaper by volume.
  Licences: {
    unit: "seat",
    fractional: false,
    tiers: [
      [10, 0.9],
      [50, 0.8],
    ],
    quantity: (rng) => Math.min(500, Math.max(1, Math.round(rng.logNormal(12, 1)))),
  },
  Hardware: {
    unit: "unit",
    fractional: false,
    tiers: [[20, 0.95]],
    quantity: (rng) => Math.min(100, Math.max(1, Math.round(rng.logNormal(3, 0.8)))),
  },
  // Hours in quarter hours: the quantity's decimals reach the amounts' rounding.
  Services: {
    unit: "hour",
    fractional: true,
    tiers: [],
    quantity: (rng) => Math.max(0.25, Math.round(rng.logNormal(16, 0.8) * 4) / 4),
  },
  Support: { unit: "year", fractional: false, tiers: [], quantity: (rng) => rng.int(1, 3) },
  Training: {
    unit: "hour",
    fractional: true,
    tiers: [],
    quantity: (rng) => Math.max(0.5, Math.round(rng.logNormal(6, 0.6) * 2) / 2),
  },
});

/** @param {string} family */
function termsOf(family) {
  const terms = FAMILY_TERMS[family];
  if (!terms) throw new Error(`no sales terms for product family "${family}"`);
  return terms;
}

/**
 * What the catalog holds for one product of the data set: the `products.create` input and
 * its price-book entry (list price and volume tiers), without ids.
 *
 * @param {ProductRow} product
 */
export function catalogEntry(product) {
  const terms = termsOf(product.family);
  return {
    product: {
      sku: product.sku,
      name: product.name,
      family: product.family,
      unit: terms.unit,
      allowFractionalQuantity: terms.fractional,
    },
    listPrice: product.unitPrice,
    tiers: terms.tiers.map(([minQuantity, share]) => ({
      minQuantity,
      unitPrice: Math.round((product.unitPrice * share) / 100) * 100,
    })),
  };
}

/**
 * @typedef {object} QuoteLineRequest
 * @property {number} productIndex
 * @property {number} quantity units (hours may have decimals)
 * @property {number | null} discountPercent the line's discount, or `null` for none
 * @property {number | null} unitPrice a negotiated price in minor units, or `null` for the price book's
 * @property {string | null} description
 */

/**
 * One `quotes.create` call, by data-set index.
 *
 * @typedef {object} QuoteRequest
 * @property {string} actorId who creates the quote: the account's owner, or now and then a manager
 * @property {"sales_rep" | "sales_manager"} role
 * @property {string | null} ownerId the account's owner when a manager quotes on their behalf (else the creator owns it)
 * @property {number} accountIndex
 * @property {number | null} contactIndex a contact at the account, or `null`
 * @property {string | null} name
 * @property {number | null} headerDiscountPercent
 * @property {number | null} taxRatePercent the rate of every line, `null` for a tax-exempt quote
 * @property {string | null} notes
 * @property {QuoteLineRequest[]} lines 1 to 5, distinct products
 */

const LINE_COUNTS = /** @type {const} */ ([
  [1, 30],
  [2, 28],
  [3, 20],
  [4, 12],
  [5, 10],
]);
const LINE_DISCOUNTS = [5, 10, 12.5, 15, 20, 25];
const HEADER_DISCOUNTS = [2.5, 5, 7.5, 10];
// US state sales taxes and EU VAT rates; a share of quotes is tax-exempt (resale, exports).
const TAX_RATES = /** @type {const} */ ([
  [null, 20],
  [7.25, 20],
  [8.875, 25],
  [19, 20],
  [20, 15],
]);
const QUOTE_KINDS = ["Renewal", "Expansion", "New business", "Pilot", "Upgrade"];
const NOTES = [
  "Prices include installation on site.",
  "Pricing as discussed on our call; volume pricing applies.",
  "Valid for the purchase order referenced in your request.",
];
const LINE_DESCRIPTIONS = ["Annual subscription, billed yearly", "Delivered within 4 weeks", "Remote, in half days"];

/**
 * The quotes of one run: `count` calls, each by the account's owner (one in eight by a
 * sales manager on the owner's behalf), for an account that has contacts, mostly to one
 * of them; 1–5 lines of distinct products picked with a skew (a few products sell most),
 * priced from the price book except now and then a negotiated price; some line and
 * header discounts; one tax rate per quote.
 *
 * @param {Dataset} dataset
 * @param {number} count
 * @returns {QuoteRequest[]}
 */
export function quoteRequests(dataset, count) {
  const products = [...dataset.products()];
  if (products.length === 0) throw new Error("the data set has no products to quote");
  // Contacts at an account, with the account's owner (contacts share their account's owner).
  const contacts = [];
  for (const c of dataset.contacts())
    if (c.accountIndex !== null) contacts.push({ index: c.index, accountIndex: c.accountIndex, ownerId: c.ownerId });
  if (contacts.length === 0) throw new Error("the data set has no contacts at accounts to quote");
  const managers = dataset.users.filter((u) => u.role === "sales_manager").map((u) => u.id);
  const rng = streamRng(dataset.seed, "quotes");
  /** @type {QuoteRequest[]} */
  const requests = [];
  for (let n = 0; n < count; n++) {
    const contact = /** @type {(typeof contacts)[number]} */ (rng.pick(contacts));
    const byManager = managers.length > 0 && rng.chance(0.125);
    const lineCount = Math.min(products.length, rng.weighted(LINE_COUNTS));
    /** @type {Set<number>} */
    const picked = new Set();
    while (picked.size < lineCount) picked.add(rng.skewedIndex(products.length, 2));
    /** @type {QuoteLineRequest[]} */
    const lines = [];
    for (const productIndex of picked) {
      const product = /** @type {ProductRow} */ (products[productIndex]);
      lines.push({
        productIndex,
        quantity: termsOf(product.family).quantity(rng),
        discountPercent: rng.chance(0.25) ? rng.pick(LINE_DISCOUNTS) : null,
        // A negotiated price a little under the list price, in whole units of 100 minor units.
        unitPrice: rng.chance(0.1) ? Math.round((product.unitPrice * rng.int(85, 98)) / 10_000) * 100 : null,
        description: rng.chance(0.15) ? rng.pick(LINE_DESCRIPTIONS) : null,
      });
    }
    requests.push({
      actorId: byManager ? rng.pick(managers) : contact.ownerId,
      role: byManager ? "sales_manager" : "sales_rep",
      ownerId: byManager ? contact.ownerId : null,
      accountIndex: contact.accountIndex,
      contactIndex: rng.chance(0.85) ? contact.index : null,
      name: rng.chance(0.9) ? `${rng.pick(QUOTE_KINDS)} ${n + 1}` : null,
      headerDiscountPercent: rng.chance(0.2) ? rng.pick(HEADER_DISCOUNTS) : null,
      taxRatePercent: rng.weighted(TAX_RATES),
      notes: rng.chance(0.3) ? rng.pick(NOTES) : null,
      lines,
    });
  }
  return requests;
}
