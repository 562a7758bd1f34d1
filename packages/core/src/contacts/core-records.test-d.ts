import { describe, expectTypeOf, it } from "vitest";
import type { Account } from "../accounts/account-entity.js";
import type { Address } from "../accounts/address-schema.js";
import type { Crm } from "../crm/create-crm.js";
import type { Page } from "../entities/list-query.js";
import type { PriceBookEntry } from "../products/price-book-entries.js";
import type { Price } from "../products/price-book-service.js";
import type { Product } from "../products/product-entity.js";
import type { Contact } from "./contact-entity.js";
import type { ContactEmail, ContactPhone } from "./contact-schema.js";

type Client = ReturnType<Crm<readonly []>["as"]>;

describe("contacts, products, price books and the account hierarchy are typed on every scoped client", () => {
  it("types the lookups and the hierarchy", () => {
    const client = {} as Client;
    expectTypeOf(client.contacts.findByEmail).returns.resolves.toEqualTypeOf<Contact | null>();
    expectTypeOf(client.products.findBySku).returns.resolves.toEqualTypeOf<Product | null>();
    expectTypeOf(client.accounts.ancestors).returns.resolves.toEqualTypeOf<Account[]>();
    expectTypeOf(client.accounts.descendants).returns.resolves.toEqualTypeOf<Page<Account>>();
    expectTypeOf(client.priceBooks.priceOf).returns.resolves.toEqualTypeOf<Price>();
    expectTypeOf(client.priceBooks.setEntries).returns.resolves.toEqualTypeOf<PriceBookEntry[]>();
  });

  it("types the record fields", () => {
    expectTypeOf<Contact["emails"]>().toEqualTypeOf<ContactEmail[]>();
    expectTypeOf<Contact["phones"]>().toEqualTypeOf<ContactPhone[]>();
    expectTypeOf<Contact["mailingAddress"]>().toEqualTypeOf<Address | null>();
    expectTypeOf<Account["parentId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Account["employeeCount"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Product["allowFractionalQuantity"]>().toEqualTypeOf<boolean>();
  });

  it("accepts a record's own contact points back as input and refuses unknown keys", () => {
    const client = {} as Client;
    const contact = {} as Contact;
    void client.contacts.update(contact.id, { emails: contact.emails, phones: contact.phones });
    // @ts-expect-error primaryEmail is derived, not an input
    void client.contacts.create({ lastName: "X", primaryEmail: "x@example.com" });
    // @ts-expect-error a price book's currency is fixed at creation
    void client.priceBooks.update("pbk_x", { currency: "USD" });
  });

  it("types the new events' payloads", () => {
    const crm = {} as Crm<readonly []>;
    crm.on("price_book.entry_set", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<{
        readonly id: string;
        readonly productId: string;
        readonly version: number;
      }>();
    });
    crm.on("contact.updated", (event) => {
      expectTypeOf(event.data.changed).toEqualTypeOf<readonly string[]>();
    });
    crm.on("product.created", (event) => {
      expectTypeOf(event.data.id).toEqualTypeOf<string>();
    });
  });
});
