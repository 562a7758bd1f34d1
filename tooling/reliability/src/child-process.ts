import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Inside node_modules, so Node resolves the native packages left out of the bundle (pg, better-sqlite3) from here. */
export const CHILD_BUNDLE_DIR = join(PACKAGE_DIR, "node_modules", ".reliability-children");

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles `children/<name>.ts` with the workspace packages' TypeScript source (the
 * `@rapport/source` condition, as the tests resolve them) into one ES module Node runs as
 * it is: a child process runs the same code as the test that starts it, with no build first.
 */
export function childScript(name: string): Promise<string> {
  let bundle = bundles.get(name);
  if (!bundle) {
    bundle = (async () => {
      mkdirSync(CHILD_BUNDLE_DIR, { recursive: true });
      const outfile = join(CHILD_BUNDLE_DIR, `${name}-${process.pid}.mjs`);
      await build({
        entryPoints: [join(PACKAGE_DIR, "children", `${name}.ts`)],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        conditions: ["@rapport/source"],
        external: ["better-sqlite3", "pg", "pg-native"],
        // Bundled CommonJS code may call require; an ES module has none of its own. Aliased, since
        // bundled ES modules (pdfkit) import createRequire under its own name at the top level too.
        banner: {
          js: 'import { createRequire as __childCreateRequire } from "node:module"; const require = __childCreateRequire(import.meta.url);',
        },
        logLevel: "error",
      });
      return outfile;
    })();
    bundles.set(name, bundle);
  }
  return bundle;
}

/** A running child: its output lines so far, a wait for one, and how it ended. */
export interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves when the child prints a line matching `pattern`; rejects if it exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `children/<name>.ts` (bundled by {@link childScript}) with `env` added to this process's environment. */
export async function startChild(name: string, env: Readonly<Record<string, string>>): Promise<Child> {
  const script = await childScript(name);
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let stderr = "";
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const complete = partial.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`child ${name} exited (${code ?? signal}) before printing ${waiter.pattern}: ${stderr}`),
        );
      }
      resolve({ code, signal, stderr });
    });
  });
  return {
    process: child,
    lines,
    exit,
    waitForLine: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`child ${name} already exited: ${stderr}`));
      }
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}
