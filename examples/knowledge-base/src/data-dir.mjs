import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root: two levels above this example's `src`. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * The tldr-pages CSV: under `RAPPORT_DATA_DIR` when set, else in `../shared/data` beside the
 * repository. `null` when it is not there.
 */
/** @returns {string | null} */
export function tldrCsvPath() {
  const dir = process.env.RAPPORT_DATA_DIR ?? resolve(REPO_ROOT, "../shared/data");
  const path = resolve(dir, "tldr-pages/tldr_pages_common_en.csv");
  return existsSync(path) ? path : null;
}

/** The repository's root, for files the example writes (`docs/results`). */
export const repoRoot = REPO_ROOT;
