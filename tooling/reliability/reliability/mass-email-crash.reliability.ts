import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCrm, type StorageAdapter } from "@rapport/core";
import { marketing } from "@rapport/marketing";
import { sales } from "@rapport/sales";
import { adapterTargets } from "@rapport/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { startChild } from "../src/child-process.js";
import { filedMessages, fileTransport } from "../src/file-transport.js";
import { type ScratchDatabase, scratchDatabase } from "../src/scratch-database.js";

const SECRET = "reliability-unsubscribe-secret-0123456789";
const RECIPIENTS = 24;
const HANG_AFTER = 7;

function openCrm(adapter: StorageAdapter, outbox: string) {
  return createCrm({
    adapter,
    modules: [
      sales(),
      marketing({
        email: {
          transport: fileTransport(outbox, { idempotent: true }),
          from: "news@acme.example",
          unsubscribeSecret: SECRET,
          unsubscribeUrl: "https://acme.example/unsubscribe",
        },
      }),
    ],
  });
}

/** A tenant with RECIPIENTS contacts, every fourth without consent, and a send to all of them (those skipped). */
async function prepareSend(db: ScratchDatabase, tenantId: string, outbox: string) {
  const crm = await openCrm(db.adapter(), outbox);
  try {
    await crm.tenants.create({ id: tenantId, name: tenantId });
    const system = crm.system(tenantId);
    const template = await system.marketing.templates.create({
      name: "Crash",
      subject: "Hello {{ contact.firstName }}",
      html: '<p>Hello {{ contact.firstName }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    });
    const consenting = new Map<string, string>();
    const refusing = new Map<string, string>();
    const ids: string[] = [];
    for (let i = 0; i < RECIPIENTS; i++) {
      const address = `person${i}@example.com`;
      const contact = await system.contacts.create({ firstName: `P${i}`, emails: [{ type: "work", value: address }] });
      ids.push(contact.id);
      if (i % 4 === 3) {
        refusing.set(contact.id, address);
        continue;
      }
      consenting.set(contact.id, address);
      await system.marketing.consents.record({
        subject: { type: "contact", id: contact.id },
        channel: "email",
        status: "granted",
        source: "import",
      });
    }
    const created = await system.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: ids },
      withoutConsent: "skip",
    });
    return { sendId: created.send.id, consenting, refusing };
  } finally {
    await crm.close();
  }
}

async function finalReport(db: ScratchDatabase, tenantId: string, sendId: string, outbox: string) {
  const crm = await openCrm(db.adapter(), outbox);
  try {
    const system = crm.system(tenantId);
    const report = await system.marketing.email.report(sendId);
    const recipients = await system.marketing.email.recipients(sendId, { limit: 500 });
    return { report, recipients: recipients.items };
  } finally {
    await crm.close();
  }
}

for (const target of adapterTargets()) {
  describe(`mass email killed mid-send resumes without sending twice [${target.name}]`, () => {
    const db = scratchDatabase(target.name);
    const dir = mkdtempSync(join(tmpdir(), "rapport-outbox-"));
    afterAll(async () => {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const idempotent of [true, false]) {
      it(`SIGKILL after the transport accepted a message, before its claim was marked sent (${idempotent ? "idempotent" : "plain"} transport)`, async () => {
        const tenantId = `mail_${idempotent ? "idem" : "plain"}`;
        const outbox = join(dir, `${tenantId}.jsonl`);
        const { sendId, consenting, refusing } = await prepareSend(db, tenantId, outbox);
        const env = {
          ...db.env,
          RAPPORT_CHILD_TENANT: tenantId,
          RAPPORT_CHILD_SEND_ID: sendId,
          RAPPORT_CHILD_OUTBOX: outbox,
          RAPPORT_CHILD_SECRET: SECRET,
          RAPPORT_CHILD_IDEMPOTENT: idempotent ? "1" : "0",
        };
        const first = await startChild("mass-email", { ...env, RAPPORT_CHILD_HANG_AFTER: String(HANG_AFTER) });
        await first.waitForLine(new RegExp(`^accepted ${HANG_AFTER}$`));
        first.process.kill("SIGKILL");
        expect((await first.exit).signal).toBe("SIGKILL");
        expect(filedMessages(outbox)).toHaveLength(HANG_AFTER);

        const resume = await startChild("mass-email", env);
        const { code, stderr } = await resume.exit;
        expect(code, stderr).toBe(0);

        const filed = filedMessages(outbox);
        const received = new Map<string, number>();
        for (const message of filed) received.set(message.to, (received.get(message.to) ?? 0) + 1);
        // Nobody without consent received anything; nobody received two.
        for (const address of refusing.values()) expect(received.get(address) ?? 0).toBe(0);
        expect(Math.max(...received.values())).toBe(1);

        const { report, recipients } = await finalReport(db, tenantId, sendId, outbox);
        expect(report.send.status).toBe("completed");
        expect(report.skipped).toBe(refusing.size);
        const byContact = new Map(recipients.map((r) => [r.contactId, r]));
        if (idempotent) {
          // The claim left by the kill was handed over again; the transport answered with its first receipt.
          for (const address of consenting.values()) expect(received.get(address)).toBe(1);
          expect(report).toMatchObject({ sent: consenting.size, unknown: 0, pending: 0 });
        } else {
          // The message accepted before the kill is reported unknown and never sent again.
          expect(report).toMatchObject({ sent: consenting.size - 1, unknown: 1, pending: 0 });
          for (const [contactId, address] of consenting) {
            const status = byContact.get(contactId)?.status;
            expect(received.get(address), `${contactId} ${status}`).toBe(1);
            expect(["sent", "claimed"]).toContain(status);
          }
        }
      });
    }
  });
}
