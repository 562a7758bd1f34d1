import { describe, expect, it } from "vitest";
import {
  damerauLevenshtein,
  dateAgreement,
  jaroWinkler,
  numericCloseness,
  phoneticCode,
  tokenSetSimilarity,
} from "./comparators.js";
import { learnByEm, matchProbability, type PatternCount } from "./fellegi-sunter.js";
import { compareField } from "./field-comparison.js";

describe("comparators", () => {
  it("Jaro–Winkler gives the published values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("dixon", "dicksonx")).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler("abc", "abc")).toBe(1);
    expect(jaroWinkler("abc", "")).toBe(0);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
  });

  it("Damerau–Levenshtein counts transpositions as one edit and stops past its bound", () => {
    expect(damerauLevenshtein("4011", "4101")).toBe(1);
    expect(damerauLevenshtein("kitten", "sitting")).toBe(3);
    expect(damerauLevenshtein("kitten", "sitting", 1)).toBe(2);
    expect(damerauLevenshtein("", "abc")).toBe(3);
  });

  it("token-set similarity ignores word order and tolerates a typo", () => {
    expect(tokenSetSimilarity("st lucy school", "school st lucy")).toBe(1);
    expect(tokenSetSimilarity("bethel new life", "bethel new lfie")).toBeGreaterThan(0.9);
    expect(tokenSetSimilarity("acme", "globex initech")).toBe(0);
  });

  it("phonetic codes, numbers and dates", () => {
    expect(phoneticCode("smith")).toBe(phoneticCode("smyth"));
    expect(phoneticCode("smith")).not.toBe(phoneticCode("jones"));
    expect(numericCloseness(100, 95, 0.1)).toBeCloseTo(0.5);
    expect(numericCloseness(100, 50, 0.1)).toBe(0);
    expect(dateAgreement("19990219", "1999-02-19")).toBe("same");
    expect(dateAgreement("19990219", "19990218")).toBe("one_part");
    expect(dateAgreement("19990312", "19991203")).toBe("swapped");
    expect(dateAgreement("19990101", "19981215")).toBe("within_year");
    expect(dateAgreement("19990101", "19700101")).toBe("one_part");
    expect(dateAgreement("19990101", "19701231")).toBe("different");
  });

  it("field comparison levels per kind, and a missing value compares as nothing", () => {
    expect(compareField("name", "jonathan", "jonathon")?.level).toBe(2);
    expect(compareField("name", "smith", null)).toBeNull();
    expect(compareField("phone", "+13125551234", "5551234")?.level).toBe(2);
    expect(compareField("email", ["a@x.org", "b@y.org"], ["b@y.org"])?.level).toBe(3);
    expect(compareField("identifier", "7364009", "7364090")?.level).toBe(2);
    expect(compareField("code", "qld", "nsw")?.level).toBe(0);
  });
});

describe("Fellegi–Sunter", () => {
  it("turns weights into probabilities with the prior", () => {
    expect(matchProbability(0, 0.5)).toBeCloseTo(0.5);
    expect(matchProbability(Math.log2(999), 0.001)).toBeCloseTo(0.5);
  });

  it("EM recovers m, u and the prior from unlabelled pattern counts", () => {
    // Three fields (two are not identifiable), levels 3 (agree) or 0 (disagree): 100 matches agreeing with
    // m = 0.9 each, 900 non-matches with u = 0.1 each, counted by pattern.
    const patterns: PatternCount[] = [];
    for (const a of [3, 0]) {
      for (const b of [3, 0]) {
        for (const c of [3, 0]) {
          const given = (p: number) => [a, b, c].reduce((product, level) => product * (level === 3 ? p : 1 - p), 1);
          patterns.push({ levels: [a, b, c], count: 100 * given(0.9) + 900 * given(0.1) });
        }
      }
    }
    const start = { m: [0.3, 0.1, 0.1, 0.5], u: [0.6, 0.1, 0.1, 0.2] } as const;
    const learnt = learnByEm(patterns, [start, start, start], 0.3, 500);
    expect(learnt.lambda).toBeCloseTo(0.1, 2);
    expect(learnt.probabilities[0]?.m[3]).toBeCloseTo(0.9, 2);
    expect(learnt.probabilities[0]?.u[3]).toBeCloseTo(0.1, 2);
  });
});
