import type { OperationContext } from "./operation-context.js";

/**
 * A `before` hook on a domain verb. It may validate (throw a `CrmError` to veto: the whole
 * transaction rolls back), or enrich (return a changed payload). Returning nothing keeps the payload.
 */
export type BeforeHook<Payload, DB = any> = (
  payload: Payload,
  op: OperationContext<DB>,
) => Payload | undefined | void | Promise<Payload | undefined | void>;

/** Hook points: verb name (`account.create`) → payload type. Modules extend it with their own verbs. */
export type HookCatalog = Record<string, unknown>;

/** Marks a hook point's payload type in a module's `hookPoints`. */
export interface HookPointSpec<Payload> {
  readonly __payload?: Payload;
}

/** Declares a hook point's payload type. */
export function hookPointOf<Payload>(): HookPointSpec<Payload> {
  return {};
}

/** Hooks registered by name, run in registration order (modules in dependency order, then the host's). */
export class HookRegistry {
  readonly #hooks = new Map<string, BeforeHook<unknown>[]>();

  add(name: string, hook: BeforeHook<any>): () => void {
    const list = this.#hooks.get(name) ?? [];
    list.push(hook);
    this.#hooks.set(name, list);
    return () => {
      const at = list.indexOf(hook);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async run<P>(name: string, payload: P, op: OperationContext): Promise<P> {
    const list = this.#hooks.get(name);
    if (!list || list.length === 0) return payload;
    let current = payload;
    for (const hook of [...list]) {
      const next = await hook(current, op);
      if (next !== undefined) current = next as P;
    }
    return current;
  }

  /**
   * Runs the hooks for each payload of a batch, payload by payload in order. With no hook
   * registered it returns the payloads as they are, without awaiting once per payload.
   */
  async runEach<P>(name: string, payloads: readonly P[], op: OperationContext): Promise<P[]> {
    const list = this.#hooks.get(name);
    if (!list || list.length === 0) return [...payloads];
    const results: P[] = [];
    for (const payload of payloads) results.push(await this.run(name, payload, op));
    return results;
  }
}
