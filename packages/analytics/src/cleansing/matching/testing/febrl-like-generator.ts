/**
 * A FEBRL-like generator of people records with duplicates, for scale runs: originals drawn
 * from seeded syllable-built names, streets, suburbs and postcodes, and duplicates made from
 * them with FEBRL's kinds of errors (a typo, swapped names, a missing value, one date part
 * changed, a postcode digit changed). Lazy: records are made one at a time.
 */

/** mulberry32: a small seeded PRNG, so every run makes the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ONSETS = [
  "b",
  "br",
  "c",
  "ch",
  "d",
  "f",
  "g",
  "h",
  "j",
  "k",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "sh",
  "st",
  "t",
  "th",
  "v",
  "w",
  "z",
];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const CODAS = ["", "n", "r", "s", "l", "t", "m", "rd", "ll", "ck", "nd"];

/** A generated person, with the id of the original it was made from (itself for an original). */
export interface GeneratedPerson {
  readonly entity: number;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly line1: string | null;
  readonly city: string | null;
  readonly postcode: string | null;
  readonly dateOfBirth: string | null;
  readonly nationalId: string | null;
}

/** Makes `count` records, of which about `duplicateShare` are duplicates of an earlier original. */
export function* febrlLikePeople(count: number, duplicateShare = 0.1, seed = 2026): Generator<GeneratedPerson> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const word = (syllables: number) => {
    let text = "";
    for (let i = 0; i < syllables; i++) text += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : "");
    return text;
  };
  const given = Array.from({ length: 800 }, () => word(2));
  const family = Array.from({ length: 20_000 }, () => word(2 + Math.floor(random() * 2)));
  const streets = Array.from(
    { length: 3_000 },
    () => `${word(2)} ${pick(["street", "road", "avenue", "place", "crescent"])}`,
  );
  const suburbs = Array.from({ length: 2_000 }, () => word(3));
  const recent: GeneratedPerson[] = [];
  for (let n = 0; n < count; n++) {
    if (recent.length > 100 && random() < duplicateShare) {
      const original = recent[Math.floor(random() * recent.length)] as GeneratedPerson;
      yield corrupt(original, random, pick);
      continue;
    }
    const year = 1930 + Math.floor(random() * 75);
    const person: GeneratedPerson = {
      entity: n,
      firstName: pick(given),
      lastName: pick(family),
      line1: `${1 + Math.floor(random() * 300)} ${pick(streets)}`,
      city: pick(suburbs),
      postcode: String(2000 + Math.floor(random() * 6000)),
      dateOfBirth: `${year}${String(1 + Math.floor(random() * 12)).padStart(2, "0")}${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`,
      nationalId: String(1_000_000 + Math.floor(random() * 8_999_999)),
    };
    // Originals are kept in a bounded window, so duplicates sit near them and memory stays flat.
    if (recent.length >= 10_000) recent[Math.floor(random() * recent.length)] = person;
    else recent.push(person);
    yield person;
  }
}

function corrupt(
  original: GeneratedPerson,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): GeneratedPerson {
  const typo = (text: string | null) => {
    if (text === null || text.length < 3) return text;
    const at = 1 + Math.floor(random() * (text.length - 2));
    const letters = "abcdefghijklmnopqrstuvwxyz";
    return pick([
      () => text.slice(0, at) + text.slice(at + 1),
      () => text.slice(0, at) + pick([...letters]) + text.slice(at + 1),
      () => text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2),
    ])();
  };
  const copy: { -readonly [K in keyof GeneratedPerson]: GeneratedPerson[K] } = { ...original };
  const errors = 1 + Math.floor(random() * 3);
  for (let e = 0; e < errors; e++) {
    switch (Math.floor(random() * 7)) {
      case 0:
        copy.firstName = typo(copy.firstName);
        break;
      case 1:
        copy.lastName = typo(copy.lastName);
        break;
      case 2:
        [copy.firstName, copy.lastName] = [copy.lastName, copy.firstName];
        break;
      case 3:
        copy.line1 = null;
        break;
      case 4:
        copy.postcode =
          copy.postcode === null ? null : `${copy.postcode.slice(0, 3)}${(Number(copy.postcode.slice(3)) + 1) % 10}`;
        break;
      case 5:
        copy.dateOfBirth =
          copy.dateOfBirth === null
            ? null
            : `${copy.dateOfBirth.slice(0, 6)}${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
        break;
      default:
        copy.nationalId = typo(copy.nationalId);
    }
  }
  if (copy.firstName === null && copy.lastName === null) copy.lastName = original.lastName;
  return copy;
}
