import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "@rapport/core";

/** What an unsubscribe token says: who may leave which tenant's list, until when. */
export interface UnsubscribeClaim {
  readonly tenantId: string;
  readonly sendId: string;
  readonly contactId: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const encode = (text: string) => Buffer.from(text, "utf8").toString("base64url");

function signature(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/** Signs a claim: `<payload>.<HMAC-SHA256 of the payload>`, both base64url. */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = encode(JSON.stringify([claim.tenantId, claim.sendId, claim.contactId, claim.expiresAt]));
  return `${payload}.${signature(secret, payload).toString("base64url")}`;
}

function invalid(message: string): ValidationError {
  return ValidationError.forField(["token"], message, { reason: "unsubscribe_token_invalid" });
}

/**
 * Verifies a token against the secret and the time: `ValidationError` with
 * `details.reason` `unsubscribe_token_invalid` (malformed, tampered, another tenant's) or
 * `unsubscribe_token_expired`.
 */
export function verifyUnsubscribeToken(secret: string, token: unknown, tenantId: string, now: Date): UnsubscribeClaim {
  if (typeof token !== "string" || token.length > 1_000 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(token)) {
    throw invalid("Not an unsubscribe token");
  }
  const [payload = "", given = ""] = token.split(".");
  const expected = signature(secret, payload);
  const actual = Buffer.from(given, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    throw invalid("The unsubscribe token's signature does not match");
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw invalid("Not an unsubscribe token");
  }
  if (
    !Array.isArray(fields) ||
    fields.length !== 4 ||
    typeof fields[0] !== "string" ||
    typeof fields[1] !== "string" ||
    typeof fields[2] !== "string" ||
    typeof fields[3] !== "number"
  ) {
    throw invalid("Not an unsubscribe token");
  }
  const claim: UnsubscribeClaim = {
    tenantId: fields[0],
    sendId: fields[1],
    contactId: fields[2],
    expiresAt: fields[3],
  };
  if (claim.tenantId !== tenantId) throw invalid("The unsubscribe token is not for this tenant");
  if (claim.expiresAt <= now.getTime()) {
    throw ValidationError.forField(["token"], "The unsubscribe link has expired", {
      reason: "unsubscribe_token_expired",
    });
  }
  return claim;
}

/** The host's unsubscribe URL with `token` added as a query parameter. */
export function unsubscribeLink(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set("token", token);
  return url.toString();
}
