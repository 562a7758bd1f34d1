import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { createQueueSchema, type QueueDistribution, updateQueueSchema } from "./queue-schema.js";

const queueFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  distribution: field.text<QueueDistribution>(),
};

/** Service queues: where cases wait, and how they are handed to the agents who are members. */
export const queueEntity = defineEntity({
  type: "service_queue",
  table: "service_queues",
  idPrefix: "que",
  fields: queueFields,
  createSchema: createQueueSchema,
  patchSchema: updateQueueSchema,
});

/** A service queue as stored and returned. */
export type Queue = EntityRecord<typeof queueFields>;

/** A member of a queue: an agent who can receive its cases. */
export interface QueueMember {
  readonly queueId: string;
  readonly userId: string;
  readonly available: boolean;
  /** When the member last received a case from this queue. */
  readonly lastAssignedAt: string | null;
  /** Unresolved cases (new, open, pending) assigned to the member. */
  readonly openCases: number;
}
