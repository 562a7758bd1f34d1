import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { type Clock, type Crm, createCrm } from "@rapport/core";
import { type SalesModule, sales } from "@rapport/sales";
import { type ServiceModule, service } from "@rapport/service";

/**
 * The CRM a child process works on, from its environment: `RAPPORT_CHILD_SQLITE_FILE` (a
 * SQLite file) or `RAPPORT_PG_URL` with `RAPPORT_CHILD_SCHEMA`; `RAPPORT_CHILD_NOW` fixes the clock.
 */
export async function childCrm(): Promise<Crm<readonly [SalesModule, ServiceModule]>> {
  const file = process.env.RAPPORT_CHILD_SQLITE_FILE;
  const url = process.env.RAPPORT_PG_URL;
  const schema = process.env.RAPPORT_CHILD_SCHEMA;
  const adapter = file
    ? sqliteAdapter({ filename: file })
    : postgresAdapter({ connectionString: url ?? "", ...(schema ? { schema } : {}), maxConnections: 4 });
  const now = process.env.RAPPORT_CHILD_NOW;
  const clock: Clock | undefined = now ? { now: () => new Date(now) } : undefined;
  return createCrm({ adapter, modules: [sales(), service()], ...(clock ? { clock } : {}) });
}

/** Prints one line the parent waits for. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
