import type { Clock } from "../kernel/clock.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";
import type { JobContext, JobDefinition, JobRunReport } from "./job.js";

/**
 * Runs every module's jobs once, in module order. A job that throws does not stop the
 * others; the errors are thrown together (`AggregateError`) after all have run.
 */
export async function runDueJobs(
  jobs: readonly JobDefinition[],
  adapter: StorageAdapter,
  clock: Clock,
  system: (tenantId: string) => unknown,
  run: JobContext["run"],
): Promise<JobRunReport> {
  const now = clock.now();
  const context: JobContext = {
    now,
    adapter,
    system,
    run,
    tenantIds: async () =>
      (await adapter.db.selectFrom("rapport_tenants").select("tenant_id").orderBy("tenant_id").execute()).map(
        (r: { tenant_id: string }) => r.tenant_id,
      ),
  };
  const results: { name: string; handled: number }[] = [];
  const errors: unknown[] = [];
  for (const job of jobs) {
    try {
      results.push({ name: job.name, handled: await job.run(context) });
    } catch (error) {
      errors.push(error);
      results.push({ name: job.name, handled: 0 });
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} job(s) failed in runDue`);
  return { ranAt: now.toISOString(), jobs: results };
}
