import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The bench measures the built packages (`dist/`), as a host would use them. This lists
 * the packages whose source changed after their last build, so a stale build is not
 * mistaken for a slow (or fast) one.
 *
 * @param {readonly string[]} packages e.g. `["@rapport/core"]`
 * @returns {string[]} the names of the packages built before their latest source change
 */
export function staleBuilds(packages) {
  const stale = [];
  for (const name of packages) {
    const entry = fileURLToPath(import.meta.resolve(name));
    const source = join(dirname(entry), "..", "src");
    const built = statSync(entry).mtimeMs;
    if (newestSource(source) > built) stale.push(name);
  }
  return stale;
}

/** @param {string} directory */
function newestSource(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts") || /\.test(-d)?\.ts$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
