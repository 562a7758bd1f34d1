import { defineModule, type RoleGrants } from "@rapport/core";
import { campaignsPart } from "./campaigns/campaigns-part.js";
import { contentPart } from "./content/content-part.js";
import type { MarketingPart } from "./marketing-part.js";
import { type OutreachClient, type OutreachOptions, outreachPart } from "./outreach/outreach-part.js";

/** Options of {@link marketing}. */
export interface MarketingOptions {
  /** Mass email: the transport, the sender, and the secret that signs unsubscribe links. */
  readonly email?: OutreachOptions;
}

/** `client.marketing`: campaigns, segments and members; consent and mass email; the content library, letters and labels. */
export type MarketingClient = ReturnType<typeof campaignsPart.client> &
  OutreachClient &
  ReturnType<typeof contentPart.client>;

/**
 * The marketing module: campaigns in phases with goals, segments, members and responses
 * with attribution; consent, mass email and suppression; the content library ("marketing
 * encyclopedia"), letters and mailing labels. Works alone; with the sales module installed,
 * responses become leads and won deals are attributed to campaigns.
 *
 * @example
 * ```ts
 * const crm = await createCrm({
 *   adapter: sqliteAdapter(),
 *   modules: [sales(), marketing({ email: { transport: smtpTransport({ host: "smtp.example.com" }), from: "news@example.com", unsubscribeSecret } })],
 * });
 * ```
 */
export function marketing(options: MarketingOptions = {}) {
  const PARTS: readonly MarketingPart<any>[] = [campaignsPart, outreachPart(options.email), contentPart];
  return defineModule({
    name: "marketing",
    migrations: PARTS.flatMap((part) => part.migrations),
    entities: PARTS.flatMap((part) => part.entities),
    permissions: {
      entities: Object.assign({}, ...PARTS.map((part) => part.permissions.entities ?? {})),
      roles: mergeRoleGrants(PARTS.map((part) => part.permissions.roles ?? {})),
    },
    events: Object.assign({}, ...PARTS.map((part) => part.events)) as MarketingEvents,
    jobs: PARTS.flatMap((part) => part.jobs),
    client: (ctx): MarketingClient => Object.assign({}, ...PARTS.map((part) => part.client(ctx))) as MarketingClient,
    onTenantCreated: async (op) => {
      for (const part of PARTS) await part.onTenantCreated?.(op);
    },
  });
}

/** Two areas may grant the same role different entities: merge the grants role by role. */
function mergeRoleGrants(grants: readonly Readonly<Record<string, RoleGrants>>[]): Record<string, RoleGrants> {
  const merged: Record<string, RoleGrants> = {};
  for (const byRole of grants) {
    for (const [role, roleGrants] of Object.entries(byRole)) merged[role] = { ...merged[role], ...roleGrants };
  }
  return merged;
}

/** Every event of the marketing module, by name: the campaigns', outreach and content areas'. */
export type MarketingEvents = typeof campaignsPart.events &
  ReturnType<typeof outreachPart>["events"] &
  typeof contentPart.events;

/** The module `marketing()` returns. */
export type MarketingModule = ReturnType<typeof marketing>;
