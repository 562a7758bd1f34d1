import { boundContext, createEntityService, defineModule, hookPointOf, type OperationContext } from "@rapport/core";
import { contractEntity } from "./contracts/contract-entity.js";
import { contractTermsJob } from "./contracts/contract-terms-job.js";
import { contractsMigration } from "./contracts/contracts-migration.js";
import { currenciesMigration } from "./currencies/currencies-migration.js";
import { salesEvents } from "./events.js";
import { expenseEntity } from "./expenses/expense-entity.js";
import { expensesMigration } from "./expenses/expenses-migration.js";
import { forecastsMigration } from "./forecasts/forecasts-migration.js";
import { leadEntity } from "./leads/lead-entity.js";
import { leadRuleEntity } from "./leads/lead-rule-entity.js";
import { leadsMigration } from "./leads/leads-migration.js";
import { guardLineAmounts } from "./line-items/line-amount-guard.js";
import { lineItemsMigration } from "./line-items/line-items-migration.js";
import { DEFAULT_LOST_REASONS, lostReasonEntity } from "./lost-reasons/lost-reason-entity.js";
import { lostReasonsMigration } from "./lost-reasons/lost-reasons-migration.js";
import { opportunitiesMigration } from "./opportunities/opportunities-migration.js";
import { opportunityEntity } from "./opportunities/opportunity-entity.js";
import { checkoutsMigration } from "./orders/checkouts-migration.js";
import { orderEntity } from "./orders/order-entity.js";
import { ordersMigration } from "./orders/orders-migration.js";
import { dealRegistrationEntity } from "./partners/deal-registration-entity.js";
import { partnerEntity } from "./partners/partner-entity.js";
import { partnersMigration } from "./partners/partners-migration.js";
import { salesPermissions } from "./permissions.js";
import { DEFAULT_PIPELINE } from "./pipelines/default-pipeline.js";
import { pipelineEntity } from "./pipelines/pipeline-entity.js";
import { createPipelineIn } from "./pipelines/pipeline-service.js";
import { pipelinesMigration } from "./pipelines/pipelines-migration.js";
import { DEFAULT_PLAYBOOKS } from "./playbooks/default-playbooks.js";
import { writePlaybook } from "./playbooks/playbook-service.js";
import { playbooksMigration } from "./playbooks/playbooks-migration.js";
import { quotaEntity } from "./quotas/quota-entity.js";
import { quotasMigration } from "./quotas/quotas-migration.js";
import { quoteEntity } from "./quotes/quote-entity.js";
import { quoteExpiryJob } from "./quotes/quote-expiry-job.js";
import { quotesMigration } from "./quotes/quotes-migration.js";
import { createSalesClient } from "./sales-client.js";
import { settingsMigration } from "./settings/settings-migration.js";
import { opportunityNoteEntity } from "./team/opportunity-note-entity.js";
import { opportunityNoteRecordsMigration, teamMigration } from "./team/team-migration.js";
import { territoriesMigration } from "./territories/territories-migration.js";
import { territoryEntity } from "./territories/territory-entity.js";

/** Seeds a new tenant: the default pipeline with its playbooks, and the default lost reasons. */
async function seedTenant(op: OperationContext): Promise<void> {
  const pipeline = await createPipelineIn(op, DEFAULT_PIPELINE, true);
  for (const stage of pipeline.stages) {
    const playbook = DEFAULT_PLAYBOOKS[stage.key];
    if (playbook) await writePlaybook(op, stage, playbook);
  }
  const reasons = createEntityService(boundContext(op), lostReasonEntity);
  for (const reason of DEFAULT_LOST_REASONS) await reasons.create(reason);
}

/**
 * The sales module: pipelines and stages with playbooks, leads with web-to-lead capture,
 * routing and conversion, opportunities with stage history and competitors, and team
 * selling. Built with `defineModule` exactly as a plugin would be.
 *
 * Every new tenant gets the default pipeline (awareness → interest → evaluation → trial →
 * adoption, then won or lost), its playbooks and a starter list of lost reasons.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [sales()] });
 * await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
 * const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
 * const opp = await alice.sales.opportunities.create({ accountId, name: "Globex renewal", amount: 1_200_000, currency: "USD" });
 * await alice.sales.opportunities.moveStage(opp.id, "interest", { expectedVersion: opp.version });
 * ```
 */
export function sales() {
  return defineModule({
    name: "sales",
    migrations: [
      pipelinesMigration,
      playbooksMigration,
      lostReasonsMigration,
      territoriesMigration,
      leadsMigration,
      opportunitiesMigration,
      teamMigration,
      settingsMigration,
      currenciesMigration,
      lineItemsMigration,
      quotesMigration,
      ordersMigration,
      partnersMigration,
      contractsMigration,
      quotasMigration,
      expensesMigration,
      forecastsMigration,
      opportunityNoteRecordsMigration,
      checkoutsMigration,
    ],
    permissions: salesPermissions,
    entities: [
      pipelineEntity,
      lostReasonEntity,
      territoryEntity,
      leadRuleEntity,
      leadEntity,
      opportunityEntity,
      quoteEntity,
      orderEntity,
      partnerEntity,
      dealRegistrationEntity,
      contractEntity,
      quotaEntity,
      expenseEntity,
      opportunityNoteEntity,
    ],
    events: salesEvents,
    client: createSalesClient,
    // Verbs with a hook point beyond the entities' create/update/archive.
    hookPoints: {
      "opportunity.move_stage": hookPointOf<unknown>(),
      "opportunity.win": hookPointOf<unknown>(),
      "opportunity.lose": hookPointOf<unknown>(),
    },
    hooks: { "opportunity.update": guardLineAmounts },
    jobs: [quoteExpiryJob, contractTermsJob],
    onTenantCreated: seedTenant,
  });
}

/** The module `sales()` returns. */
export type SalesModule = ReturnType<typeof sales>;
