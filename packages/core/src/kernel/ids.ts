import { randomBytes } from "node:crypto";
import type { Clock } from "./clock.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS = 16;
const TIME_CHARS = 10;

/** A prefixed, time-sortable id such as `acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5`. */
export type RecordId<Prefix extends string = string> = `${Prefix}_${string}`;

/** Matches ids made by {@link IdGenerator}: lowercase prefix, `_`, 26 Crockford base-32 characters. */
export const ID_PATTERN = /^[a-z][a-z0-9]{1,11}_[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Makes ULID-style ids (48-bit millisecond time + 80 random bits) with a type prefix.
 * Time comes from the injected clock, so ids sort in creation order; ids made in the
 * same millisecond increment the random part, so they stay strictly increasing.
 */
export class IdGenerator {
  readonly #clock: Clock;
  #lastTime = -1;
  #lastRandom: number[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A new id with the given prefix (`"acc"` → `acc_01J…`). */
  next<P extends string>(prefix: P): RecordId<P> {
    const time = Math.max(this.#clock.now().getTime(), this.#lastTime);
    if (time === this.#lastTime) {
      this.#lastRandom = incrementBase32(this.#lastRandom);
    } else {
      this.#lastTime = time;
      this.#lastRandom = randomDigits();
    }
    return `${prefix}_${encodeTime(time)}${this.#lastRandom.map((d) => CROCKFORD[d]).join("")}`;
  }
}

function encodeTime(time: number): string {
  let out = "";
  let rest = time;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomDigits(): number[] {
  const bytes = randomBytes(RANDOM_CHARS);
  // The top bit is kept clear so the same-millisecond increment never overflows in practice.
  return Array.from(bytes, (b, i) => (i === 0 ? b % 16 : b % 32));
}

function incrementBase32(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const digit = next[i] ?? 0;
    if (digit < 31) {
      next[i] = digit + 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}
