import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpTransport } from "./smtp-transport.js";

/** A local SMTP sink: accepts every message and keeps its raw text; rejects one address. */
function smtpSink() {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === "nobody@example.com") return callback(new Error("550 no such user"));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  return { server, received };
}

describe("smtpTransport", () => {
  const sink = smtpSink();
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => sink.server.listen(0, "127.0.0.1", () => resolve()));
    port = (sink.server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
  });

  it("hands a message with its unsubscribe headers to an SMTP server and reports its Message-ID", async () => {
    const transport = smtpTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    try {
      const receipt = await transport.send({
        from: "Acme News <news@acme.example>",
        to: "ann@example.com",
        subject: "News for Ann",
        html: "<p>Hi Ann</p>",
        text: "Hi Ann",
        headers: {
          "List-Unsubscribe": "<https://acme.example/unsubscribe?token=abc.def>",
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        idempotencyKey: "msend_1:con_1",
      });
      expect(receipt.messageId).toMatch(/^<.+@.+>$/);
      expect(sink.received).toHaveLength(1);
      const [message] = sink.received;
      expect(message?.from).toBe("news@acme.example");
      expect(message?.to).toEqual(["ann@example.com"]);
      expect(message?.raw).toContain("Subject: News for Ann");
      expect(message?.raw).toContain("List-Unsubscribe: <https://acme.example/unsubscribe?token=abc.def>");
      expect(message?.raw).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(message?.raw).toContain(`Message-ID: ${receipt.messageId}`);
      expect(transport.idempotent).toBe(false);
    } finally {
      transport.close();
    }
  });

  it("rejects when the server refuses the recipient", async () => {
    const transport = smtpTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    try {
      await expect(
        transport.send({
          from: "news@acme.example",
          to: "nobody@example.com",
          subject: "x",
          html: "<p>x</p>",
          text: null,
          headers: {},
          idempotencyKey: "msend_1:con_2",
        }),
      ).rejects.toThrow(/550/);
    } finally {
      transport.close();
    }
  });
});
