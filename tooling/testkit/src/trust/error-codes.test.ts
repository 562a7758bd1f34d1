import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const PACKAGES = join(ROOT, "packages");

/** The shipped sources: every `src` file of every package but tests and test helpers. */
function sources(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "testing" && entry.name !== "node_modules") walk(path);
      } else if (/\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name)) {
        files.push({ path: relative(ROOT, path), text: readFileSync(path, "utf8") });
      }
    }
  };
  for (const pkg of readdirSync(PACKAGES)) walk(join(PACKAGES, pkg, "src"));
  return files;
}

/** Every code a shipped source can throw, with the file that throws it. */
function thrownCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const patterns = [
    /new CrmError\(\s*"([A-Z][A-Z0-9_]*)"/g,
    /super\(\s*"([A-Z][A-Z0-9_]*)"/g,
    /new StorageError\(\s*"([A-Z][A-Z0-9_]*)"/g,
  ];
  for (const { path, text } of sources()) {
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) codes.set(match[1] ?? "", path);
    // The storage codes are a union type handed through `super(code, …)`.
    const union = /type StorageErrorCode\s*=([^;]+);/.exec(text)?.[1] ?? "";
    for (const match of union.matchAll(/"([A-Z][A-Z0-9_]*)"/g)) codes.set(match[1] ?? "", path);
  }
  return codes;
}

/** The rows of the table in docs/errors.md: code → class. */
function documentedCodes(): { code: string; className: string }[] {
  const text = readFileSync(join(ROOT, "docs", "errors.md"), "utf8");
  return [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| `(\w+)` \|/gm)].map((m) => ({
    code: m[1] ?? "",
    className: m[2] ?? "",
  }));
}

describe("error codes", () => {
  it("docs/errors.md lists each code once", () => {
    const codes = documentedCodes().map((row) => row.code);
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  it("every code the sources throw is documented, and every documented code is thrown somewhere", () => {
    const thrown = thrownCodes();
    const documented = new Set(documentedCodes().map((row) => row.code));
    const undocumented = [...thrown]
      .filter(([code]) => !documented.has(code))
      .map(([code, path]) => `${code} (${path})`);
    expect(undocumented).toEqual([]);
    expect([...documented].filter((code) => !thrown.has(code))).toEqual([]);
  });

  it("each error class has one code, and no two classes share a code", () => {
    const classCodes = new Map<string, string>();
    for (const { text } of sources()) {
      for (const match of text.matchAll(/class (\w+) extends CrmError \{([\s\S]*?)\n\}/g)) {
        const code = /super\(\s*"([A-Z][A-Z0-9_]*)"/.exec(match[2] ?? "")?.[1];
        // StorageError takes its code as an argument: one class for the storage codes, by design.
        if (code !== undefined) classCodes.set(match[1] ?? "", code);
      }
    }
    expect(classCodes.size).toBeGreaterThanOrEqual(8);
    const codes = [...classCodes.values()];
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
    for (const row of documentedCodes()) {
      if (classCodes.has(row.className))
        expect(`${row.className}: ${classCodes.get(row.className)}`).toBe(`${row.className}: ${row.code}`);
    }
  });

  it("VERSION_CONFLICT (ConflictError) is thrown only for a stale version or a record changed meanwhile", () => {
    const misuses: string[] = [];
    for (const { path, text } of sources()) {
      for (const match of text.matchAll(/new ConflictError\(([\s\S]{0,200})/g)) {
        if (!/version|changed/i.test(match[1] ?? "")) misuses.push(`${path}: ${(match[1] ?? "").slice(0, 80)}`);
      }
    }
    expect(misuses).toEqual([]);
  });
});
