import { describe, expect, it } from "vitest";
import { ValidationError } from "../kernel/errors.js";
import { parseExternalKey } from "./external-key.js";

describe("parseExternalKey", () => {
  it("reads a system and key as externalIds on input does, trimming the key", () => {
    expect(parseExternalKey("erp", " C-1 ")).toEqual({ system: "erp", externalId: "C-1" });
  });

  for (const [label, system, key] of [
    ["NUL in the key", "erp", "C-\u00001"],
    ["a lone surrogate in the key", "erp", "C-\uD800"],
    ["an empty key", "erp", "  "],
    ["a key that is not text", "erp", 42],
    ["a system that is not text", 42, "C-1"],
    ["a system with spaces", "ERP System", "C-1"],
    ["NUL in the system", "e\u0000rp", "C-1"],
    ["a __proto__ system", "__proto__", "C-1"],
    ["a constructor system", "constructor", "C-1"],
  ] as const) {
    it(`refuses ${label} with ValidationError`, () => {
      expect(() => parseExternalKey(system, key)).toThrow(ValidationError);
    });
  }
});
