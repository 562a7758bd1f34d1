import type { salesTenant } from "./sales-fixtures.js";

/** A scoped client of the sales test CRM. */
export type SalesClientOf = Awaited<ReturnType<typeof salesTenant>>["alice"];

/**
 * A small catalogue for document tests: three active products (one sold by the hour in
 * fractions), one inactive product, a USD price book with a volume tier and a EUR book.
 */
export async function aCatalogue(manager: SalesClientOf) {
  const seat = await manager.products.create({ sku: "SEAT", name: "CRM seat" });
  const hours = await manager.products.create({
    sku: "HOUR",
    name: "Consulting hour",
    allowFractionalQuantity: true,
  });
  const setup = await manager.products.create({ sku: "SETUP", name: "Onboarding <package> & training" });
  const retired = await manager.products.create({ sku: "OLD", name: "Retired plan", active: false });
  const usd = await manager.priceBooks.create({ name: "US list", currency: "USD" });
  await manager.priceBooks.setEntry(usd.id, {
    productId: seat.id,
    listPrice: 12_000,
    tiers: [{ minQuantity: 50, unitPrice: 10_000 }],
  });
  await manager.priceBooks.setEntry(usd.id, { productId: hours.id, listPrice: 15_050 });
  await manager.priceBooks.setEntry(usd.id, { productId: setup.id, listPrice: 250_000 });
  const eur = await manager.priceBooks.create({ name: "EU list", currency: "EUR" });
  await manager.priceBooks.setEntry(eur.id, { productId: seat.id, listPrice: 11_000 });
  return { seat, hours, setup, retired, usd, eur };
}

/** A customer account and an open USD opportunity owned by the client's user. */
export async function aDeal(client: SalesClientOf, extra: Record<string, unknown> = {}) {
  const account = await client.accounts.create({ name: "Globex", type: "customer" });
  const opportunity = await client.sales.opportunities.create({
    accountId: account.id,
    name: "Globex seats",
    currency: "USD",
    ...extra,
  });
  return { account, opportunity };
}

/** An opportunity of `owner` won on `closeDate` for `amount` in `currency`. */
export async function aWonDeal(
  owner: SalesClientOf,
  accountId: string,
  amount: number,
  currency: string,
  closeDate: string,
) {
  const opportunity = await owner.sales.opportunities.create({
    accountId,
    name: `Won ${amount} ${currency}`,
    amount,
    currency,
  });
  return owner.sales.opportunities.win(opportunity.id, { closeDate });
}

/** A team of the given members (each gets a user profile first); `admin` may manage users (the system client). */
export async function aTeam(admin: SalesClientOf, name: string, members: readonly string[]) {
  const team = await admin.teams.create({ name });
  for (const id of members) {
    await admin.users.upsert({ id, name: id });
    await admin.teams.addMember(team.id, id);
  }
  return team;
}
