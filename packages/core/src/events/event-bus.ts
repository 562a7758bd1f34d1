import mitt, { type Emitter } from "mitt";
import type { CrmEvent } from "./event-types.js";

/**
 * Called when an event handler throws; the committed work stays committed. If the reporter
 * itself throws (or rejects), that is logged with `console.error` and delivery goes on.
 */
export type HandlerErrorReporter = (error: unknown, event: CrmEvent) => void;

/**
 * In-process delivery of committed events, on mitt. Handlers run in commit order;
 * one that throws (or rejects) is reported and does not stop the others — nor does a
 * reporter that throws: delivery runs after the commit, so nothing here may fail the call.
 */
export class EventBus {
  readonly #emitter: Emitter<Record<string, CrmEvent>> = mitt();
  readonly #onError: HandlerErrorReporter;

  constructor(onError: HandlerErrorReporter) {
    this.#onError = onError;
  }

  on(type: string, handler: (event: CrmEvent) => unknown): () => void {
    const safe = (event: CrmEvent) => this.#invoke(handler, event);
    if (type === "*") {
      const wildcard = (_type: string, event: CrmEvent) => safe(event);
      this.#emitter.on("*", wildcard);
      return () => this.#emitter.off("*", wildcard);
    }
    this.#emitter.on(type, safe);
    return () => this.#emitter.off(type, safe);
  }

  deliver(events: readonly CrmEvent[]): void {
    for (const event of events) this.#emitter.emit(event.type, event);
  }

  #invoke(handler: (event: CrmEvent) => unknown, event: CrmEvent): void {
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch((error: unknown) => this.#report(error, event));
    } catch (error) {
      this.#report(error, event);
    }
  }

  #report(error: unknown, event: CrmEvent): void {
    const fallback = (reporterError: unknown) =>
      console.error(`Rapport: onHandlerError failed while reporting a failed handler of ${event.type}`, {
        reporterError,
        handlerError: error,
      });
    try {
      const result: unknown = this.#onError(error, event);
      // A reporter typed to return void may still be async; its rejection must not go unhandled.
      if (result instanceof Promise) result.catch(fallback);
    } catch (reporterError) {
      fallback(reporterError);
    }
  }
}
