import { type AccountService, createAccountService } from "../accounts/account-service.js";
import { type ActivityService, createActivityService } from "../activities/activity-service.js";
import { type AuditService, createAuditService } from "../audit/audit-service.js";
import { type CalendarService, createCalendarService } from "../calendar/calendar-service.js";
import { type ContactService, createContactService } from "../contacts/contact-service.js";
import { type CustomFieldService, createCustomFieldService } from "../custom-fields/custom-field-service.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { createPriceBookService, type PriceBookService } from "../products/price-book-service.js";
import { createProductService, type ProductService } from "../products/product-service.js";
import { createRoleService, type RoleService } from "../roles/role-service.js";
import { createSearchService, type SearchService } from "../search/search-service.js";
import { createTeamService, type TeamService } from "../users/team-service.js";
import { createUserService, type UserService } from "../users/user-service.js";

export type { AccountService };

/** The services of `@rapport/core` on every scoped client. */
export interface CoreServices extends PeopleServices {
  /** Companies the tenant deals with. */
  readonly accounts: AccountService;
  /** People the tenant deals with, usually at an account. */
  readonly contacts: ContactService;
  /** What the tenant sells, by SKU. */
  readonly products: ProductService;
  /** Prices of products per currency, with volume tiers. */
  readonly priceBooks: PriceBookService;
  /** The audit trail. */
  readonly audit: AuditService;
  /** Tenant-defined custom fields. */
  readonly customFields: CustomFieldService;
  /** Tenant-defined roles (grants and field rules). */
  readonly roles: RoleService;
  /** Full-text search across every searchable record type the actor may read; see {@link SearchService}. */
  readonly search: SearchService;
}

/** The services of users and teams, activities and the calendar, added to {@link CoreServices}. */
export interface PeopleServices {
  /** CRM user profiles keyed by the host's user ids, and the manager line. */
  readonly users: UserService;
  /** Teams and their members (what the `team` record scope reads). */
  readonly teams: TeamService;
  /** Calls, emails, meetings, notes and tasks on any record, and each record's timeline. */
  readonly activities: ActivityService;
  /** Appointments, reminders, agendas and double-booking checks. */
  readonly calendar: CalendarService;
}

/** How each core service is built for a scoped client (on first use). Add new core services here. */
export const CORE_SERVICES: { readonly [K in keyof CoreServices]: (ctx: ModuleContext) => CoreServices[K] } = {
  accounts: (ctx) => createAccountService(ctx),
  contacts: (ctx) => createContactService(ctx),
  products: (ctx) => createProductService(ctx),
  priceBooks: (ctx) => createPriceBookService(ctx),
  audit: (ctx) => createAuditService(ctx),
  users: (ctx) => createUserService(ctx),
  teams: (ctx) => createTeamService(ctx),
  activities: (ctx) => createActivityService(ctx),
  calendar: (ctx) => createCalendarService(ctx),
  customFields: (ctx) => createCustomFieldService(ctx),
  roles: (ctx) => createRoleService(ctx),
  search: (ctx) => createSearchService(ctx),
};
