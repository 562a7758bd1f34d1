import type { EntityRule, MatchFieldRule } from "./entity-rules.js";
import { DEFAULT_PROBABILITIES, type LevelProbabilities, levelWeights, matchProbability } from "./fellegi-sunter.js";
import { AGREEMENT_LEVELS, type AgreementLevel, compareField, type FieldAgreement } from "./field-comparison.js";
import type { MatchProfile } from "./profile.js";

/** Why a pair scored as it did, one entry per field both records have. */
export interface MatchReason {
  /** The match field (`lastName`, `email`, `address.postcode`, `custom.dateOfBirth`). */
  readonly field: string;
  /** How well it agreed: `exact`, `close`, `similar` or `different`. */
  readonly level: AgreementLevel;
  /** The comparator's similarity, 0–1, rounded to three places. */
  readonly similarity: number;
  /** What the agreement added to the match weight: log2(m/u), rounded to two places; negative for disagreement. */
  readonly weight: number;
  /** True when first and last name agreed crosswise (swapped in one record). */
  readonly swapped?: boolean;
}

/** A scored pair of records. */
export interface ScoredPair {
  /** Total match weight: the sum of the reasons' weights (log2 of the likelihood ratio). */
  readonly weight: number;
  /** The match probability: the weight turned into a probability with the model's prior. */
  readonly score: number;
  /** Each level per field, `-1` when missing, in the scorer's field order (for EM pattern counts). */
  readonly levels: readonly number[];
  /** Compared fields, in the rule's order. */
  readonly reasons: readonly MatchReason[];
}

/** m/u per field and the prior, as the scorer uses them. */
export interface MatchModel {
  readonly probabilities: readonly LevelProbabilities[];
  readonly lambda: number;
}

/** The default model of a set of fields: each kind's documented m/u, with a field's own `u` for `exact` where its rule sets one. */
export function defaultModel(fields: readonly MatchFieldRule[], lambda: number): MatchModel {
  return {
    lambda,
    probabilities: fields.map((field) => {
      const base = DEFAULT_PROBABILITIES[field.kind];
      if (field.uExact === undefined) return base;
      const u = [...base.u] as [number, number, number, number];
      u[0] = u[0] + u[3] - field.uExact;
      u[3] = field.uExact;
      return { m: base.m, u };
    }),
  };
}

/** Scores pairs of profiles for the fields an actor may use. */
export class PairScorer {
  readonly fields: readonly MatchFieldRule[];
  readonly #weights: readonly (readonly number[])[];
  readonly #lambda: number;
  readonly #first: number;
  readonly #last: number;

  constructor(fields: readonly MatchFieldRule[], model: MatchModel) {
    this.fields = fields;
    this.#weights = model.probabilities.map(levelWeights);
    this.#lambda = model.lambda;
    this.#first = fields.findIndex((f) => f.name === "firstName");
    this.#last = fields.findIndex((f) => f.name === "lastName");
  }

  /** The fields a rule compares minus those reading an entity field in `hidden`. */
  static visibleFields(rule: EntityRule, hidden: ReadonlySet<string>): MatchFieldRule[] {
    return rule.fields.filter((field) => field.reads.every((read) => !hidden.has(read)));
  }

  /** Compares every field and sums the weights; first and last name may agree swapped. */
  score(a: MatchProfile, b: MatchProfile): ScoredPair {
    const results: (FieldAgreement | null)[] = this.fields.map((field) =>
      compareField(field.kind, a.values[field.name] ?? null, b.values[field.name] ?? null),
    );
    let swapped = false;
    if (this.#first >= 0 && this.#last >= 0) {
      const first = results[this.#first] ?? null;
      const last = results[this.#last] ?? null;
      if ((first?.level ?? 3) < 2 || (last?.level ?? 3) < 2) {
        const f = this.fields[this.#first] as MatchFieldRule;
        const l = this.fields[this.#last] as MatchFieldRule;
        const crossFirst = compareField(f.kind, a.values[f.name] ?? null, b.values[l.name] ?? null);
        const crossLast = compareField(l.kind, a.values[l.name] ?? null, b.values[f.name] ?? null);
        const sum = (x: FieldAgreement | null, y: FieldAgreement | null) =>
          (x === null ? 0 : (this.#weights[this.#first]?.[x.level] as number)) +
          (y === null ? 0 : (this.#weights[this.#last]?.[y.level] as number));
        if (crossFirst !== null && crossLast !== null && sum(crossFirst, crossLast) > sum(first, last)) {
          results[this.#first] = crossFirst;
          results[this.#last] = crossLast;
          swapped = true;
        }
      }
    }
    let weight = 0;
    const levels: number[] = [];
    const reasons: MatchReason[] = [];
    results.forEach((result, index) => {
      if (result === null) {
        levels.push(-1);
        return;
      }
      levels.push(result.level);
      const contributed = this.#weights[index]?.[result.level] as number;
      weight += contributed;
      const isName = index === this.#first || index === this.#last;
      reasons.push({
        field: (this.fields[index] as MatchFieldRule).name,
        level: AGREEMENT_LEVELS[result.level],
        similarity: Math.round(result.similarity * 1000) / 1000,
        weight: Math.round(contributed * 100) / 100,
        ...(swapped && isName ? { swapped: true } : {}),
      });
    });
    return { weight, score: matchProbability(weight, this.#lambda), levels, reasons };
  }
}
