import type { TestCrm } from "@rapport/core/testing";
import type { ServiceModule } from "../service-module.js";
import { portalActor } from "./knowledge-portal.js";

/** A fresh tenant with the knowledge base's clients: an admin, a manager, agents and the portals. */
export async function knowledgeTenant(t: TestCrm<readonly [ServiceModule]>) {
  const tenantId = await t.tenant();
  const admin = t.as(tenantId, "ada", ["admin"]);
  const manager = t.as(tenantId, "kim", ["knowledge_manager"]);
  const agent = (userId: string) => t.as(tenantId, userId, ["service_agent"]);
  const portal = t.crm.as(portalActor(tenantId));
  const partner = t.crm.as(portalActor(tenantId, { partner: true, userId: "partner-1" }));
  const root = await manager.service.knowledge.categories.create({ name: "Getting started" });
  return { tenantId, admin, manager, agent, portal, partner, root };
}
