import { describe, expect, it } from "vitest";
import { runQuickstart } from "./quickstart.mjs";

describe("quickstart", () => {
  it("walks through accounts, conflicts, validation, audit, events and the change feed", async () => {
    const lines: string[] = [];
    await runQuickstart((line) => lines.push(line));
    const output = lines.join("\n");

    expect(output).not.toContain("unexpected");
    expect(lines.filter((line) => line.includes("[event] account.created"))).toHaveLength(3);
    expect(output).toMatch(/updated: "Globex Corporation" is now at version 2/);
    expect(output).toContain("ConflictError VERSION_CONFLICT");
    expect(output).toContain("ValidationError VALIDATION_FAILED with 3 issues:");
    expect(output).toContain("  name: Must not be empty");
    expect(output).toContain("alice still has 3 accounts");
    expect(output).toContain("alice (sales_rep): FORBIDDEN");
    expect(output).toMatch(/update by alice: name: "Globex" -> "Globex Corporation"/);
    expect(output).toMatch(/#1 tenant\.created/);
    expect(output).toMatch(/#5 account\.updated .*"changed":\["name"\]/);
    expect(output).toContain('resume from cursor "5" (hasMore: false)');
  });
});
