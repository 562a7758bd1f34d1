// Writes RAPPORT_CHILD_WRITES accounts in one open transaction, says "inside", and waits there to be killed.
import { childCrm, say } from "./child-crm.js";

const tenantId = process.env.RAPPORT_CHILD_TENANT ?? "";
const writes = Number(process.env.RAPPORT_CHILD_WRITES);
const crm = await childCrm();
// Keeps the process alive while the transaction waits.
setInterval(() => {}, 1_000);
await crm.system(tenantId).transaction(async (tx) => {
  for (let i = 0; i < writes; i++) {
    await tx.accounts.create({ name: `Uncommitted ${i}`, externalIds: { erp: `long-${i}` } });
  }
  say("inside");
  await new Promise(() => {});
});
