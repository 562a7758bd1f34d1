import * as z from "zod";
import { customValuesSchema, externalIdsSchema } from "../entities/base-record.js";
import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { tagsSchema } from "../entities/record-extensions.js";
import { longTextSchema, nameSchema, userIdSchema } from "../schemas/common-schemas.js";

const teamFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  /** The user responsible for the team (its manager); defaults to the creator. */
  ownerId: field.nullableText(),
};

const teamInput = {
  name: nameSchema,
  description: longTextSchema.nullable(),
  ownerId: userIdSchema.nullable(),
  custom: customValuesSchema,
  externalIds: externalIdsSchema,
  tags: tagsSchema,
};

/** Input of `teams.create`. */
export const createTeamSchema = z
  .object({
    name: teamInput.name,
    description: teamInput.description.optional(),
    ownerId: teamInput.ownerId.optional(),
    custom: teamInput.custom.optional(),
    externalIds: teamInput.externalIds.optional(),
    tags: teamInput.tags.optional(),
  })
  .strict();
export type CreateTeamInput = z.input<typeof createTeamSchema>;

/** Input of `teams.update`: any subset of the fields; `null` clears a nullable one. */
export const updateTeamSchema = z.object(teamInput).partial().strict();
export type UpdateTeamInput = z.input<typeof updateTeamSchema>;

/** A member's role in a team: lowercase letters, digits and `_` (`"member"`, `"lead"`). */
export const teamRoleSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "Use lowercase letters, digits and _, starting with a letter");

/** Options of `teams.addMember`. */
export const addMemberOptionsSchema = z
  .object({
    /** @default "member" */
    role: teamRoleSchema.optional(),
  })
  .strict();
export type AddMemberOptions = z.input<typeof addMemberOptionsSchema>;

/** Teams: groups of users. Membership gives the `team` record scope its meaning. */
export const teamEntity = defineEntity({
  type: "team",
  table: "rapport_teams",
  idPrefix: "team",
  fields: teamFields,
  createSchema: createTeamSchema,
  patchSchema: updateTeamSchema,
  ownerField: "ownerId",
});

/** A team as stored and returned. */
export type Team = EntityRecord<typeof teamFields>;

/** One user's membership of one team. */
export interface TeamMember {
  readonly teamId: string;
  readonly userId: string;
  readonly role: string;
  /** When the user joined (ISO-8601 UTC). */
  readonly addedAt: string | null;
}
