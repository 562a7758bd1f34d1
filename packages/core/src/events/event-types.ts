/**
 * A declared event's payload type. Modules list their events with {@link eventOf} so the
 * scoped client and `crm.on` know every name and payload.
 */
export interface EventSpec<Data> {
  /** Phantom field carrying the payload type; never set at run time. */
  readonly __data?: Data;
}

/** Declares an event's payload type in a module's `events` map. */
export function eventOf<Data>(): EventSpec<Data> {
  return {};
}

/** A module's events: name (`entity.past_tense`) → payload spec. */
export type EventCatalog = Record<string, EventSpec<unknown>>;

/** Turns a catalog into name → payload. */
export type EventPayloads<C> = { [K in keyof C]: C[K] extends EventSpec<infer D> ? D : never };

/**
 * What a handler receives: the payload in `data`, plus where and when it happened.
 * `seq` is the event's position in the change feed.
 */
export interface CrmEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly seq: number;
  readonly tenantId: string;
  readonly actorId: string;
  readonly occurredAt: string;
  readonly data: Data;
}

/** The union of every event in a payload map, for `"*"` handlers. */
export type AnyCrmEvent<Map> = { [K in keyof Map & string]: CrmEvent<K, Map[K]> }[keyof Map & string];
