import {
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  NotFoundError,
  parseInput,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
import { readAudience } from "../email/email-audience.js";
import { mergeDataSchema } from "../email/send-schema.js";
import { checkTemplate, type RenderedParts, renderTemplate } from "./template-engine.js";
import {
  type CreateTemplateInput,
  type EmailTemplate,
  templateEntity,
  type UpdateTemplateInput,
} from "./template-entity.js";

/** Input of `templates.preview`: the contact to render for, and the send's `data`. */
export const previewSchema = z.object({ contactId: idSchema("con"), data: mergeDataSchema.optional() }).strict();

/**
 * `client.marketing.templates`: the standard service (create, get, list, update, archive…;
 * saving checks syntax and merge fields) and `preview`.
 */
export interface TemplateService extends EntityService<EmailTemplate, CreateTemplateInput, UpdateTemplateInput> {
  /**
   * Renders a template for one contact as the caller may see it (placeholder unsubscribe
   * link and tracking token). A contact field the caller's roles hide: `ForbiddenError`.
   */
  preview(templateId: string, input: z.input<typeof previewSchema>): Promise<RenderedParts>;
}

/** Builds `client.marketing.templates`. */
export function createTemplateService(ctx: ModuleContext): TemplateService {
  return {
    ...createEntityService(ctx, templateEntity),
    preview: (templateId, input) =>
      ctx.read(async (op) => {
        const id = parseInput(idSchema("etpl"), templateId);
        const parsed = parseInput(previewSchema, input);
        const template = await op.records(templateEntity).get(id);
        const used = checkTemplate(template, ["template"]);
        const [contact] = await readAudience(op, [parsed.contactId], ["contactId"]).catch((error: unknown) => {
          throw error instanceof NotFoundError ? ValidationError.forField(["contactId"], "Unknown contact") : error;
        });
        return renderTemplate(
          template,
          {
            contact: contact?.merge ?? {},
            unsubscribe_url: "https://unsubscribe.invalid/preview",
            tracking_token: "preview",
            data: parsed.data ?? {},
          },
          used,
        );
      }),
  };
}
