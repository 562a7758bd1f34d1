import { type Filter, NotFoundError, type OperationContext, ValidationError } from "@rapport/core";

interface MemberView {
  readonly id: string;
  readonly contactId: string | null;
  readonly status: string | null;
}

/** The campaigns client as the outreach area reads it (`client.marketing.campaigns`). */
interface CampaignsPeer {
  get(id: string): Promise<{ readonly id: string; readonly archivedAt: string | null }>;
  readonly memberStatuses: {
    list(options: { filter: Filter[]; limit: number }): Promise<{ items: readonly { readonly key: string }[] }>;
  };
  readonly members: {
    list(
      campaignId: string,
      options: { filter?: Filter[]; limit: number; cursor?: string },
    ): Promise<{ items: readonly MemberView[]; nextCursor: string | null }>;
    setStatus(memberId: string, status: string): Promise<unknown>;
  };
}

function campaignsOf(op: OperationContext): CampaignsPeer | undefined {
  return (op.client() as { marketing?: { campaigns?: CampaignsPeer } }).marketing?.campaigns;
}

/**
 * The contact members of a campaign, read through the campaigns client under the sender's
 * scopes. Lead members are left out: email goes to contacts. An unknown campaign is a
 * `ValidationError` at `audience.campaignId`.
 */
export async function campaignContactIds(op: OperationContext, campaignId: string): Promise<string[]> {
  const campaigns = campaignsOf(op);
  const at = ["audience", "campaignId"];
  if (!campaigns) throw ValidationError.forField(at, "Campaign audiences need the campaigns area");
  try {
    const campaign = await campaigns.get(campaignId);
    if (campaign.archivedAt !== null) throw ValidationError.forField(at, `Campaign ${campaignId} is archived`);
  } catch (error) {
    if (error instanceof NotFoundError) throw ValidationError.forField(at, `Unknown campaign ${campaignId}`);
    throw error;
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await campaigns.members.list(campaignId, { limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    for (const member of page.items) if (member.contactId !== null) ids.push(member.contactId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

/** How far an email took a member: a status moves only forward along this list, and only from these. */
const EMAIL_PROGRESS = [null, "sent", "opened", "clicked"] as const;

/**
 * Moves a contact's member status in the send's campaign to `status` (`sent`, `opened`,
 * `clicked`) when the tenant has that status and the member has not gone further (a
 * response, say). Done as the system: it follows from the email, not from the caller.
 */
export async function advanceMember(
  op: OperationContext,
  campaignId: string,
  contactId: string,
  status: "sent" | "opened" | "clicked",
): Promise<void> {
  const campaigns = campaignsOf(op.asSystem());
  if (!campaigns) return;
  const known = await campaigns.memberStatuses.list({ filter: [{ field: "key", op: "eq", value: status }], limit: 1 });
  if (known.items.length === 0) return;
  const { items } = await campaigns.members.list(campaignId, {
    filter: [{ field: "contactId", op: "eq", value: contactId }],
    limit: 1,
  });
  const member = items[0];
  if (!member) return;
  const from = EMAIL_PROGRESS.indexOf(member.status as (typeof EMAIL_PROGRESS)[number]);
  if (from === -1 || from >= EMAIL_PROGRESS.indexOf(status)) return;
  await campaigns.members.setStatus(member.id, status);
}
