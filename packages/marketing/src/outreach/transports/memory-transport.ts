import type { MailTransport, OutgoingMessage, TransportReceipt } from "./mail-transport.js";

/** A transport that keeps messages in memory: for tests and demos. */
export interface MemoryTransport extends MailTransport {
  /** The messages accepted, in order. */
  readonly sent: readonly OutgoingMessage[];
  /** Makes `send` reject for these addresses (a permanently failing mailbox). */
  rejectAddresses(addresses: readonly string[]): void;
}

/**
 * A {@link MailTransport} that keeps every message in `sent`. It is idempotent: a repeated
 * `idempotencyKey` returns the first receipt and adds nothing.
 *
 * @example
 * ```ts
 * const transport = memoryTransport();
 * const crm = await createCrm({ adapter, modules: [marketing({ email: { transport, from: "news@example.com", unsubscribeSecret, unsubscribeUrl } })] });
 * // … send …
 * expect(transport.sent.map((m) => m.to)).toEqual(["ann@example.com"]);
 * ```
 */
export function memoryTransport(): MemoryTransport {
  const sent: OutgoingMessage[] = [];
  const receipts = new Map<string, TransportReceipt>();
  const rejected = new Set<string>();
  return {
    sent,
    idempotent: true,
    rejectAddresses: (addresses) => {
      for (const address of addresses) rejected.add(address.toLowerCase());
    },
    send: async (message) => {
      const earlier = receipts.get(message.idempotencyKey);
      if (earlier) return earlier;
      if (rejected.has(message.to.toLowerCase())) throw new Error(`550 mailbox ${message.to} unavailable`);
      sent.push(message);
      const receipt = { messageId: `<${sent.length}.${message.idempotencyKey.replace(":", ".")}@memory.rapport>` };
      receipts.set(message.idempotencyKey, receipt);
      return receipt;
    },
  };
}
