import type { ListOptions, OperationContext, Page } from "@rapport/core";

/** What `sales.leads.capture` answers, as marketing reads it. */
export interface CaptureView {
  readonly outcome: string;
  readonly leadId: string | null;
  readonly contactId: string | null;
  readonly opportunityId: string | null;
}

/** A list service as marketing calls it: pages of records the actor may see. */
export interface ListView {
  list(options: ListOptions): Promise<Page<{ readonly id: string }>>;
  get(id: string): Promise<{ readonly id: string; readonly archivedAt: string | null }>;
}

/**
 * The public clients of other modules the campaigns area calls, as it expects them, reached
 * through `op.client()` so their writes join the operation's transaction. Sales is optional.
 */
export interface CampaignPeers {
  readonly contacts: ListView;
  readonly accounts: ListView;
  readonly sales?: {
    readonly leads?: ListView & {
      capture(input: Record<string, unknown>, options?: { idempotencyKey?: string }): Promise<CaptureView>;
    };
  };
}

/** The actor's scoped client bound to this operation's transaction, typed with what campaigns use. */
export function peersOf(op: OperationContext): CampaignPeers {
  return op.client() as unknown as CampaignPeers;
}

/** The list service holding records of `recordType`, or `undefined` when its module is absent. */
export function listServiceOf(op: OperationContext, recordType: string): ListView | undefined {
  const peers = peersOf(op);
  if (recordType === "contact") return peers.contacts;
  if (recordType === "account") return peers.accounts;
  if (recordType === "lead") return peers.sales?.leads;
  return undefined;
}
