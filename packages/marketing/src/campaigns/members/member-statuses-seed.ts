import type { OperationContext } from "@rapport/core";
import { memberStatusEntity } from "./member-entities.js";

/** The member statuses a new tenant starts with; the tenant may rename, add and archive them. */
export const DEFAULT_MEMBER_STATUSES = [
  { key: "sent", label: "Sent", responded: false, position: 10 },
  { key: "opened", label: "Opened", responded: false, position: 20 },
  { key: "clicked", label: "Clicked", responded: false, position: 30 },
  { key: "responded", label: "Responded", responded: true, position: 40 },
  { key: "registered", label: "Registered", responded: true, position: 50 },
  { key: "attended", label: "Attended", responded: true, position: 60 },
  { key: "unsubscribed", label: "Unsubscribed", responded: false, position: 70 },
] as const;

/** Seeds {@link DEFAULT_MEMBER_STATUSES} in a new tenant. */
export async function seedMemberStatuses(op: OperationContext): Promise<void> {
  await op.records(memberStatusEntity).insert(DEFAULT_MEMBER_STATUSES.map((status) => ({ ...status })));
}
