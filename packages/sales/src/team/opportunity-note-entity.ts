import { defineEntity, type EntityRecord, field, idSchema } from "@rapport/core";
import { addNoteSchema } from "./team-schema.js";

const opportunityNoteFields = {
  opportunityId: field.text(),
  body: field.text({ filterable: false, sortable: false }),
  // The verb sets it to the actor: a note is signed by whoever wrote it.
  authorId: field.text({ computed: true }),
};

/**
 * Notes shared with an opportunity's team, each its own record: adding one does not change
 * the opportunity, so a reader's note never conflicts with the owner's edits. Only
 * `opportunities.addNote` creates them (the record layer writes the audit row and
 * `opportunity_note.created`).
 */
export const opportunityNoteEntity = defineEntity({
  type: "opportunity_note",
  table: "sales_opportunity_notes",
  idPrefix: "onote",
  fields: opportunityNoteFields,
  createSchema: addNoteSchema.extend({ opportunityId: idSchema("opp") }).strict(),
  patchSchema: addNoteSchema.partial().strict(),
});

/** A note as stored. */
export type OpportunityNoteRecord = EntityRecord<typeof opportunityNoteFields>;
