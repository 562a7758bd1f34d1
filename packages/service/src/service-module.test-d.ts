import type { Crm, CrmEvent, RecordEventData } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { Case } from "./cases/case-entity.js";
import type { CaseSlaEventData } from "./events.js";
import type { KnowledgeArticle } from "./knowledge/article-entity.js";
import type { ArticleVersion } from "./knowledge/article-reads.js";
import type { ArticlePublishedData } from "./knowledge/knowledge-events.js";
import type { ArticleHitPage } from "./knowledge/knowledge-search.js";
import type { IntakeResult } from "./routing/intake-service.js";
import type { ServiceClient } from "./service-client.js";
import type { ServiceModule } from "./service-module.js";

describe("the service module's types", () => {
  it("adds client.service only when the module is installed", () => {
    const withService = {} as ReturnType<Crm<readonly [ServiceModule]>["as"]>;
    expectTypeOf(withService.service).toEqualTypeOf<ServiceClient>();
    expectTypeOf(withService.service.cases.resolve).returns.resolves.toEqualTypeOf<Case>();
    expectTypeOf(withService.service.intake).returns.resolves.toEqualTypeOf<IntakeResult>();
    expectTypeOf<ReturnType<Crm<readonly []>["as"]>>().not.toHaveProperty("service");
  });

  it("types the service events for crm.on", () => {
    const crm = {} as Crm<readonly [ServiceModule]>;
    crm.on("case.sla_breached", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"case.sla_breached", CaseSlaEventData>>();
    });
    crm.on("case.created", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<RecordEventData>();
    });
    crm.on("work_order.dispatched", (event) => {
      expectTypeOf(event.data.technicianId).toEqualTypeOf<string>();
    });
    // @ts-expect-error the service module declares no such event
    crm.on("case.teleported", () => {});
  });

  it("types the knowledge base's client and events", () => {
    const client = {} as ServiceClient;
    expectTypeOf(client.knowledge.approve).returns.resolves.toEqualTypeOf<KnowledgeArticle>();
    expectTypeOf(client.knowledge.search).returns.resolves.toEqualTypeOf<ArticleHitPage>();
    expectTypeOf(client.knowledge.versions).returns.resolves.toEqualTypeOf<ArticleVersion[]>();
    // @ts-expect-error public is not a visibility
    void client.knowledge.create({ title: "x", visibility: "public" });
    const crm = {} as Crm<readonly [ServiceModule]>;
    crm.on("knowledge_article.published", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<ArticlePublishedData>();
    });
  });

  it("rejects unknown keys in inputs at compile time", () => {
    const client = {} as ServiceClient;
    // @ts-expect-error colour is not a case field
    void client.cases.create({ subject: "x", channel: "web", colour: "red" });
    // @ts-expect-error an intake request needs its kind
    void client.intake({ from: "+1", to: "2", startedAt: "2026-01-01T00:00:00Z", durationSeconds: 1 });
  });
});
