import { createEntityService, type EntityService, type ModuleContext } from "@rapport/core";
import { type Technician, technicianEntity } from "./technician-entity.js";
import type { CreateTechnicianInput, UpdateTechnicianInput } from "./technician-schema.js";

/** Technicians: the standard service. */
export type TechnicianService = EntityService<Technician, CreateTechnicianInput, UpdateTechnicianInput>;

/** Builds `client.service.technicians`. */
export function createTechnicianService(ctx: ModuleContext): TechnicianService {
  return createEntityService(ctx, technicianEntity);
}
