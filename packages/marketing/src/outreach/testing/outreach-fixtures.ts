import type { TestCrm } from "@rapport/core/testing";
import type { SalesModule } from "@rapport/sales";
import type { MarketingModule } from "../../marketing-module.js";
import type { OutreachOptions } from "../outreach-options.js";
import { memoryTransport } from "../transports/memory-transport.js";

/** The CRM the outreach tests run: sales and marketing. */
export type OutreachCrm = TestCrm<readonly [SalesModule, MarketingModule]>;

/** A test secret (32+ characters). */
export const TEST_SECRET = "test-secret-for-unsubscribe-links-0123456789";

/** Email options with an in-memory transport, and the sleeps delivery asked for. */
export function testEmailOptions(overrides: Partial<OutreachOptions> = {}) {
  const transport = memoryTransport();
  const sleeps: number[] = [];
  const options: OutreachOptions = {
    transport,
    from: "Acme News <news@acme.example>",
    unsubscribeSecret: TEST_SECRET,
    unsubscribeUrl: "https://acme.example/unsubscribe",
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
  return { transport, sleeps, options };
}

/** A tenant with a marketer, an admin, a rep and a read-only user. */
export async function outreachTenant(t: OutreachCrm) {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const marketer = t.as(tenantId, "mia", ["marketer"]);
  const admin = t.as(tenantId, "ada", ["admin"]);
  const rep = t.as(tenantId, "rob", ["sales_rep"]);
  const reader = t.as(tenantId, "rea", ["read_only"]);
  return { tenantId, system, marketer, admin, rep, reader };
}

/** Creates a contact with one work address. */
export async function contactWithEmail(
  client: { contacts: { create(input: never): Promise<{ id: string }> } },
  firstName: string,
  email: string | null,
) {
  const input = {
    firstName,
    lastName: "Tester",
    ...(email === null ? {} : { emails: [{ type: "work", value: email }] }),
  };
  return client.contacts.create(input as never);
}
