import { NotFoundError, type OperationContext, ValidationError } from "@rapport/core";

/** What the content area reads of a sales stage. */
export interface StageView {
  readonly key: string;
  readonly retiredAt: string | null;
}

/** What the content area reads of a pipeline. */
export interface PipelineView {
  readonly id: string;
  readonly stages: readonly StageView[];
}

/** What the content area reads of an opportunity. */
export interface OpportunityView {
  readonly id: string;
  readonly pipelineId: string;
  readonly stageKey: string;
}

/**
 * The public clients the content area calls, as it expects them. Reached through
 * `op.client()` so the actor's scopes apply and reads join the operation's transaction; the
 * sales module is optional and absent when not installed.
 */
export interface ContentPeers {
  readonly accounts: { get(id: string): Promise<{ readonly type: string; readonly archivedAt: string | null }> };
  readonly products: { get(id: string): Promise<{ readonly archivedAt: string | null }> };
  readonly sales?: {
    readonly pipelines: { get(id: string): Promise<PipelineView>; getDefault(): Promise<PipelineView> };
    readonly opportunities: {
      get(id: string): Promise<OpportunityView>;
      competitors(id: string): Promise<readonly { readonly accountId: string }[]>;
    };
  };
}

/** The actor's scoped client bound to this operation, typed with what the content area uses. */
export function contentPeersOf(op: OperationContext): ContentPeers {
  return op.client() as unknown as ContentPeers;
}

/** The sales client, or a `ValidationError` at `path` saying stages need the sales module. */
export function salesOf(op: OperationContext, path: readonly PropertyKey[]): NonNullable<ContentPeers["sales"]> {
  const sales = contentPeersOf(op).sales;
  if (!sales)
    throw ValidationError.forField(
      path,
      "Sales stages and opportunities need the sales module, which is not installed",
    );
  return sales;
}

/** Runs `load`; a `NotFoundError` becomes a `ValidationError` at `path` (a link the input names). */
export async function linked<T>(path: readonly PropertyKey[], message: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError) throw ValidationError.forField(path, message);
    throw error;
  }
}
