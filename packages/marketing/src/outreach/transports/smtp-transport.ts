import nodemailer from "nodemailer";
import type { MailTransport } from "./mail-transport.js";

/** Options of {@link smtpTransport}: where the SMTP server is and how to talk to it (passed to nodemailer). */
export interface SmtpTransportOptions {
  readonly host: string;
  /** @default 587, or 465 with `secure` */
  readonly port?: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. @default false */
  readonly secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. @default false */
  readonly requireTLS?: boolean;
  /** Never use STARTTLS (a local relay). @default false */
  readonly ignoreTLS?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Keep connections open and reuse them. @default false */
  readonly pool?: boolean;
  /** Connections a pool opens at most. @default 5 */
  readonly maxConnections?: number;
  /** Milliseconds to wait for the connection. @default 120000 */
  readonly connectionTimeout?: number;
}

/** An SMTP {@link MailTransport}, with `close()` to end its connections. */
export interface SmtpTransport extends MailTransport {
  /** Closes the transport's connections (a pooled transport keeps them open). */
  close(): void;
}

/**
 * A {@link MailTransport} over SMTP through nodemailer. Not idempotent: an SMTP server
 * cannot be asked whether it accepted a message before a crash.
 *
 * @example
 * ```ts
 * const transport = smtpTransport({ host: "smtp.example.com", port: 587, auth: { user, pass } });
 * ```
 */
export function smtpTransport(options: SmtpTransportOptions): SmtpTransport {
  const { auth, ...rest } = options;
  const mailer = nodemailer.createTransport({ ...rest, ...(auth ? { auth: { ...auth } } : {}) });
  return {
    idempotent: false,
    close: () => mailer.close(),
    send: async (message) => {
      const info = await mailer.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        ...(message.text === null ? {} : { text: message.text }),
        headers: { ...message.headers },
      });
      return { messageId: info.messageId };
    },
  };
}
