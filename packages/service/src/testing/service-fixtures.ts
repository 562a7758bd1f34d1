import type { TestCrm } from "@rapport/core/testing";
import type { ServiceModule } from "../service-module.js";

/** A fresh tenant with the clients and seeded records most tests need. */
export async function serviceTenant(t: TestCrm<readonly [ServiceModule]>) {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const admin = t.as(tenantId, "ada", ["admin"]);
  const agent = (userId: string) => t.as(tenantId, userId, ["service_agent"]);
  const queues = (await system.service.queues.list()).items;
  const general = queues.find((q) => q.name === "General support");
  const complaints = queues.find((q) => q.name === "Complaints");
  const calendar = (await system.service.calendars.list()).items[0];
  const policy = await system.service.slaPolicies.getDefault();
  if (!general || !complaints || !calendar || !policy) throw new Error("The tenant was not seeded");
  return { tenantId, system, admin, agent, general, complaints, calendar, policy };
}

/** An account with a contact at it. */
export async function accountWithContact(
  client: ReturnType<TestCrm<readonly [ServiceModule]>["as"]>,
  name: string,
  email?: string,
) {
  const account = await client.accounts.create({ name, type: "customer" });
  const contact = await client.contacts.create({
    accountId: account.id,
    firstName: "Pat",
    lastName: name,
    ...(email ? { emails: [{ type: "work", value: email, primary: true }] } : {}),
  });
  return { account, contact };
}

/** Monday to Friday, 09:00–17:00. */
export const OFFICE_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" }));

/** Collects the events of some types (of one tenant, when given) as they are delivered. */
export function recordEvents(
  t: {
    crm: { on(type: "*", handler: (event: { type: string; tenantId: string; data: unknown }) => unknown): () => void };
  },
  types: readonly string[],
  tenantId?: string,
) {
  const seen: { type: string; data: Record<string, unknown> }[] = [];
  const off = t.crm.on("*", (event) => {
    if (types.includes(event.type) && (tenantId === undefined || event.tenantId === tenantId)) {
      seen.push({ type: event.type, data: event.data as Record<string, unknown> });
    }
  });
  return { seen, off, of: (type: string) => seen.filter((e) => e.type === type) };
}
