import {
  type Account,
  type Contact,
  type CoreClient,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { invalidTransition } from "../errors.js";
import type { Opportunity } from "../opportunities/opportunity-entity.js";
import { createOpportunityIn } from "../opportunities/opportunity-service.js";
import { convertLeadSchema, type LeadConversion } from "./conversion-schema.js";
import { type Lead, leadEntity } from "./lead-entity.js";

/** Reads a record through a core service, turning "not found" into a `ValidationError` at `path`. */
async function existing<T>(read: () => Promise<T>, path: string, id: string): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError)
      throw ValidationError.forField([path], `${path === "accountId" ? "Account" : "Contact"} ${id} does not exist`, {
        id,
      });
    throw error;
  }
}

/** Core's services in `op`, as the caller: conversion reads and writes only what the caller may. */
const core = (op: OperationContext) => op.client() as CoreClient;

function personName(lead: Lead): string | null {
  const name = [lead.firstName, lead.lastName].filter((part) => part !== null).join(" ");
  return name === "" ? null : name;
}

async function findContact(op: OperationContext, lead: Lead, contactId: string | undefined): Promise<Contact | null> {
  const contacts = core(op).contacts;
  const id = contactId ?? lead.contactId;
  if (id) return existing(() => contacts.get(id), "contactId", id);
  return lead.email ? contacts.findByEmail(lead.email) : null;
}

async function findOrCreateAccount(op: OperationContext, lead: Lead, accountId: string | null): Promise<Account> {
  const accounts = core(op).accounts;
  if (accountId) return existing(() => accounts.get(accountId), "accountId", accountId);
  const name = lead.company ?? personName(lead) ?? lead.email ?? lead.phone ?? `Lead ${lead.id}`;
  return accounts.create({ name, type: "prospect", ...(lead.ownerId ? { ownerId: lead.ownerId } : {}) });
}

async function createContact(op: OperationContext, lead: Lead, account: Account): Promise<Contact | null> {
  // A contact needs a name; a lead known only by email or phone converts without one.
  if (lead.firstName === null && lead.lastName === null) return null;
  return core(op).contacts.create({
    accountId: account.id,
    firstName: lead.firstName,
    lastName: lead.lastName,
    title: lead.title,
    emails: lead.email ? [{ value: lead.email }] : [],
    phones: lead.phone ? [{ value: lead.phone, ...(lead.country ? { country: lead.country } : {}) }] : [],
    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
  });
}

/**
 * `leads.convert` inside `op`: a qualified lead becomes (or joins) an account, a contact
 * and an opportunity, and is marked converted — all in the caller's transaction.
 */
export async function convertLead(op: OperationContext, id: string, input: unknown): Promise<LeadConversion> {
  const parsed = parseInput(convertLeadSchema, input);
  const leads = op.records(leadEntity);
  const lead = await leads.loadForChange(parseInput(idSchema("lead"), id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "convert",
  });
  if (lead.convertedAt !== null)
    throw invalidTransition(`Lead ${lead.id} is already converted`, "lead_converted", { id: lead.id });
  if (lead.status !== "qualified") {
    throw invalidTransition(`Only a qualified lead converts; lead ${lead.id} is ${lead.status}`, "lead_status", {
      id: lead.id,
      status: lead.status,
    });
  }
  let contact = await findContact(op, lead, parsed.contactId);
  if (contact && parsed.accountId && contact.accountId !== null && contact.accountId !== parsed.accountId) {
    throw ValidationError.forField(
      ["contactId"],
      `Contact ${contact.id} belongs to account ${contact.accountId}, not ${parsed.accountId}`,
    );
  }
  const account = await findOrCreateAccount(op, lead, parsed.accountId ?? contact?.accountId ?? null);
  if (contact && contact.accountId === null)
    contact = await core(op).contacts.update(contact.id, { accountId: account.id });
  contact ??= await createContact(op, lead, account);
  let opportunity: Opportunity | null = null;
  if (parsed.opportunity !== false) {
    const given = parsed.opportunity ?? {};
    const interest = lead.productInterests.length > 0 ? ` – ${lead.productInterests.join(", ")}` : "";
    opportunity = await createOpportunityIn(op, {
      name: `${account.name}${interest}`.slice(0, 200),
      accountId: account.id,
      primaryContactId: contact?.id ?? null,
      source: lead.source,
      leadId: lead.id,
      ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
      ...given,
    });
  }
  const contactId = contact?.id ?? null;
  const opportunityId = opportunity?.id ?? null;
  const converted = await leads.change(
    lead,
    {
      status: "converted",
      convertedAt: op.timestamp,
      convertedAccountId: account.id,
      convertedContactId: contactId,
      convertedOpportunityId: opportunityId,
      contactId,
    },
    {
      action: "convert",
      validate: true,
      events: () => [
        { type: "lead.converted", data: { leadId: lead.id, accountId: account.id, contactId, opportunityId } },
      ],
    },
  );
  return { lead: await leads.shown(converted), account, contact, opportunity };
}
