import type { Crm } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { MarketingModule } from "../marketing-module.js";
import type { HtmlOutput, LabelOutput, PdfOutput } from "../print/print-service.js";
import type { ContentItem } from "./content-entity.js";
import type { ContentService } from "./content-service.js";
import type { OpportunityContent } from "./stage-content.js";

type Client = ReturnType<Crm<readonly [MarketingModule]>["as"]>;

describe("the content area's types", () => {
  it("puts the library and printing on client.marketing", () => {
    const client = {} as Client;
    expectTypeOf(client.marketing.content).toEqualTypeOf<ContentService>();
    expectTypeOf(client.marketing.content.forOpportunity).returns.resolves.toEqualTypeOf<OpportunityContent>();
    expectTypeOf(client.marketing.content.get).returns.resolves.toEqualTypeOf<ContentItem>();
    expectTypeOf(client.marketing.content.search).returns.resolves.toHaveProperty("nextCursor");
  });

  it("types a print run's output by the format asked for", () => {
    const client = {} as Client;
    const pdf = client.marketing.print.letters({ recipients: ["con_1"], body: "Hi", format: "pdf" });
    expectTypeOf(pdf).resolves.toEqualTypeOf<PdfOutput>();
    const html = client.marketing.print.letters({ recipients: ["con_1"], body: "Hi", format: "html" });
    expectTypeOf(html).resolves.toEqualTypeOf<HtmlOutput>();
    const labels = client.marketing.print.labels({ recipients: ["con_1"], layout: "5160", format: "pdf" });
    expectTypeOf(labels).resolves.toEqualTypeOf<LabelOutput<PdfOutput>>();
    // @ts-expect-error a layout Rapport does not know
    void client.marketing.print.labels({ recipients: ["con_1"], layout: "L7160", format: "pdf" });
    // @ts-expect-error kind takes the library's kinds only
    void client.marketing.content.create({ kind: "poem", title: "x" });
  });

  it("types the content events for crm.on", () => {
    const crm = {} as Crm<readonly [MarketingModule]>;
    crm.on("content_item.attached_to_stage", (event) => {
      expectTypeOf(event.data.stageKey).toEqualTypeOf<string>();
    });
    crm.on("letterhead.updated", (event) => {
      expectTypeOf(event.data.legalName).toEqualTypeOf<string>();
    });
  });
});
