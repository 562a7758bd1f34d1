import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CrmError } from "@rapport/core";

// Process-wide by nature: it is the process that must not open one file twice. Kept on
// globalThis so two copies of this package loaded in one process still share it.
const REGISTRY = Symbol.for("@rapport/adapter-sqlite/open-files");
const shared = globalThis as Record<symbol, Set<string> | undefined>;
shared[REGISTRY] ??= new Set();
const openFiles: Set<string> = shared[REGISTRY];

/** The file's real path (symlinks and `..` resolved), even before the file exists. */
function realPathOf(filename: string): string {
  const absolute = resolve(filename);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** True for names better-sqlite3 opens as a private in-memory or temporary database. */
function isPrivate(filename: string): boolean {
  return filename === "" || filename === ":memory:";
}

/**
 * Claims `filename` for one adapter in this process and returns the function that releases
 * it. A second adapter on the same file in one process would contend with the first for
 * SQLite's single write lock through a second connection ("database is locked" after the
 * busy timeout), so it is refused with a `CrmError` coded `DATABASE_IN_USE` instead.
 */
export function claimSqliteFile(filename: string): () => void {
  if (isPrivate(filename)) return () => {};
  const key = realPathOf(filename);
  if (openFiles.has(key)) {
    throw new CrmError(
      "DATABASE_IN_USE",
      `The SQLite file ${filename} is already open in this process: share that CRM instance (or close it first)`,
      { details: { filename } },
    );
  }
  openFiles.add(key);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    openFiles.delete(key);
  };
}
