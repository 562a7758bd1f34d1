import { plainAddress, plainCountryCode } from "../accounts/address-schema.js";
import { plainCustomValues, plainExternalIds } from "../entities/base-record.js";
import { plainTags } from "../entities/record-extensions.js";
import { plain } from "./common-schemas.js";

/**
 * Readers of plain values for core's shared schemas, to build an entity's `plainCreate`
 * from (see `plain-input.ts`): each answers as its schema does, or `UNSURE`.
 */
export const plainFields = Object.freeze({
  /** `nameSchema` */
  name: plain.name,
  /** `longTextSchema` */
  longText: plain.longText,
  /** `userIdSchema` */
  userId: plain.userId,
  /** `currencySchema` */
  currency: plain.currency,
  /** `moneyAmountSchema` */
  moneyAmount: plain.moneyAmount,
  /** `countryCodeSchema` */
  countryCode: plainCountryCode,
  /** `addressSchema` */
  address: plainAddress,
  /** `customValuesSchema` */
  customValues: plainCustomValues,
  /** `externalIdsSchema` */
  externalIds: plainExternalIds,
  /** `tagsSchema` */
  tags: plainTags,
});

/**
 * The rules of the keys every record's input ends with — `custom`, `externalIds`, `tags`,
 * all optional — to spread last into a `plainInput.strictObject`.
 */
export const plainExtensionRules = Object.freeze({
  custom: { read: plainCustomValues },
  externalIds: { read: plainExternalIds },
  tags: { read: plainTags },
});
