import { type OperationContext, parseInput } from "@rapport/core";
import * as z from "zod";
import { serviceDb } from "../shared/service-tables.js";
import { completeClocks } from "../sla/case-sla.js";
import { type CaseCommentRecord, caseCommentEntity } from "./case-comment-entity.js";
import { type Case, caseEntity } from "./case-entity.js";
import { moveCase } from "./case-lifecycle.js";
import { getCase, loadCase } from "./case-records.js";
import { COMMENT_VISIBILITIES, type CommentInput, type CommentVisibility, commentSchema } from "./case-schema.js";

/** A comment on a case. */
export interface CaseComment {
  readonly id: string;
  readonly caseId: string;
  readonly visibility: CommentVisibility;
  readonly author: "agent" | "customer";
  /** The user who recorded it. */
  readonly authorId: string;
  readonly body: string;
  readonly createdAt: string;
}

/** Options of `service.cases.comments`. */
export const commentsOptionsSchema = z
  .object({
    /** Only comments of this visibility: `public` is what the customer may see. */
    visibility: z.enum(COMMENT_VISIBILITIES).optional(),
  })
  .strict();
export type CommentsOptions = z.input<typeof commentsOptionsSchema>;

/**
 * Adds a comment. An agent's public comment is the case's first response (its clock stops);
 * a customer's comment on a pending case moves it back to open (its clocks run again).
 * Emits `case.commented`.
 */
export async function addComment(op: OperationContext, caseId: string, input: CommentInput): Promise<CaseComment> {
  const parsed = parseInput(commentSchema, input);
  let record: Case = await loadCase(op, caseId, { authorize: "comment" });
  if (parsed.author === "agent" && parsed.visibility === "public" && record.firstRespondedAt === null) {
    const { summary, breaches } = await completeClocks(op, record.id, ["first_response"]);
    record = await op
      .records(caseEntity)
      .change(
        record,
        { firstRespondedAt: op.timestamp, ...summary },
        { action: "first_response", events: () => breaches },
      );
  }
  if (parsed.author === "customer" && record.status === "pending") {
    record = await moveCase(op, record, { to: "open", reason: "The customer replied" });
  }
  // A comment is its own record: the layer audits it and announces it, `case.commented` after `case_comment.created`.
  const [created] = await op.records(caseCommentEntity).insert(
    [
      {
        caseId: record.id,
        visibility: parsed.visibility,
        author: parsed.author,
        authorId: op.actor.userId,
        body: parsed.body,
      },
    ],
    {
      events: (c) => [
        {
          type: "case.commented",
          data: { id: c.caseId, commentId: c.id, visibility: c.visibility, author: c.author },
        },
      ],
    },
  );
  const { id, createdAt } = created as CaseCommentRecord;
  const comment: CaseComment = {
    id,
    caseId: record.id,
    visibility: parsed.visibility,
    author: parsed.author,
    authorId: op.actor.userId,
    body: parsed.body,
    createdAt,
  };
  return comment;
}

/** A case's comments, oldest first. */
export async function listComments(
  op: OperationContext,
  caseId: string,
  options: CommentsOptions,
): Promise<CaseComment[]> {
  const { visibility } = parseInput(commentsOptionsSchema, options);
  const { id } = await getCase(op, caseId);
  let query = serviceDb(op)
    .selectFrom("service_case_comments")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", id);
  if (visibility) query = query.where("visibility", "=", visibility);
  const rows = await query.orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    visibility: r.visibility as CommentVisibility,
    author: r.author_kind as "agent" | "customer",
    authorId: r.author_id,
    body: r.body,
    createdAt: r.created_at,
  }));
}
