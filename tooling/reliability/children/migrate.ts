// Opens (and so migrates) the database its environment names, then closes: one of several started at once.
import { childCrm, say } from "./child-crm.js";

const crm = await childCrm();
say("started");
await crm.close();
