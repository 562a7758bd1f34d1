import { readFileSync } from "node:fs";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { ConflictError, createCrm } from "@rapport/core";
import { afterEach, describe, expect, it, vi } from "vitest";

// The usage snippet of the root README.md, run as written. The second test keeps the two copies identical.
async function readmeSnippet(): Promise<void> {
  // readme:start
  const crm = await createCrm({ adapter: sqliteAdapter({ filename: ":memory:" }) });
  await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
  crm.on("account.created", (event) => console.log("created", event.data.id)); // runs after commit

  const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
  const globex = await alice.accounts.create({ name: "Globex", type: "customer" });
  await alice.accounts.update(globex.id, { industry: "Energy" }, { expectedVersion: globex.version });

  try {
    // globex.version (1) is stale: the record is at version 2 now
    await alice.accounts.update(globex.id, { name: "Globex Corp" }, { expectedVersion: globex.version });
  } catch (error) {
    if (error instanceof ConflictError) console.log(error.code); // VERSION_CONFLICT
  }

  const page = await alice.accounts.list({ filter: [{ field: "type", op: "eq", value: "customer" }] });
  console.log(page.items.map((a) => `${a.name} v${a.version}`)); // [ 'Globex v2' ]

  const feed = await crm.changes.since(undefined, { tenantId: "acme" });
  console.log(feed.items.map((e) => e.type)); // [ 'tenant.created', 'account.created', 'account.updated' ]
  await crm.close();
  // readme:end
}

const README = new URL("../../../README.md", import.meta.url);
const THIS_FILE = new URL(import.meta.url);

describe("README usage snippet", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs on SQLite :memory: and prints what its comments say", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await readmeSnippet();
    const printed = log.mock.calls;
    expect(printed).toHaveLength(4);
    expect(printed[0]?.[0]).toBe("created");
    expect(printed[0]?.[1]).toMatch(/^acc_/);
    expect(printed[1]).toEqual(["VERSION_CONFLICT"]);
    expect(printed[2]).toEqual([["Globex v2"]]);
    expect(printed[3]).toEqual([["tenant.created", "account.created", "account.updated"]]);
  });

  it("is the same code as the README's", () => {
    const readme = readFileSync(README, "utf8");
    const block = /<!-- snippet: examples\/quickstart\/src\/readme-snippet\.test\.ts -->\s*```ts\n([\s\S]*?)```/.exec(
      readme,
    );
    expect(block, "README.md lost its snippet marker").not.toBeNull();
    const readmeLines = (block?.[1] ?? "").trimEnd().split("\n");
    const imports = readmeLines.filter((line) => line.startsWith("import "));
    const body = readmeLines
      .filter((line) => !line.startsWith("import "))
      .join("\n")
      .trim();

    const source = readFileSync(THIS_FILE, "utf8");
    for (const line of imports) expect(source).toContain(`${line}\n`);
    const region = /\/\/ readme:start\n([\s\S]*?)\n\s*\/\/ readme:end/.exec(source)?.[1] ?? "";
    const dedented = region
      .split("\n")
      .map((line) => line.replace(/^ {2}/, ""))
      .join("\n")
      .trim();
    expect(body).toBe(dedented);
  });
});
