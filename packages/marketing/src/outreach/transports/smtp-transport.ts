import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { MailTransport } from "./mail-transport.js";

/** Options of {@link smtpTransport}: nodemailer's SMTP options (host, port, secure, auth, pool…). */
export type SmtpTransportOptions = SMTPTransport.Options;

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
  const mailer = nodemailer.createTransport(options);
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
