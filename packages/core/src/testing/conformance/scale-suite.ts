import { expect, it } from "vitest";
import { admin, type Harness } from "./harness.js";

const RECORDS = 100_000;
const BATCH = 10_000;
const PAGE = 500;

export function scaleTests(h: Harness): void {
  it("a list of 100,000 records pages to the end with a cursor: every record once, in order, a bounded page at a time", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (let start = 0; start < RECORDS; start += BATCH) {
      await root.accounts.createMany(
        Array.from({ length: BATCH }, (_, i) => ({
          name: `Scale ${String(start + i).padStart(6, "0")}`,
          annualRevenue: (start + i) % 997,
          currency: "USD",
        })),
      );
    }
    let cursor: string | null = null;
    let seen = 0;
    let pages = 0;
    let previous = "";
    let ordered = true;
    const heapBefore = process.memoryUsage().heapUsed;
    do {
      const page: Awaited<ReturnType<typeof root.accounts.list>> = await root.accounts.list({
        orderBy: { field: "name" },
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(PAGE);
      for (const account of page.items) {
        if (account.name <= previous) ordered = false;
        previous = account.name;
      }
      seen += page.items.length;
      pages += 1;
      cursor = page.nextCursor;
    } while (cursor);
    expect({ seen, pages, ordered }).toEqual({ seen: RECORDS, pages: RECORDS / PAGE, ordered: true });
    // Pages are not kept: the heap after walking 100,000 records stays far below what holding them would take.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 300_000);
}
