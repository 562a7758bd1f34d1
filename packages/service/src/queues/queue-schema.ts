import { longTextSchema, nameSchema, userIdSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/**
 * How a queue hands out work: `round_robin` (members take turns), `least_loaded` (the member
 * with the fewest unresolved cases), or `manual` (cases wait in the queue for someone to take them).
 */
export const QUEUE_DISTRIBUTIONS = ["round_robin", "least_loaded", "manual"] as const;
export type QueueDistribution = (typeof QUEUE_DISTRIBUTIONS)[number];

/** Input of `service.queues.create`. `distribution` defaults to `"round_robin"`. */
export const createQueueSchema = withRecordExtensions(
  z
    .object({
      name: nameSchema,
      description: longTextSchema.nullable().optional(),
      distribution: z.enum(QUEUE_DISTRIBUTIONS).default("round_robin"),
    })
    .strict(),
);
export type CreateQueueInput = z.input<typeof createQueueSchema>;

/** Input of `service.queues.update`. */
export const updateQueueSchema = withRecordExtensions(
  z
    .object({
      name: nameSchema,
      description: longTextSchema.nullable(),
      distribution: z.enum(QUEUE_DISTRIBUTIONS),
    })
    .partial()
    .strict(),
);
export type UpdateQueueInput = z.input<typeof updateQueueSchema>;

/** Input of `service.queues.addMember`: a host user id and whether they take work now. */
export const queueMemberSchema = z
  .object({
    userId: userIdSchema,
    /** Members who are away keep their place but receive no work. @default true */
    available: z.boolean().default(true),
  })
  .strict();
export type QueueMemberInput = z.input<typeof queueMemberSchema>;
