import {
  type BeforeHook,
  CRUD_ACTIONS,
  createEntityService,
  eventOf,
  ForbiddenError,
  idSchema,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import type { CleansingPart } from "../cleansing-part.js";
import type { MatchEntityType } from "../matching/index.js";
import { activeRules, checkDuplicateRules, type DuplicateDetectedPayload, type DuplicateMatch } from "./rule-check.js";
import { duplicateRuleEntity } from "./rule-entity.js";
import { type DuplicateAlertTables, duplicateRulesMigration } from "./rules-migration.js";

/** An alert an `alert` rule recorded. */
export interface DuplicateAlert {
  readonly id: string;
  readonly ruleId: string;
  readonly entityType: string;
  readonly recordId: string;
  readonly operation: "create" | "update";
  /** The stored records it matched that the reader may see, best first. */
  readonly candidates: readonly DuplicateMatch[];
  readonly detectedAt: string;
  readonly actorId: string;
}

/** The payload of the entity service's `<type>.update` hook. */
interface UpdatePayload {
  readonly id: string;
  readonly patch: Readonly<Record<string, unknown>>;
  readonly before: Readonly<Record<string, unknown>>;
  /** Set by `merge.apply`: folding duplicates together is what the rules ask for, so they stand aside. */
  readonly cleansingMerge?: true;
}

/** The `before` hooks that run the rules of `type` on create (one at a time or imported) and update. */
function ruleHooks(type: MatchEntityType): Record<string, BeforeHook<any, DuplicateAlertTables>> {
  return {
    [`${type}.create`]: async (values: Record<string, unknown>, op) => {
      if ((await activeRules(op, type)).length === 0) return undefined;
      // An alert names the record: the id it will be stored under is given here.
      const prefix = op.entityDefinition(type)?.idPrefix ?? type;
      const withId = typeof values.id === "string" ? values : { ...values, id: op.newId(prefix) };
      await checkDuplicateRules(op, type, withId, "create", null);
      return withId;
    },
    [`${type}.update`]: async (payload: UpdatePayload, op) => {
      if (payload.cleansingMerge) return undefined;
      await checkDuplicateRules(
        op,
        type,
        { ...payload.before, ...payload.patch },
        "update",
        Object.keys(payload.patch),
      );
      return undefined;
    },
  };
}

/** The duplicate-rules area's events. */
export const rulesEvents = {
  "duplicate.detected": eventOf<DuplicateDetectedPayload>(),
  "duplicate_rule.created": eventOf<{ id: string; version: number }>(),
  "duplicate_rule.updated": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
  "duplicate_rule.archived": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
};

/** Which entity types get duplicate rules: leads only when the host says sales is installed. */
export interface DuplicateRuleOptions {
  /**
   * Apply duplicate rules to leads too (`lead.create` — which web-to-lead capture and imports
   * run — and `lead.update`). Needs `sales()` among the modules: a hook on a verb nobody
   * declares is refused by `createCrm`. @default false
   */
  readonly leads?: boolean;
}

/** Alerts recorded on a record, newest first. */
function alertRows(op: OperationContext<DuplicateAlertTables>, recordId: string) {
  return op.db
    .selectFrom("cleansing_duplicate_alerts")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("record_id", "=", recordId)
    .orderBy("id", "desc")
    .execute();
}

const rulesClient = (ctx: ModuleContext) => ({
  rules: {
    /** Duplicate rules: create / createMany / get / list / update / archive (admins; managers read). */
    ...createEntityService(ctx, duplicateRuleEntity),
    /** Alerts recorded on a record the actor may read, newest first; candidates the actor may not read are left out. */
    alerts: (recordId: string): Promise<DuplicateAlert[]> =>
      ctx.read(async (op) => {
        const id = parseInput(idSchema(), recordId);
        const entity = op
          .knownEntityTypes()
          .map((type) => op.entityDefinition(type))
          .find((definition) => definition !== undefined && id.startsWith(`${definition.idPrefix}_`));
        if (!entity) throw new NotFoundError("record", id);
        const records = op.records(entity);
        await records.get(id);
        const readable = async (candidate: DuplicateMatch) => {
          try {
            await records.get(candidate.id);
            return true;
          } catch (error) {
            if (error instanceof NotFoundError || error instanceof ForbiddenError) return false;
            throw error;
          }
        };
        const alerts: DuplicateAlert[] = [];
        for (const row of await alertRows(op, id)) {
          const candidates: DuplicateMatch[] = [];
          for (const candidate of JSON.parse(row.candidates) as DuplicateMatch[]) {
            if (await readable(candidate)) candidates.push(candidate);
          }
          alerts.push({
            id: row.id,
            ruleId: row.rule_id,
            entityType: row.entity_type,
            recordId: row.record_id,
            operation: row.operation === "update" ? "update" : "create",
            candidates,
            detectedAt: row.detected_at,
            actorId: row.actor_id,
          });
        }
        return alerts;
      }),
  },
});

/** `client.cleansing.rules`: duplicate rules (records) and the alerts they recorded. */
export type RulesClient = ReturnType<typeof rulesClient>;

/** The duplicate-rules area of the cleansing module. */
export function rulesPart(options: DuplicateRuleOptions = {}): CleansingPart<RulesClient> {
  const types: MatchEntityType[] = ["contact", "account", "product", ...(options.leads ? (["lead"] as const) : [])];
  return {
    migrations: [duplicateRulesMigration],
    entities: [duplicateRuleEntity],
    permissions: {
      entities: { duplicate_rule: [...CRUD_ACTIONS] },
      roles: { sales_manager: { "duplicate_rule:read": "all" }, read_only: { "duplicate_rule:read": "all" } },
    },
    events: rulesEvents,
    hooks: Object.assign({}, ...types.map(ruleHooks)),
    jobs: [],
    client: rulesClient,
  };
}
