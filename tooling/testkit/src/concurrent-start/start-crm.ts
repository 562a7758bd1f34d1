import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm } from "@rapport/core";

/**
 * Starts a CRM on `location` (an SQLite file, or `<url>#<schema>` for PostgreSQL), creates a
 * tenant to prove it works, and returns how many migrations this process applied.
 */
export async function startCrm(target: string, location: string): Promise<number> {
  const [url = "", schema] = location.split("#");
  const adapter =
    target === "sqlite"
      ? sqliteAdapter({ filename: location })
      : postgresAdapter({ connectionString: url, ...(schema ? { schema } : {}), maxConnections: 2 });
  const crm = await createCrm({ adapter, migrate: false });
  try {
    const report = await crm.migrate();
    await crm.tenants.create({ id: `t_${process.pid}`, name: "Started" });
    return report.applied.length;
  } finally {
    await crm.close();
  }
}
