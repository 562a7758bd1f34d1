import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The counts of one property on one adapter, as the reliability run prints them. */
export interface Figure {
  readonly property: string;
  readonly adapter: string;
  /** How many times the property was tried. */
  readonly attempts: number;
  /** Attempts where it held. */
  readonly held: number;
  /** Attempts where it did not: a leak, a partial write, a raw error. */
  readonly violated: number;
  /** Up to a few violating attempts, described. */
  readonly counterexamples: readonly string[];
}

/** Counts attempts of one property on one adapter; {@link Tally.save} writes them for the closing table. */
export interface Tally {
  /** Records one attempt; `counterexample` (when it did not hold) says what broke. */
  record(held: boolean, counterexample?: string): void;
  readonly attempts: number;
  readonly violated: number;
  /** The first counterexamples, one a line, for an assertion message. */
  report(): string;
  /** Writes the figure where the run's global teardown reads it. */
  save(): void;
}

/** Counterexamples kept per property: enough to reproduce, not a flood. */
const KEPT = 5;

/** The environment variable naming the folder the run's figures are collected in (set by the global setup). */
export const FIGURES_DIR_VARIABLE = "RAPPORT_RELIABILITY_FIGURES";

/** Starts counting `property` on `adapter`. */
export function tally(property: string, adapter: string): Tally {
  let attempts = 0;
  let violated = 0;
  const counterexamples: string[] = [];
  return {
    record(held, counterexample) {
      attempts += 1;
      if (held) return;
      violated += 1;
      const text = counterexample ?? "(no detail)";
      if (counterexamples.length < KEPT && !counterexamples.includes(text)) counterexamples.push(text);
    },
    get attempts() {
      return attempts;
    },
    get violated() {
      return violated;
    },
    report: () => `${property} [${adapter}]: ${violated} of ${attempts} violated\n  ${counterexamples.join("\n  ")}`,
    save() {
      const dir = process.env[FIGURES_DIR_VARIABLE];
      if (!dir) return;
      const figure: Figure = { property, adapter, attempts, held: attempts - violated, violated, counterexamples };
      mkdirSync(dir, { recursive: true });
      const name = `${adapter}-${property.replace(/[^a-z0-9]+/gi, "-")}-${process.pid}-${Date.now()}.json`;
      writeFileSync(join(dir, name), JSON.stringify(figure));
    },
  };
}

/** Reads every figure saved in `dir`, sorted by property then adapter. */
export function readFigures(dir: string): Figure[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .map((n) => JSON.parse(readFileSync(join(dir, n), "utf8")) as Figure)
    .sort((a, b) => a.property.localeCompare(b.property) || a.adapter.localeCompare(b.adapter));
}

/** The closing table of the run and its last line, `N passed, N failed` (a property passes with no violation). */
export function formatFigures(figures: readonly Figure[]): string {
  const width = Math.max(8, ...figures.map((f) => f.property.length));
  const lines = [
    `${"property".padEnd(width)}  adapter   attempts      held  violated`,
    ...figures.map(
      (f) =>
        `${f.property.padEnd(width)}  ${f.adapter.padEnd(8)}  ${String(f.attempts).padStart(8)}  ${String(f.held).padStart(8)}  ${String(f.violated).padStart(8)}`,
    ),
  ];
  for (const f of figures.filter((x) => x.violated > 0)) {
    lines.push(`\n${f.property} [${f.adapter}] counterexamples:`, ...f.counterexamples.map((c) => `  ${c}`));
  }
  const failed = figures.filter((f) => f.violated > 0).length;
  lines.push("", `${figures.length - failed} passed, ${failed} failed`);
  return lines.join("\n");
}
