// Imports RAPPORT_CHILD_BATCHES batches of RAPPORT_CHILD_BATCH_SIZE accounts into RAPPORT_CHILD_TENANT with
// createMany, skipping batches already imported (found by external id), so a rerun resumes where a crash stopped it.
import { childCrm, say } from "./child-crm.js";

const tenantId = process.env.RAPPORT_CHILD_TENANT ?? "";
const batches = Number(process.env.RAPPORT_CHILD_BATCHES);
const size = Number(process.env.RAPPORT_CHILD_BATCH_SIZE);
const crm = await childCrm();
const system = crm.system(tenantId);
for (let batch = 0; batch < batches; batch++) {
  const ids = Array.from({ length: size }, (_, i) => `imp-${batch}-${i}`);
  // A batch commits whole or not at all, so its first record tells whether it is in.
  if (await system.accounts.findByExternalId("erp", ids[0] as string)) continue;
  await system.accounts.createMany(ids.map((erp) => ({ name: `Imported ${erp}`, externalIds: { erp } })));
  say(`batch ${batch}`);
}
say("done");
await crm.close();
