import { ValidationError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

describeEachAdapter("cleansing normalisers", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  it("normalises person names: NFKC, case, white space, honorifics, Chinese names without spaces", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    expect(normalise.personName("  Dr.  ＡＮＮＡ   Müller ")).toEqual({
      full: "anna muller",
      given: "anna",
      family: "muller",
      honorifics: ["dr"],
    });
    expect(normalise.personName("Smith, John")).toMatchObject({ given: "john", family: "smith" });
    expect(normalise.personName("张伟")).toMatchObject({ family: "张", given: "伟" });
    expect(normalise.personName("欧阳娜娜")).toMatchObject({ family: "欧阳", given: "娜娜" });
    expect(normalise.personName({ given: "Herr Hans", family: "Meier" })).toMatchObject({
      full: "hans meier",
      honorifics: ["herr"],
    });
    expect(normalise.personName("Mr.")).toMatchObject({ full: null });
  });

  it("normalises emails: case everywhere, dots and +tags only where the provider ignores them", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    expect(normalise.email(" John.Smith+news@GoogleMail.com ")).toEqual({
      address: "john.smith+news@googlemail.com",
      valid: true,
      canonical: "johnsmith@gmail.com",
      domain: "gmail.com",
    });
    expect(normalise.email("john.smith+news@outlook.com").canonical).toBe("john.smith@outlook.com");
    expect(normalise.email("John.Smith+news@Example.com").canonical).toBe("john.smith+news@example.com");
    expect(normalise.email("not an email")).toMatchObject({ valid: false, canonical: null });
  });

  it("normalises phones to E.164 with a default country, and keeps the digits of unreadable ones", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    expect(normalise.phone("030 1234567", "DE")).toMatchObject({ e164: "+49301234567", valid: true, country: "DE" });
    expect(normalise.phone("0049 30 1234567")).toMatchObject({ e164: "+49301234567", valid: true });
    expect(normalise.phone("(415) 555-2671 ext. 12", "US")).toMatchObject({ e164: "+14155552671" });
    expect(normalise.phone("3865286", "US")).toEqual({ e164: null, valid: false, digits: "3865286", country: null });
    expect(() => normalise.phone("1", "germany")).toThrow(ValidationError);
  });

  it("reads countries in many languages, short forms and typos to ISO alpha-2", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    const read = (value: string) => normalise.country(value);
    expect(
      [
        "Philipines",
        "Korea",
        "USA",
        "UK",
        "Deutschland",
        "Allemagne",
        "deu",
        "276",
        "de",
        "ドイツ",
        "Germnay",
        "中国",
      ].map(read),
    ).toEqual(["PH", "KR", "US", "GB", "DE", "DE", "DE", "DE", "DE", "DE", "DE", "CN"]);
    expect(read("Atlantis")).toBeNull();
    expect(() => normalise.country(42 as never)).toThrow(ValidationError);
  });

  it("drops legal forms from company names, Latin and CJK", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    expect(normalise.companyName("The ACME Corp., Inc.")).toEqual({ name: "acme", legalForms: ["corp", "inc"] });
    expect(normalise.companyName("Globex GmbH & Co. KG").name).toBe("globex");
    expect(normalise.companyName("Société Générale S.A.").name).toBe("societe generale");
    expect(normalise.companyName("Initech LLC").name).toBe("initech");
    expect(normalise.companyName("华为技术有限公司")).toEqual({ name: "华为技术", legalForms: ["有限公司"] });
    expect(normalise.companyName("阿里巴巴股份有限公司").name).toBe("阿里巴巴");
  });

  it("normalises addresses: street abbreviations, house numbers and postcodes by country", async () => {
    const { normalise } = t.as(await t.tenant(), "ada", ["admin"]).cleansing;
    expect(
      normalise.address({ line1: "10 Downing Street", city: "LONDON", postalCode: "sw1a2aa", country: "GB" }),
    ).toEqual({
      street: "10 downing st",
      houseNumber: 10,
      city: "london",
      region: null,
      postcode: "SW1A 2AA",
      postcodeValid: true,
      country: "GB",
    });
    expect(normalise.address({ line1: "Hauptstraße 5" }, "DE")).toMatchObject({
      street: "haupt st 5",
      houseNumber: 5,
      country: "DE",
    });
    expect(normalise.postcode("60615-1234", "US")).toEqual({ code: "60615", valid: true });
    expect(normalise.postcode("1234ab", "NL")).toEqual({ code: "1234 AB", valid: true });
    expect(normalise.postcode("ABCDE", "DE")).toEqual({ code: "ABCDE", valid: false });
    expect(() => normalise.address({ line1: "x", planet: "Mars" } as never)).toThrow(ValidationError);
  });
});
