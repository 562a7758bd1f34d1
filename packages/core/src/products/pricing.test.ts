import { describe, expect, it } from "vitest";
import { extendedTotal, unitPriceFor, ValidationError } from "../index.js";

describe("pricing helpers", () => {
  const tiers = [
    { minQuantity: 10, unitPrice: 1_600 },
    { minQuantity: 50, unitPrice: 1_400 },
  ];

  it("unitPriceFor takes the highest tier not above the quantity, else the list price", () => {
    expect(unitPriceFor(1_800, tiers, 9.5)).toEqual({ unitPrice: 1_800, tier: null });
    expect(unitPriceFor(1_800, tiers, 10)).toEqual({ unitPrice: 1_600, tier: tiers[0] });
    expect(unitPriceFor(1_800, tiers, 500)).toEqual({ unitPrice: 1_400, tier: tiers[1] });
    expect(unitPriceFor(1_800, [], 500)).toEqual({ unitPrice: 1_800, tier: null });
  });

  it("extendedTotal rounds half up on exact integers and refuses totals past the safe range", () => {
    expect(extendedTotal(333, 2.5)).toBe(833);
    expect(extendedTotal(1_600, 12)).toBe(19_200);
    expect(() => extendedTotal(Number.MAX_SAFE_INTEGER, 2)).toThrow(ValidationError);
  });
});
