import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { ConflictError, createCrm, ForbiddenError, ValidationError } from "@rapport/core";

/**
 * Runs the Rapport quickstart against a private in-memory SQLite database and reports
 * each step through `log`, one line at a time. `main.mjs` passes `console.log`; the
 * test passes a collector.
 *
 * @param {(line: string) => void} log Receives every line of output.
 * @returns {Promise<void>}
 */
export async function runQuickstart(log) {
  /** @param {string} title */
  const section = (title) => log(`\n== ${title} ==`);

  section("1. Create a CRM on an in-memory SQLite database");
  // createCrm applies the kernel's migrations before it returns.
  const crm = await createCrm({ adapter: sqliteAdapter({ filename: ":memory:" }) });
  log(`adapter: ${crm.adapter.name}`);

  try {
    section("2. Subscribe to account.created (delivered after each commit)");
    crm.on("account.created", (event) => {
      log(`  [event] ${event.type} ${event.data.id} by ${event.actorId} (feed seq ${event.seq})`);
    });
    log("subscribed");

    section("3. Create the tenant acme");
    const tenant = await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
    log(`tenant: ${tenant.id} (${tenant.name})`);

    section("4. Act as alice, a sales rep, and create three accounts");
    const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
    const globex = await alice.accounts.create({ name: "Globex", type: "customer", industry: "Energy" });
    log(`created ${globex.name} ${globex.id} version ${globex.version} owner ${globex.ownerId}`);
    const initech = await alice.accounts.create({ name: "Initech", website: "https://initech.example" });
    log(`created ${initech.name} ${initech.id} type ${initech.type} (the default)`);
    const umbrella = await alice.accounts.create({
      name: "Umbrella",
      type: "partner",
      annualRevenue: 125_000_000,
      currency: "EUR",
    });
    log(
      `created ${umbrella.name} ${umbrella.id} annualRevenue ${umbrella.annualRevenue} ${umbrella.currency} (minor units)`,
    );

    section("5. List alice's accounts, sorted by name");
    const page = await alice.accounts.list({ orderBy: { field: "name", direction: "asc" }, limit: 10 });
    for (const account of page.items) log(`- ${account.name} (${account.type}) ${account.id}`);
    log(`nextCursor: ${page.nextCursor}`);

    section("6. Update Globex with expectedVersion (optimistic locking)");
    const updated = await alice.accounts.update(
      globex.id,
      { name: "Globex Corporation" },
      { expectedVersion: globex.version },
    );
    log(`updated: "${updated.name}" is now at version ${updated.version}`);

    section("7. A stale expectedVersion is refused");
    try {
      await alice.accounts.update(globex.id, { industry: "Utilities" }, { expectedVersion: globex.version });
      log("unexpected: the stale update succeeded");
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      log(`${error.name} ${error.code}: ${error.message}`);
    }

    section("8. Bad input throws ValidationError and writes nothing");
    try {
      await alice.accounts.create({ name: " ", website: "not a url", annualRevenue: 12.5 });
      log("unexpected: the bad input was accepted");
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      log(`${error.name} ${error.code} with ${error.issues.length} issues:`);
      for (const issue of error.issues) log(`  ${issue.path.join(".") || "(input)"}: ${issue.message}`);
    }
    const after = await alice.accounts.list();
    log(`alice still has ${after.items.length} accounts`);

    section("9. The audit trail of Globex (needs audit:read)");
    try {
      await alice.audit.history("account", globex.id);
    } catch (error) {
      if (!(error instanceof ForbiddenError)) throw error;
      log(`alice (sales_rep): ${error.code}: ${error.message}`);
    }
    const bob = crm.as({ tenantId: "acme", userId: "bob", roles: ["sales_manager"] });
    const history = await bob.audit.history("account", globex.id);
    log("bob (sales_manager) reads it:");
    for (const entry of history.items) {
      const fields = Object.entries(entry.changes)
        .filter(([field]) => ["name", "type", "industry"].includes(field))
        .map(([field, [from, to]]) => `${field}: ${JSON.stringify(from)} -> ${JSON.stringify(to)}`)
        .join(", ");
      log(`  ${entry.at} ${entry.action} by ${entry.actorId}: ${fields}`);
    }

    section("10. The change feed (what another process would read and forward)");
    const batch = await crm.changes.since(undefined, { tenantId: "acme", limit: 100 });
    for (const event of batch.items) log(`  #${event.seq} ${event.type} ${JSON.stringify(event.data)}`);
    log(`resume from cursor "${batch.nextCursor}" (hasMore: ${batch.hasMore})`);
  } finally {
    await crm.close();
  }
  section("Done");
  log("Next: read docs/getting-started.md, or run `pnpm run docs` for the API reference.");
}
