// Runs the due jobs once at RAPPORT_CHILD_NOW and prints the report: one of several processes doing so at once.
import { childCrm, say } from "./child-crm.js";

const crm = await childCrm();
const report = await crm.jobs.runDue();
say(`report ${JSON.stringify(report)}`);
await crm.close();
