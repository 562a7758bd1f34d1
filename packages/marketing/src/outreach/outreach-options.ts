import { CrmError } from "@rapport/core";
import type { MailTransport } from "./transports/mail-transport.js";

/** Options of the outreach area: `marketing({ email: … })`. */
export interface OutreachOptions {
  /** Where messages go. Without one, sends are refused with `EMAIL_NOT_CONFIGURED`. */
  readonly transport?: MailTransport;
  /** The default sender (`"Acme <news@acme.example>"`); a send may name its own. */
  readonly from?: string;
  /** Signs one-click unsubscribe links (HMAC-SHA256): at least 32 characters, kept secret. */
  readonly unsubscribeSecret?: string;
  /**
   * The host's unsubscribe endpoint; each message's link is this URL with `token=<token>`
   * added. The host passes the token to `marketing.email.unsubscribe(token)` on GET (a page
   * asking to confirm) or on the one-click POST (RFC 8058).
   */
  readonly unsubscribeUrl?: string;
  /** How long an unsubscribe link works. @default 60 */
  readonly unsubscribeTtlDays?: number;
  /** How long a double opt-in token works. @default 72 */
  readonly optInTtlHours?: number;
  /**
   * How delivery waits between messages when a send is throttled (`perSecond`). Tests
   * pass one that advances their manual clock. @default a timer
   */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** {@link OutreachOptions} with defaults applied. */
export interface ResolvedOutreachOptions {
  readonly transport: MailTransport | null;
  readonly from: string | null;
  readonly unsubscribeSecret: string | null;
  readonly unsubscribeUrl: string | null;
  readonly unsubscribeTtlMs: number;
  readonly optInTtlMs: number;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

const timerSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new CrmError("MODULE_INVALID", `marketing({ email: { ${name} } }) must be a positive number`);
  }
  return value;
}

/** Checks and freezes the options; throws `MODULE_INVALID` for a short secret or a bad URL. */
export function resolveOutreachOptions(options: OutreachOptions = {}): ResolvedOutreachOptions {
  if (options.unsubscribeSecret !== undefined && options.unsubscribeSecret.length < 32) {
    throw new CrmError("MODULE_INVALID", "marketing({ email: { unsubscribeSecret } }) needs at least 32 characters");
  }
  if (options.unsubscribeUrl !== undefined && !URL.canParse(options.unsubscribeUrl)) {
    throw new CrmError("MODULE_INVALID", "marketing({ email: { unsubscribeUrl } }) is not a URL");
  }
  return Object.freeze({
    transport: options.transport ?? null,
    from: options.from ?? null,
    unsubscribeSecret: options.unsubscribeSecret ?? null,
    unsubscribeUrl: options.unsubscribeUrl ?? null,
    unsubscribeTtlMs: positive(options.unsubscribeTtlDays, 60, "unsubscribeTtlDays") * 86_400_000,
    optInTtlMs: positive(options.optInTtlHours, 72, "optInTtlHours") * 3_600_000,
    sleep: options.sleep ?? timerSleep,
  });
}

/** What sending needs, or `EMAIL_NOT_CONFIGURED` naming what is missing. */
export function sendingConfig(options: ResolvedOutreachOptions): {
  readonly transport: MailTransport;
  readonly from: string;
  readonly unsubscribeSecret: string;
  readonly unsubscribeUrl: string;
} {
  const { transport, from, unsubscribeSecret, unsubscribeUrl } = options;
  if (transport && from && unsubscribeSecret && unsubscribeUrl)
    return { transport, from, unsubscribeSecret, unsubscribeUrl };
  const missing = Object.entries({ transport, from, unsubscribeSecret, unsubscribeUrl })
    .filter(([, value]) => !value)
    .map(([key]) => key);
  throw new CrmError("EMAIL_NOT_CONFIGURED", `Mass email needs marketing({ email: { ${missing.join(", ")} } })`, {
    details: { missing },
  });
}
