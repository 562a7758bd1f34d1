import type { InformationSource, RecommendedActivity } from "./playbook-schema.js";

/** Guidance seeded for a stage of the default pipeline. */
export interface DefaultPlaybook {
  readonly informationSources: readonly InformationSource[];
  readonly recommendedActivities: readonly RecommendedActivity[];
  readonly checklist: readonly string[];
}

/**
 * The default pipeline's playbooks, by stage key. Which information sources work best
 * follows the buying process: mass media at awareness, the salesperson at interest,
 * technical sources at evaluation, hands-on experience at trial, references at adoption.
 */
export const DEFAULT_PLAYBOOKS: Readonly<Record<string, DefaultPlaybook>> = {
  awareness: {
    informationSources: ["mass_media", "web_content"],
    recommendedActivities: [
      { type: "email", subject: "Send an introduction with a relevant article or case study" },
      { type: "task", subject: "Invite the contact to the next webinar or event" },
    ],
    checklist: ["The buyer's organisation and role are known", "A first need or trigger event is identified"],
  },
  interest: {
    informationSources: ["salesperson"],
    recommendedActivities: [
      { type: "call", subject: "Discovery call: needs, timeline, budget, decision makers" },
      { type: "meeting", subject: "First meeting with the main stakeholder" },
    ],
    checklist: ["Needs are written down", "The decision makers are named", "A budget range is known"],
  },
  evaluation: {
    informationSources: ["technical_sources", "web_content"],
    recommendedActivities: [
      { type: "meeting", subject: "Technical deep-dive with a sales engineer" },
      { type: "email", subject: "Send documentation, security and integration material" },
    ],
    checklist: [
      "Technical requirements are confirmed",
      "The amount is estimated",
      "Competitors in the deal are recorded",
    ],
  },
  trial: {
    informationSources: ["hands_on"],
    recommendedActivities: [
      { type: "task", subject: "Set up the trial with agreed success criteria" },
      { type: "call", subject: "Mid-trial check-in on the success criteria" },
    ],
    checklist: ["Success criteria are agreed in writing", "A close date is set", "The trial users are onboarded"],
  },
  adoption: {
    informationSources: ["references", "peers"],
    recommendedActivities: [
      { type: "call", subject: "Arrange a reference call with a similar customer" },
      { type: "meeting", subject: "Review the proposal and the rollout plan" },
    ],
    checklist: [
      "A reference customer has spoken to the buyer",
      "The proposal is accepted in principle",
      "Procurement steps are known",
    ],
  },
  won: {
    informationSources: ["references"],
    recommendedActivities: [{ type: "meeting", subject: "Kick-off with the customer's team" }],
    checklist: ["The hand-over to onboarding is done"],
  },
  lost: {
    informationSources: [],
    recommendedActivities: [{ type: "note", subject: "Write down why the deal was lost and to whom" }],
    checklist: ["The lost reason and competitor are recorded"],
  },
};
