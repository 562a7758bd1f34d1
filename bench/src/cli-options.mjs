import { parseArgs } from "node:util";
import { ADAPTER_NAMES } from "./bench-target.mjs";
import { SIZE_NAMES } from "./sizes.mjs";

/**
 * @typedef {object} BenchOptions
 * @property {string} size one of {@link SIZE_NAMES}
 * @property {string} adapter one of {@link ADAPTER_NAMES}
 * @property {number} seed the data set's seed
 * @property {number | undefined} repetitions overrides the size's repetitions (writes and reads)
 * @property {string | undefined} out directory for the results
 * @property {boolean} memoryOnly run only Rapport's ingest, to measure its memory in a process that does nothing else
 * @property {boolean} help
 */

/** The usage text `--help` prints. */
export const USAGE = `Usage: pnpm bench [--size xs|s|m|l] [--adapter sqlite|postgres] [--repetitions N] [--seed N] [--out DIR] [--memory-only]

  --size         data set and workload size (default xs): xs 1k, s 10k, m 100k, l 1M opportunities
  --adapter      database (default sqlite); postgres uses RAPPORT_PG_URL
  --repetitions  runs per side of every workload (default: 5 for xs and s; m: 3 of each write, 9 of each read; l: 1 and 3)
  --seed         data generator seed (default 42)
  --out          results directory (default bench/results)
  --memory-only  only Rapport's ingest, for its peak memory (writes <adapter>-<size>-memory.md)`;

/**
 * Parses the bench's command line. Throws a `TypeError` naming the problem for unknown
 * options and bad values.
 *
 * @param {readonly string[]} argv the arguments after the script (pnpm may pass a leading `--`)
 * @returns {BenchOptions}
 */
export function parseBenchArgs(argv) {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      size: { type: "string", default: "xs" },
      adapter: { type: "string", default: "sqlite" },
      seed: { type: "string", default: "42" },
      repetitions: { type: "string" },
      out: { type: "string" },
      "memory-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  const size = String(values.size);
  const adapter = String(values.adapter);
  if (!SIZE_NAMES.includes(size)) throw new TypeError(`--size must be one of ${SIZE_NAMES.join(", ")}, not "${size}"`);
  if (!ADAPTER_NAMES.includes(adapter))
    throw new TypeError(`--adapter must be one of ${ADAPTER_NAMES.join(", ")}, not "${adapter}"`);
  return {
    size,
    adapter,
    seed: positiveInteger("seed", String(values.seed), 0),
    repetitions: values.repetitions === undefined ? undefined : positiveInteger("repetitions", values.repetitions, 1),
    out: values.out,
    memoryOnly: values["memory-only"] === true,
    help: values.help === true,
  };
}

/**
 * @param {string} name
 * @param {string} text
 * @param {number} min
 */
function positiveInteger(name, text, min) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new TypeError(`--${name} must be an integer ≥ ${min}, not "${text}"`);
  return value;
}
