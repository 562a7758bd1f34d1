import { createHash } from "node:crypto";

/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 of a payload's canonical JSON: how an idempotency key's replay is told from a different request. */
export function payloadHash(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex");
}
