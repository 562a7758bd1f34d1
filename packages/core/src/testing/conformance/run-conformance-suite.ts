import { describe } from "vitest";
import { accountFullTests } from "./accounts-full-suite.js";
import { accountTests } from "./accounts-suite.js";
import { activityTests } from "./activities-suite.js";
import { adapterTransactionTests } from "./adapter-transactions-suite.js";
import { afterCommitTests } from "./after-commit-suite.js";
import { badInputTests } from "./bad-input-suite.js";
import { calendarTests } from "./calendar-suite.js";
import { compiledStatementTests } from "./compiled-statements-suite.js";
import { contactTests } from "./contacts-suite.js";
import { customFieldTests } from "./custom-fields-suite.js";
import { entityTableTests } from "./entity-tables-suite.js";
import { eventTests } from "./events-suite.js";
import { type ConformanceOptions, useHarness } from "./harness.js";
import { hostileInputTests } from "./hostile-input-suite.js";
import { isolationTests } from "./isolation-suite.js";
import { moduleTests } from "./modules-suite.js";
import { permissionTests } from "./permissions-suite.js";
import { priceBookTests } from "./price-books-suite.js";
import { productTests } from "./products-suite.js";
import { readPathTests } from "./read-paths-suite.js";
import { recordLayerTests } from "./record-layer-suite.js";
import { recordSharingTests } from "./record-sharing-suite.js";
import { roundTripTests } from "./round-trip-suite.js";
import { scaleTests } from "./scale-suite.js";
import { searchTests } from "./search-suite.js";
import { transactionTests } from "./transactions-suite.js";
import { userTests } from "./users-suite.js";

/**
 * The adapter conformance suite: every behaviour the kernel promises, run against one
 * adapter. Each adapter package calls it from one test file.
 *
 * @example
 * ```ts
 * runConformanceSuite({ name: "sqlite", createAdapter: () => sqliteAdapter({ filename: ":memory:" }) });
 * ```
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  describe(`adapter conformance: ${options.name}`, () => {
    const groups = {
      transactions: transactionTests,
      "adapter transactions": adapterTransactionTests,
      events: eventTests,
      accounts: accountTests,
      "accounts as a full record": accountFullTests,
      contacts: contactTests,
      products: productTests,
      "price books": priceBookTests,
      "isolation and concurrency": isolationTests,
      "round trips": roundTripTests,
      "bad input": badInputTests,
      "hostile input": hostileInputTests,
      "afterCommit on host transactions": afterCommitTests,
      "modules, permissions and jobs": moduleTests,
      "custom fields and tags": customFieldTests,
      "permissions and tenant roles": permissionTests,
      "lists at scale": scaleTests,
      "users and teams": userTests,
      "activities and timelines": activityTests,
      "calendar and reminders": calendarTests,
      "compiled statements": compiledStatementTests,
      "read paths: restrict, history and field security": readPathTests,
    };
    for (const [title, register] of Object.entries(groups)) {
      describe(title, () => register(useHarness(options)));
    }
    // Needs its own plugin (an entity with sharedWith), so it builds its own CRM.
    describe("record sharing", () => recordSharingTests(options));
    // A plugin written on the record layer alone (op.records, op.asSystem).
    describe("record layer", () => recordLayerTests(options));
    // Builds CRMs of its own, with a plugin whose migration and declaration disagree.
    describe("entity declarations and tables", () => entityTableTests(options));
    // A plugin with a searchable entity, on the adapter's own full-text index.
    describe("search", () => searchTests(options));
  });
}

export type { ConformanceOptions };
