import {
  boundContext,
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  type WriteOptions,
} from "@rapport/core";
import { type SyncVerbs, syncVerbs } from "../internal/sync-verbs.js";
import { createContract, createContractFromOrder, updateContract } from "./contract-create.js";
import { type Contract, contractEntity } from "./contract-entity.js";
import { activateContract, renewContract, terminateContract } from "./contract-lifecycle.js";
import type {
  CreateContractInput,
  FromOrderOptions,
  RenewContractOptions,
  TerminateContractOptions,
  UpdateContractInput,
} from "./contract-schema.js";
import { updateContractSchema } from "./contract-schema.js";

/**
 * Sales contracts: an account's term (start and end, both days included), value, billing
 * frequency and auto-renew flag. `draft` → `activate` → `active` → `expired` (term over),
 * `terminated` (ended early) or `renewed` (followed by the next contract).
 * `crm.jobs.runDue()` fires `contract.renewal_due` once, `renewalNoticeDays` before the end
 * (the tenant's setting unless the contract has its own), and at the end renews
 * auto-renewing contracts and expires the others.
 */
export interface ContractService extends SyncVerbs<Contract, CreateContractInput> {
  /** A standalone draft contract. An end before the start is a `ValidationError`. Emits `contract.created`. */
  create(input: CreateContractInput): Promise<Contract>;
  /**
   * A draft contract from a confirmed order: its account, currency and net total as the
   * value; the term starts on the order date and lasts 12 months unless told otherwise.
   *
   * @example
   * ```ts
   * const contract = await rep.sales.contracts.createFromOrder(order.id, { billingFrequency: "monthly", autoRenew: true });
   * ```
   */
  createFromOrder(orderId: string, options: FromOrderOptions): Promise<Contract>;
  get(id: string): Promise<Contract>;
  list(options?: ListOptions): Promise<Page<Contract>>;
  /** Changes a draft. Emits `contract.updated`. */
  update(id: string, patch: UpdateContractInput, options?: WriteOptions): Promise<Contract>;
  /** Activates a draft whose term has not ended. Emits `contract.activated`. */
  activate(id: string, options?: WriteOptions): Promise<Contract>;
  /** Ends an active contract early, with a reason. Emits `contract.terminated`. */
  terminate(id: string, options: TerminateContractOptions): Promise<Contract>;
  /**
   * Renews an active or expired contract: returns the next contract (a draft unless
   * `activate`), starting the day after the end for the same term and value unless told
   * otherwise, and opens a renewal opportunity with `createOpportunity`. Emits `contract.renewed`.
   */
  renew(id: string, options?: RenewContractOptions): Promise<Contract>;
  archive(id: string, options?: WriteOptions): Promise<Contract>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), contractEntity);

/** Builds the contract service of one scoped client. */
export function createContractService(ctx: ModuleContext): ContractService {
  // A verb returns the contract without the fields the actor's roles hide.
  const run = (fn: (op: OperationContext) => Promise<Contract>) =>
    ctx.run(async (op) => op.records(contractEntity).shown(await fn(op)));
  const shown = (op: OperationContext, contract: Contract) => op.records(contractEntity).shown(contract);
  return {
    ...syncVerbs<Contract, CreateContractInput>(ctx, {
      entity: contractEntity,
      patchSchema: updateContractSchema,
      create: async (op, input) => shown(op, await createContract(op, input)),
      update: async (op, id, patch) => shown(op, await updateContract(op, id, patch, {})),
    }),
    create: (input) => run((op) => createContract(op, input)),
    createFromOrder: (orderId, options) => run((op) => createContractFromOrder(op, orderId, options)),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options = {}) => run((op) => updateContract(op, id, patch, options)),
    activate: (id, options = {}) => run((op) => activateContract(op, id, options)),
    terminate: (id, options) => run((op) => terminateContract(op, id, options)),
    renew: (id, options = {}) => run((op) => renewContract(op, id, options)),
    archive: (id, options = {}) => ctx.run((op) => records(op).archive(id, options)),
  };
}
