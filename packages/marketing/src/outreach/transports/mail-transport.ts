/** One message as Rapport hands it to a transport: one recipient, fully rendered. */
export interface OutgoingMessage {
  /** The sender, as `"Name <address>"` or a bare address. */
  readonly from: string;
  /** The recipient's address. */
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string | null;
  /** Extra headers: `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058 one-click). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The same for every attempt to deliver this recipient's message of this send
   * (`<sendId>:<contactId>`): a transport that deduplicates keys it (see {@link MailTransport.idempotent}).
   */
  readonly idempotencyKey: string;
}

/** What a transport reports for an accepted message. */
export interface TransportReceipt {
  /** The transport's id of the message (SMTP `Message-ID`). */
  readonly messageId: string;
}

/**
 * Where mass email leaves Rapport: the host provides it to `marketing({ email: { transport } })`.
 * `send` MUST resolve only once the message is accepted for delivery and MUST reject when it
 * is not; Rapport then marks the recipient `failed` and does not retry.
 */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<TransportReceipt>;
  /**
   * True when the transport accepts at most one message per `idempotencyKey`, whatever
   * happens: it remembers the keys it accepted, durably, and answers a repeated key with
   * the first receipt instead of sending again. Only then does `email.deliver` hand over
   * again a recipient whose claim a crash left unresolved. @default false
   */
  readonly idempotent?: boolean;
}
