import { combineModuleParts, defineModule } from "@rapport/core";
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
  const parts = combineModuleParts(PARTS);
  return defineModule({
    name: "marketing",
    ...parts,
    events: parts.events as MarketingEvents,
    client: (ctx): MarketingClient => parts.client(ctx) as MarketingClient,
  });
}

/** Every event of the marketing module, by name: the campaigns', outreach and content areas'. */
export type MarketingEvents = typeof campaignsPart.events &
  ReturnType<typeof outreachPart>["events"] &
  typeof contentPart.events;

/** The module `marketing()` returns. */
export type MarketingModule = ReturnType<typeof marketing>;
