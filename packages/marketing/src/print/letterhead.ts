import { type Address, type OperationContext, parseInput } from "@rapport/core";
import type { Kysely } from "kysely";
import { letterheadSchema } from "./print-schema.js";

/** The letterhead row. */
export interface LetterheadRow {
  tenant_id: string;
  legal_name: string;
  /** The address as JSON text. */
  address: string;
  logo_url: string | null;
  email: string | null;
  phone: string | null;
  updated_at: string;
  updated_by: string;
}

/** The print area's table. */
export interface PrintTables {
  marketing_letterheads: LetterheadRow;
}

/** The tenant's letterhead: who letters come from. */
export interface Letterhead {
  readonly legalName: string;
  readonly address: Address;
  readonly logoUrl: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

function printDb(op: OperationContext<PrintTables>): Kysely<PrintTables> {
  return op.db;
}

const toLetterhead = (row: LetterheadRow): Letterhead => ({
  legalName: row.legal_name,
  address: JSON.parse(row.address) as Address,
  logoUrl: row.logo_url,
  email: row.email,
  phone: row.phone,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

/** The tenant's letterhead, or `null` before one is set. */
export async function letterheadOf(op: OperationContext): Promise<Letterhead | null> {
  const row = await printDb(op)
    .selectFrom("marketing_letterheads")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .executeTakeFirst();
  return row ? toLetterhead(row) : null;
}

/** `print.setLetterhead`: replaces the letterhead; the same letterhead again writes and emits nothing. */
export async function setLetterhead(op: OperationContext, input: unknown): Promise<Letterhead> {
  const parsed = parseInput(letterheadSchema, input);
  await op.authorize("letterhead:update");
  await op.lock("marketing_letterhead");
  const before = await letterheadOf(op);
  const values = {
    legalName: parsed.legalName,
    address: parsed.address,
    logoUrl: parsed.logoUrl ?? null,
    email: parsed.email ?? null,
    phone: parsed.phone ?? null,
  };
  if (
    before &&
    JSON.stringify([before.legalName, before.address, before.logoUrl, before.email, before.phone]) ===
      JSON.stringify([values.legalName, values.address, values.logoUrl, values.email, values.phone])
  )
    return before;
  const row: LetterheadRow = {
    tenant_id: op.tenantId,
    legal_name: values.legalName,
    address: JSON.stringify(values.address),
    logo_url: values.logoUrl,
    email: values.email,
    phone: values.phone,
    updated_at: op.timestamp,
    updated_by: op.actor.userId,
  };
  const { tenant_id: _tenant, ...changes } = row;
  await printDb(op)
    .insertInto("marketing_letterheads")
    .values(row)
    .onConflict((oc) => oc.column("tenant_id").doUpdateSet(changes))
    .execute();
  const after = toLetterhead(row);
  // Not a record change: the letterhead is one unversioned settings row per tenant, outside the record layer.
  await op.audit({
    entityType: "letterhead",
    entityId: op.tenantId,
    action: before ? "update" : "create",
    before: before ? { ...before } : null,
    after: { ...after },
  });
  op.emit("letterhead.updated", { legalName: after.legalName });
  return after;
}
