import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { type COMMENT_VISIBILITIES, commentSchema } from "./case-schema.js";

const caseCommentFields = {
  // The verb sets the case and the author: a comment is on the case it was added to, by its actor.
  caseId: field.text({ computed: true }),
  visibility: field.text<(typeof COMMENT_VISIBILITIES)[number]>(),
  author: field.text<"agent" | "customer">({ column: "author_kind" }),
  authorId: field.text({ computed: true }),
  body: field.text({ filterable: false, sortable: false }),
};

/**
 * Comments on a case, each its own record: adding one is not a change of the case (the case
 * changes only when the comment is its first response or reopens it). Only
 * `service.cases.comment` creates them; the record layer writes the audit row and
 * `case_comment.created`.
 */
export const caseCommentEntity = defineEntity({
  type: "case_comment",
  table: "service_case_comments",
  idPrefix: "cmt",
  fields: caseCommentFields,
  createSchema: commentSchema,
  patchSchema: commentSchema,
});

/** A comment as stored. */
export type CaseCommentRecord = EntityRecord<typeof caseCommentFields>;
