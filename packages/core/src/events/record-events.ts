/** Payload of `<entity>.created`. */
export interface RecordEventData {
  readonly id: string;
  readonly version: number;
}

/** Payload of `<entity>.updated` and `<entity>.archived`: which fields changed. */
export interface RecordUpdatedData extends RecordEventData {
  readonly changed: readonly string[];
}
