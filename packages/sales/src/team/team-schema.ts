import { longTextSchema, userIdSchema } from "@rapport/core";
import * as z from "zod";
import { TEAM_ACCESS_LEVELS, type TeamAccess } from "../opportunities/opportunity-access.js";

/** Typical roles on an opportunity team; any lowercase key (`^[a-z][a-z0-9_]*$`) is accepted. */
export const OPPORTUNITY_TEAM_ROLES = [
  "account_executive",
  "sales_engineer",
  "executive_sponsor",
  "solution_consultant",
  "partner_manager",
  "customer_success",
] as const;

const roleSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "A role is lowercase letters, digits and _ (sales_engineer)");

/**
 * Input of `opportunities.addTeamMember`. `access: "read"` lets the member see the deal,
 * its notes and timeline; `"edit"` also lets them update, move and close it.
 *
 * @example
 * ```ts
 * await owner.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer", access: "edit" });
 * ```
 */
export const addTeamMemberSchema = z
  .object({
    userId: userIdSchema,
    role: roleSchema,
    /** @default "read" */
    access: z.enum(TEAM_ACCESS_LEVELS).default("read"),
  })
  .strict();
export type AddTeamMemberInput = z.input<typeof addTeamMemberSchema>;

/** Input of `opportunities.updateTeamMember`. */
export const updateTeamMemberSchema = z
  .object({ role: roleSchema, access: z.enum(TEAM_ACCESS_LEVELS) })
  .partial()
  .strict();
export type UpdateTeamMemberInput = z.input<typeof updateTeamMemberSchema>;

/** Input of `opportunities.addNote`: a note the whole opportunity team sees. */
export const addNoteSchema = z.object({ body: longTextSchema.trim().min(1).max(20_000) }).strict();
export type AddNoteInput = z.input<typeof addNoteSchema>;

/** Options of `opportunities.notes` and `opportunities.timeline`. */
export const pageOptionsSchema = z
  .object({
    /** Page size, 1–200. @default 50 */
    limit: z.number().int().min(1).max(200).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type PageOptions = z.input<typeof pageOptionsSchema>;

/** A member of an opportunity team. */
export interface TeamMember {
  readonly opportunityId: string;
  readonly userId: string;
  readonly role: string;
  readonly access: TeamAccess;
  readonly addedAt: string;
  readonly addedBy: string;
}

/** A note shared with the opportunity's team. */
export interface OpportunityNote {
  readonly id: string;
  readonly opportunityId: string;
  readonly body: string;
  readonly authorId: string;
  readonly createdAt: string;
}
