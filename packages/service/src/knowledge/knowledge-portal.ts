import type { ActorInput } from "@rapport/core";

/** The role of anonymous customer-portal readers: published, customer-visible articles only. */
export const KNOWLEDGE_PORTAL_ROLE = "knowledge_portal";

/** The role of partner-portal readers: published articles visible to customers or partners. */
export const KNOWLEDGE_PARTNER_ROLE = "knowledge_partner";

/** Options of {@link portalActor}. */
export interface PortalActorOptions {
  /** The user id the portal's reads and feedback are recorded under. @default "portal" */
  readonly userId?: string;
  /** A partner portal: partner-visible articles too. @default false */
  readonly partner?: boolean;
}

/**
 * The actor of an anonymous (or partner) portal user, for `crm.as(...)`: every knowledge read
 * it makes — get, list, search, suggest, counts, versions, feedback — sees published articles
 * of its audience only, and the generic paths (`crm.as(actor).search`, audit, lists of other
 * records) see no article at all, since the role holds no `knowledge_article:read`.
 *
 * @example
 * ```ts
 * const portal = crm.as(portalActor("acme"));
 * const { items } = await portal.service.knowledge.search({ query: "reset password" });
 * ```
 */
export function portalActor(tenantId: string, options: PortalActorOptions = {}): ActorInput {
  return {
    tenantId,
    userId: options.userId ?? "portal",
    roles: [options.partner ? KNOWLEDGE_PARTNER_ROLE : KNOWLEDGE_PORTAL_ROLE],
  };
}
