import { AGREEMENT_LEVELS, type ComparisonKind, type FieldAgreement } from "./field-comparison.js";

/**
 * Fellegi–Sunter probabilities of one field, per agreement level (`different`, `similar`,
 * `close`, `exact`): `m[l]` the chance a true duplicate pair agrees at level `l`, `u[l]` the
 * chance a pair of different records does. A level contributes `log2(m[l] / u[l])` to a pair's
 * match weight.
 */
export interface LevelProbabilities {
  readonly m: readonly [number, number, number, number];
  readonly u: readonly [number, number, number, number];
}

/**
 * Documented default m/u per comparison kind, set from how often fields of the kind agree
 * in typical CRM data, before looking at any benchmark's truth. `u` (random pairs agreeing)
 * is small for identifying fields (emails, phones, identifiers) and larger for fields many
 * records share (codes, postcodes, cities). Entity rules override `u` for single fields.
 */
export const DEFAULT_PROBABILITIES: Readonly<Record<ComparisonKind, LevelProbabilities>> = {
  name: { m: [0.04, 0.05, 0.11, 0.8], u: [0.93, 0.05, 0.015, 0.005] },
  company: { m: [0.05, 0.1, 0.15, 0.7], u: [0.975, 0.02, 0.004, 0.001] },
  text: { m: [0.06, 0.08, 0.12, 0.74], u: [0.965, 0.03, 0.004, 0.001] },
  email: { m: [0.1, 0.01, 0.04, 0.85], u: [0.9989, 0.01, 0.001, 0.0001] },
  phone: { m: [0.08, 0.03, 0.04, 0.85], u: [0.9985, 0.001, 0.0004, 0.0001] },
  date: { m: [0.03, 0.02, 0.1, 0.85], u: [0.985, 0.012, 0.0025, 0.0005] },
  identifier: { m: [0.05, 0.01, 0.09, 0.85], u: [0.9999, 0.00005, 0.00004, 0.00001] },
  postcode: { m: [0.05, 0.03, 0.07, 0.85], u: [0.9, 0.08, 0.01, 0.01] },
  number: { m: [0.07, 0.03, 0.05, 0.85], u: [0.95, 0.02, 0.01, 0.02] },
  code: { m: [0.1, 0.3, 0.3, 0.9], u: [0.8, 0.3, 0.3, 0.2] },
};

/** log2(m/u) for every level of a field. */
export function levelWeights(probabilities: LevelProbabilities): readonly number[] {
  return probabilities.m.map((m, level) => Math.log2(m / (probabilities.u[level] as number)));
}

/**
 * The default prior: the chance that a pair compared after blocking is a duplicate. Turns a
 * match weight into a probability; learnt by {@link learnByEm} when asked.
 */
export const DEFAULT_PRIOR = 0.001;

/** The probability that a pair with total match weight `weight` is a duplicate, given the prior `lambda`. */
export function matchProbability(weight: number, lambda: number): number {
  return 1 / (1 + 2 ** -(weight + Math.log2(lambda / (1 - lambda))));
}

/** One agreement pattern seen among compared pairs: each field's level (`-1` missing) and how many pairs had it. */
export interface PatternCount {
  readonly levels: readonly number[];
  count: number;
}

/** What {@link learnByEm} learnt: m/u per field and the prior. */
export interface LearntModel {
  readonly probabilities: readonly LevelProbabilities[];
  readonly lambda: number;
  readonly iterations: number;
}

const clamp = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));

/**
 * Expectation–maximisation without labels (Fellegi–Sunter with conditional independence, as
 * in Winkler 1988): starting from `start`, alternately (E) the chance each agreement pattern is
 * a duplicate under the current m, u and prior, and (M) m, u and the prior re-estimated from
 * those chances weighted by the pattern's count. Missing fields count for neither. Runs on
 * pattern counts, not pairs, so its memory is the number of distinct patterns. Stops after
 * `maxIterations` or when no probability moves by more than 1e-6.
 */
export function learnByEm(
  patterns: readonly PatternCount[],
  start: readonly LevelProbabilities[],
  startLambda: number,
  maxIterations = 50,
): LearntModel {
  let probabilities = start.map((p) => ({ m: [...p.m], u: [...p.u] }));
  let lambda = startLambda;
  const total = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  let iterations = 0;
  if (total === 0) return { probabilities: start, lambda, iterations };
  for (; iterations < maxIterations; iterations++) {
    const mSums = probabilities.map(() => [0, 0, 0, 0]);
    const uSums = probabilities.map(() => [0, 0, 0, 0]);
    let matches = 0;
    for (const pattern of patterns) {
      let logM = Math.log(lambda);
      let logU = Math.log(1 - lambda);
      pattern.levels.forEach((level, field) => {
        if (level < 0) return;
        logM += Math.log(probabilities[field]?.m[level] as number);
        logU += Math.log(probabilities[field]?.u[level] as number);
      });
      const p = 1 / (1 + Math.exp(logU - logM));
      matches += p * pattern.count;
      pattern.levels.forEach((level, field) => {
        if (level < 0) return;
        const mSum = mSums[field] as number[];
        const uSum = uSums[field] as number[];
        mSum[level] = (mSum[level] as number) + p * pattern.count;
        uSum[level] = (uSum[level] as number) + (1 - p) * pattern.count;
      });
    }
    let moved = Math.abs(clamp(matches / total) - lambda);
    lambda = clamp(matches / total);
    probabilities = probabilities.map((previous, field) => {
      const normalise = (sums: number[], fallback: readonly number[]) => {
        const sum = sums.reduce((a, b) => a + b, 0);
        return sum === 0 ? [...fallback] : sums.map((s) => clamp(s / sum));
      };
      const m = normalise(mSums[field] as number[], previous.m);
      const u = normalise(uSums[field] as number[], previous.u);
      for (let level = 0; level < AGREEMENT_LEVELS.length; level++) {
        moved = Math.max(moved, Math.abs((m[level] as number) - (previous.m[level] as number)));
      }
      return { m, u };
    });
    if (moved < 1e-6) break;
  }
  return {
    probabilities: probabilities.map((p) => ({
      m: p.m as unknown as LevelProbabilities["m"],
      u: p.u as unknown as LevelProbabilities["u"],
    })),
    lambda,
    iterations,
  };
}

/** A field's agreement level as the pattern key's number: `-1` when a value is missing. */
export function levelOf(result: FieldAgreement | null): number {
  return result === null ? -1 : result.level;
}
