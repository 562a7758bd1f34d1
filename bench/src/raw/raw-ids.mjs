import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Makes ids in Rapport's format (`acc_` + 10 time characters + 16 random characters,
 * strictly increasing) the way a hand-written app would: the raw side pays for its ids
 * too, so the comparison is about the rest of the work.
 */
export class RawIds {
  #lastTime = -1;
  /** @type {number[]} */
  #random = [];
  #timePart = "";

  /**
   * A new id with `prefix` (`"acc"` → `acc_01K…`).
   *
   * @param {string} prefix
   * @returns {string}
   */
  next(prefix) {
    const now = Date.now();
    if (now > this.#lastTime) {
      this.#lastTime = now;
      this.#timePart = encodeTime(now);
      const bytes = randomBytes(16);
      this.#random = Array.from(bytes, (b, i) => (i === 0 ? b % 16 : b % 32));
    } else {
      increment(this.#random);
    }
    let random = "";
    for (const digit of this.#random) random += CROCKFORD[digit];
    return `${prefix}_${this.#timePart}${random}`;
  }
}

/** @param {number} time */
function encodeTime(time) {
  let out = "";
  let rest = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** @param {number[]} digits */
function increment(digits) {
  for (let i = digits.length - 1; i >= 0; i--) {
    const digit = /** @type {number} */ (digits[i]);
    if (digit < 31) {
      digits[i] = digit + 1;
      return;
    }
    digits[i] = 0;
  }
}
