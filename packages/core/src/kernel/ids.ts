import { randomFillSync } from "node:crypto";
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
  #timePart = "";
  readonly #random = new Uint8Array(RANDOM_CHARS);

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A new id with the given prefix (`"acc"` → `acc_01J…`). */
  next<P extends string>(prefix: P): RecordId<P> {
    const time = Math.max(this.#clock.now().getTime(), this.#lastTime);
    if (time === this.#lastTime) {
      incrementBase32(this.#random);
    } else {
      this.#lastTime = time;
      this.#timePart = encodeTime(time);
      randomDigits(this.#random);
    }
    let random = "";
    for (const digit of this.#random) random += CROCKFORD[digit];
    return `${prefix}_${this.#timePart}${random}`;
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

/** Random bytes drawn from the OS in blocks: one system call per id is the slow part of making ids. */
const pool = new Uint8Array(4_096);
let poolOffset = pool.length;

function randomDigits(into: Uint8Array): void {
  if (poolOffset + into.length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  for (let i = 0; i < into.length; i++) {
    const byte = pool[poolOffset + i] as number;
    // The top bit is kept clear so the same-millisecond increment never overflows in practice.
    into[i] = i === 0 ? byte % 16 : byte % 32;
  }
  poolOffset += into.length;
}

function incrementBase32(digits: Uint8Array): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if ((digits[i] as number) < 31) {
      digits[i] = (digits[i] as number) + 1;
      return;
    }
    digits[i] = 0;
  }
}
