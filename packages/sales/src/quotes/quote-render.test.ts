import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("quote rendering reads the parties the caller may not open", (target) => {
  const t = useSalesCrm(target);

  it("a role with quote:create and quote:read but no account:read renders a quote for another owner's account", async () => {
    const { tenantId, system, manager, bob } = await salesTenant(t);
    await system.roles.define({ name: "quote_clerk", grants: { "quote:create": "all", "quote:read": "all" } });
    const clerk = t.as(tenantId, "clara", ["quote_clerk"]);
    const account = await anAccount(bob, "Bob's <Globex>");
    const contact = await bob.contacts.create({ firstName: "Hank", lastName: "Scorpio", accountId: account.id });

    const own = await clerk.sales.quotes.create({ accountId: account.id, currency: "USD", name: "Clerk's quote" });
    expect(own.ownerId).toBe("clara");
    const html = await clerk.sales.quotes.render(own.id);
    expect(html).toContain("Bob&#39;s &lt;Globex&gt;");

    // A quote someone else made, addressed to a contact the clerk may not open either.
    const addressed = await manager.sales.quotes.create({
      accountId: account.id,
      contactId: contact.id,
      currency: "USD",
      name: "Manager's quote",
    });
    expect(await clerk.sales.quotes.render(addressed.id)).toContain("Attn: Hank Scorpio");

    // The privilege is the render's alone: the clerk still cannot open the account or the contact.
    await expect(clerk.accounts.get(account.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(clerk.contacts.get(contact.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("render still authorises its caller: a role without quote:read is refused", async () => {
    const { tenantId, system, alice } = await salesTenant(t);
    await system.roles.define({ name: "account_reader", grants: { "account:read": "all" } });
    const reader = t.as(tenantId, "rita", ["account_reader"]);
    const quote = await alice.sales.quotes.create({ accountId: (await anAccount(alice)).id, currency: "USD" });
    await expect(reader.sales.quotes.render(quote.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
