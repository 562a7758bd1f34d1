import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHILD_BUNDLE_DIR } from "./child-process.js";
import { FIGURES_DIR_VARIABLE, formatFigures, readFigures } from "./figures.js";

/**
 * Vitest global setup of the reliability run: gives the test processes a folder to save their
 * figures in, and prints the table of every property's counts when the run ends.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "rapport-reliability-"));
  // Set before the test processes start, so each inherits it.
  process.env[FIGURES_DIR_VARIABLE] = dir;
  return () => {
    const figures = readFigures(dir);
    console.log(`\n==== Rapport reliability figures ====\n${formatFigures(figures)}`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(CHILD_BUNDLE_DIR, { recursive: true, force: true });
  };
}
