import { ForbiddenError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { Policy } from "../permissions/policy.js";

/**
 * Field-level security for one actor and entity type: hides fields from what is returned
 * and refuses writes to fields the actor may only read (or not see).
 */
export class FieldGuard {
  readonly #policy: Policy;
  readonly #op: OperationContext;
  readonly #entityType: string;

  private constructor(policy: Policy, op: OperationContext, entityType: string) {
    this.#policy = policy;
    this.#op = op;
    this.#entityType = entityType;
  }

  /** A guard for the actor of `op`, or `null` when none of its roles restricts fields of this entity. */
  static async for(op: OperationContext, entityType: string): Promise<FieldGuard | null> {
    const policy = await op.policy();
    return policy.hasFieldRules(op.actor, entityType) ? new FieldGuard(policy, op, entityType) : null;
  }

  #access(field: string) {
    return this.#policy.fieldAccess(this.#op.actor, this.#entityType, field);
  }

  /** The record without the fields the actor may not see. */
  redact<R extends object>(record: R): R {
    const copy = { ...record } as Record<string, unknown>;
    for (const key of Object.keys(copy)) if (this.#access(key) === "hidden") delete copy[key];
    const custom = copy.custom as Record<string, unknown> | undefined;
    if (custom) {
      copy.custom = Object.fromEntries(
        Object.entries(custom).filter(([key]) => this.#access(`custom.${key}`) !== "hidden"),
      );
    }
    return copy as R;
  }

  /** True when the actor may not see `field` (`custom.<key>` for a custom field). */
  hides(field: string): boolean {
    return this.#access(field) === "hidden";
  }

  /**
   * An audit entry's `changes` without the fields the actor may not see: hidden fields and
   * `custom.<key>` entries are dropped, and hidden keys are taken out of a whole `custom`
   * object (a new record's entry records `custom` as one value).
   */
  redactChanges(
    changes: Readonly<Record<string, readonly [unknown, unknown]>>,
  ): Record<string, readonly [unknown, unknown]> {
    const visible: Record<string, readonly [unknown, unknown]> = {};
    for (const key of Object.keys(changes)) {
      const change = changes[key] as readonly [unknown, unknown];
      if (this.hides(key)) continue;
      visible[key] = key === "custom" ? [this.#visibleCustom(change[0]), this.#visibleCustom(change[1])] : change;
    }
    return visible;
  }

  #visibleCustom(value: unknown): unknown {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !this.hides(`custom.${key}`)));
  }

  /**
   * Throws `ForbiddenError` when `input` sets a field the actor may not write. Fields in
   * `options.computed` are the module's to set (a status, a total), never the caller's, so
   * they are not checked; with `options.create`, a field left `null` is not a write.
   */
  assertWritable(
    input: Readonly<Record<string, unknown>>,
    options: { readonly computed?: ReadonlySet<string>; readonly create?: boolean } = {},
  ): void {
    const fields = Object.keys(input).filter(
      (k) =>
        k !== "custom" &&
        !options.computed?.has(k) &&
        !(options.create && (input[k] === null || input[k] === undefined)),
    );
    const custom = input.custom as Record<string, unknown> | undefined;
    for (const key of [...fields, ...Object.keys(custom ?? {}).map((k) => `custom.${k}`)]) {
      if (this.#access(key) !== "write") {
        throw new ForbiddenError(`${this.#op.actor.userId} may not change ${this.#entityType}.${key}`, {
          details: { field: key, entityType: this.#entityType },
        });
      }
    }
  }

  /** Throws `ForbiddenError` when a list filters or sorts by a field the actor may not see. */
  assertVisible(fields: readonly string[]): void {
    for (const field of fields) {
      if (this.#access(field) === "hidden") {
        throw new ForbiddenError(`${this.#op.actor.userId} may not see ${this.#entityType}.${field}`, {
          details: { field },
        });
      }
    }
  }
}
