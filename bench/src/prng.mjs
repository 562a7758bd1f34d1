/**
 * A small seeded pseudo-random generator (mulberry32) and the distributions the data
 * generator draws from. Same seed, same sequence — on every machine and Node version.
 */

/**
 * A 32-bit FNV-1a hash of `text`, used to derive one independent seed per data stream.
 *
 * @param {string} text
 * @returns {number}
 */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded random source with the helpers a realistic CRM data set needs.
 *
 * @example
 * ```js
 * const rng = new Rng(hash32("42:accounts"));
 * rng.int(1, 6); // a die roll, the same one every run
 * ```
 */
export class Rng {
  /** @type {number} */
  #state;

  /** @param {number} seed any 32-bit integer */
  constructor(seed) {
    this.#state = seed >>> 0;
  }

  /**
   * A uniform float in [0, 1) — mulberry32.
   *
   * @returns {number}
   */
  next() {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * A uniform integer in [min, max], both included.
   *
   * @param {number} min
   * @param {number} max
   * @returns {number}
   */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * True with probability `p`.
   *
   * @param {number} p
   * @returns {boolean}
   */
  chance(p) {
    return this.next() < p;
  }

  /**
   * One element of `items`, uniformly.
   *
   * @template T
   * @param {readonly T[]} items non-empty
   * @returns {T}
   */
  pick(items) {
    return /** @type {T} */ (items[Math.floor(this.next() * items.length)]);
  }

  /**
   * One value of `weighted`, with probability proportional to its weight.
   *
   * @template T
   * @param {readonly (readonly [T, number])[]} weighted `[value, weight]` pairs, non-empty
   * @returns {T}
   */
  weighted(weighted) {
    let total = 0;
    for (const [, weight] of weighted) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of weighted) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return /** @type {readonly [T, number]} */ (weighted[weighted.length - 1])[0];
  }

  /**
   * An index in [0, n) skewed towards the low end: index `i` is drawn more often than
   * `i + 1`, so a few accounts get many opportunities and a few reps own most deals.
   * With `skew` 3 the first 20% of indices get about 58% of the draws.
   *
   * @param {number} n
   * @param {number} skew 1 is uniform; larger is more skewed
   * @returns {number}
   */
  skewedIndex(n, skew) {
    return Math.min(n - 1, Math.floor(n * this.next() ** skew));
  }

  /**
   * A log-normally distributed value with the given median: most amounts are moderate,
   * a few are very large — how deal sizes and company revenues are spread.
   *
   * @param {number} median
   * @param {number} sigma spread of the underlying normal distribution
   * @returns {number}
   */
  logNormal(median, sigma) {
    // Box–Muller; 1 - next() keeps the logarithm's argument above zero.
    const normal = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return median * Math.exp(sigma * normal);
  }
}

/**
 * The random source of one named stream of a data set: streams do not disturb each
 * other, so the opportunities are the same whether or not the contacts were generated.
 *
 * @param {number} seed the data set's seed
 * @param {string} stream e.g. `"accounts"`
 * @returns {Rng}
 */
export function streamRng(seed, stream) {
  return new Rng(hash32(`${seed}:${stream}`));
}
