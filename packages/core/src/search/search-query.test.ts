import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/errors.js";
import { MAX_QUERY_TERMS, parseSearchQuery } from "./search-query.js";
import { indexedText, writtenText } from "./search-text.js";

const term = (text: string, prefix = false) => ({ kind: "term", text, prefix });
const phrase = (terms: string[], prefix = false) => ({ kind: "phrase", terms, prefix });

describe("parseSearchQuery", () => {
  it("reads words as all of them, quotes as a phrase and a trailing * as a prefix", () => {
    expect(parseSearchQuery("reset password")).toEqual({ kind: "all", of: [term("reset"), term("password")], not: [] });
    expect(parseSearchQuery('"two factor"')).toEqual(phrase(["two", "factor"]));
    expect(parseSearchQuery("auth*")).toEqual(term("auth", true));
    expect(parseSearchQuery('"two fac"*')).toEqual(phrase(["two", "fac"], true));
  });

  it("reads OR between alternatives, and -word and NOT word as exclusions", () => {
    expect(parseSearchQuery("alpha OR beta gamma")).toEqual({
      kind: "all",
      of: [{ kind: "any", of: [term("alpha"), term("beta")] }, term("gamma")],
      not: [],
    });
    expect(parseSearchQuery("fox -brown NOT lazy")).toEqual({
      kind: "all",
      of: [term("fox")],
      not: [term("brown"), term("lazy")],
    });
    expect(parseSearchQuery("(alpha OR beta) -beta")).toEqual({
      kind: "all",
      of: [{ kind: "any", of: [term("alpha"), term("beta")] }],
      not: [term("beta")],
    });
  });

  it("treats FTS syntax as text: punctuation separates words, and words joined by it form a phrase", () => {
    expect(parseSearchQuery("title:fox")).toEqual(phrase(["title", "fox"]));
    expect(parseSearchQuery("e-mail")).toEqual(phrase(["e", "mail"]));
    expect(parseSearchQuery("fox^2 & dog | !cat NEAR")).toEqual({
      kind: "all",
      of: [phrase(["fox", "2"]), term("dog"), term("cat"), term("NEAR")],
      not: [],
    });
    expect(parseSearchQuery("'; drop table x; --")).toEqual({
      kind: "all",
      of: [term("drop"), term("table"), term("x")],
      not: [],
    });
  });

  it("runs an unbalanced quote to the end and ignores unmatched parentheses", () => {
    expect(parseSearchQuery('fox "quick brown')).toEqual({
      kind: "all",
      of: [term("fox"), phrase(["quick", "brown"])],
      not: [],
    });
    expect(parseSearchQuery("fox))")).toEqual(term("fox"));
    expect(parseSearchQuery("((fox")).toEqual(term("fox"));
  });

  it("splits CJK text into one word per character, a run into a phrase", () => {
    expect(parseSearchQuery("检索")).toEqual(phrase(["检", "索"]));
    expect(parseSearchQuery("价")).toEqual(term("价"));
    expect(parseSearchQuery("iPhone手机")).toEqual(phrase(["iPhone", "手", "机"]));
  });

  it("refuses a query with nothing to look for, too long, or with too many words", () => {
    for (const query of ["", "  ", "OR", "NOT", "AND NOT", '""', '"', "-", "()", "*", "&|!^:", "-fox", "NOT fox"]) {
      expect(() => parseSearchQuery(query), query).toThrow(ValidationError);
    }
    expect(() => parseSearchQuery("a".repeat(1_001))).toThrow(ValidationError);
    expect(() => parseSearchQuery("word ".repeat(MAX_QUERY_TERMS + 1))).toThrow(ValidationError);
    expect(parseSearchQuery("word ".repeat(MAX_QUERY_TERMS)).kind).toBe("all");
  });
});

describe("indexed text", () => {
  it("sets CJK characters apart with a thin space and takes it out again", () => {
    expect(indexedText("全文检索 for iPhone手机")).toBe("全\u2009文\u2009检\u2009索 for iPhone\u2009手\u2009机");
    expect(writtenText(indexedText("全文检索 for iPhone手机"))).toBe("全文检索 for iPhone手机");
    expect(indexedText("plain English")).toBe("plain English");
  });
});
