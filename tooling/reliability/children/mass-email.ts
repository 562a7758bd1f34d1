// Delivers mass email send RAPPORT_CHILD_SEND_ID of RAPPORT_CHILD_TENANT through a file transport
// (RAPPORT_CHILD_OUTBOX; idempotent when RAPPORT_CHILD_IDEMPOTENT=1). With RAPPORT_CHILD_HANG_AFTER=n
// it prints "accepted n" once the n-th message is on disk and then waits — before the claim is marked
// sent — for the parent's SIGKILL.
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm } from "@rapport/core";
import { marketing } from "@rapport/marketing";
import { sales } from "@rapport/sales";
import { fileTransport } from "../src/file-transport.js";
import { say } from "./child-crm.js";

const tenantId = process.env.RAPPORT_CHILD_TENANT ?? "";
const sendId = process.env.RAPPORT_CHILD_SEND_ID ?? "";
const hangAfter = Number(process.env.RAPPORT_CHILD_HANG_AFTER ?? "0");
const file = process.env.RAPPORT_CHILD_SQLITE_FILE;
const adapter = file
  ? sqliteAdapter({ filename: file })
  : postgresAdapter({
      connectionString: process.env.RAPPORT_PG_URL ?? "",
      schema: process.env.RAPPORT_CHILD_SCHEMA ?? "",
      maxConnections: 4,
    });
const transport = fileTransport(process.env.RAPPORT_CHILD_OUTBOX ?? "", {
  idempotent: process.env.RAPPORT_CHILD_IDEMPOTENT === "1",
  afterAccept: async (count) => {
    if (count !== hangAfter) return;
    say(`accepted ${count}`);
    await new Promise(() => {});
  },
});
const crm = await createCrm({
  adapter,
  modules: [
    sales(),
    marketing({
      email: {
        transport,
        from: "news@acme.example",
        unsubscribeSecret: process.env.RAPPORT_CHILD_SECRET ?? "",
        unsubscribeUrl: "https://acme.example/unsubscribe",
      },
    }),
  ],
});
const report = await crm.system(tenantId).marketing.email.deliver(sendId);
say(`delivered ${JSON.stringify({ sent: report.sent, unknown: report.unknown, pending: report.pending })}`);
await crm.close();
