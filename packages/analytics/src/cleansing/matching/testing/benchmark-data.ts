import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared benchmark data folder: `RAPPORT_DATA_DIR`, or `../shared/data` beside the
 * repository root. `null` when it is missing (tests then skip, saying why).
 */
export function sharedDataDir(): string | null {
  const fromEnv = process.env.RAPPORT_DATA_DIR;
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../..");
  const dir = fromEnv ?? resolve(repoRoot, "../shared/data");
  return existsSync(dir) ? dir : null;
}

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A FEBRL record: its truth id (`rec-12-dup-0` → entity `12`) and fields. */
export interface FebrlRecord {
  readonly recId: string;
  readonly entity: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Reads a FEBRL data set (fields separated by `", "`, header first). */
export function readFebrl(dir: string, file: string): FebrlRecord[] {
  const lines = readFileSync(resolve(dir, "febrl", file), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  const header = (lines[0] as string).split(",").map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const values = line.split(",").map((v) => v.trim());
    const fields = Object.fromEntries(header.map((h, i) => [h, values[i] ?? ""]));
    const recId = fields.rec_id as string;
    return { recId, entity: (/^rec-(\d+)-/.exec(recId)?.[1] ?? recId) as string, fields };
  });
}

/** A Chicago early-childhood listing: its truth cluster and the columns used. */
export interface ChicagoRecord {
  readonly id: string;
  readonly entity: string;
  readonly siteName: string;
  readonly address: string;
  readonly zip: string;
  readonly phone: string;
}

/** Reads the Chicago listings (quoted CSV with embedded newlines and leading spaces). */
export function readChicago(dir: string): ChicagoRecord[] {
  const rows = parseCsv(
    readFileSync(resolve(dir, "dedupe-chicago-early-childhood", "csv_example_input_with_true_ids.csv"), "utf8"),
  );
  const header = rows[0] as string[];
  const at = (name: string) => header.indexOf(name);
  return rows
    .slice(1)
    .filter((row) => row.length >= header.length - 2)
    .map((row) => ({
      id: row[at("Id")] as string,
      entity: row[at("True Id")] as string,
      siteName: (row[at("Site name")] ?? "").replace(/\s+/g, " ").trim(),
      address: (row[at("Address")] ?? "").replace(/\s+/g, " ").trim(),
      zip: (row[at("Zip")] ?? "").trim(),
      phone: (row[at("Phone")] ?? "").trim(),
    }));
}

/** Pairwise precision, recall and F1 of found pairs against true clusters. */
export interface PairwiseQuality {
  readonly truePairs: number;
  readonly foundPairs: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Scores found pairs (record ids) against the truth (record id → entity). */
export function pairwiseQuality(
  found: Iterable<readonly [string, string]>,
  truth: ReadonlyMap<string, string>,
): PairwiseQuality {
  const sizes = new Map<string, number>();
  for (const entity of truth.values()) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  let truePairs = 0;
  for (const size of sizes.values()) truePairs += (size * (size - 1)) / 2;
  const seen = new Set<string>();
  let correct = 0;
  for (const [a, b] of found) {
    const key = pairKey(a, b);
    if (seen.has(key)) continue;
    seen.add(key);
    if (truth.get(a) !== undefined && truth.get(a) === truth.get(b)) correct++;
  }
  const precision = seen.size === 0 ? 0 : correct / seen.size;
  const recall = truePairs === 0 ? 0 : correct / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, foundPairs: seen.size, correct, precision, recall, f1 };
}

/** The pairs implied by clustering found pairs into connected components (union–find). */
export function clusteredPairs(found: Iterable<readonly [string, string]>): [string, string][] {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  for (const [a, b] of found) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(ra, rb);
  }
  const clusters = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const r = root(id);
    clusters.set(r, [...(clusters.get(r) ?? []), id]);
  }
  const pairs: [string, string][] = [];
  for (const members of clusters.values()) {
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) pairs.push([members[i] as string, members[j] as string]);
  }
  return pairs;
}
