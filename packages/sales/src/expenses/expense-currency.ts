import type { OperationContext } from "@rapport/core";
import { rateOn } from "../currencies/exchange-rates.js";
import { noExchangeRate } from "../errors.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";

/**
 * An expense is in the corporate currency, or in one with a rate to it on or before the
 * day it was spent — otherwise its totals could not be reported: `ValidationError` (reason
 * `no_exchange_rate`) at `currency`.
 */
export async function requireConvertible(op: OperationContext, currency: string, spentOn: string): Promise<void> {
  const corporate = await corporateCurrencyOf(op);
  if (currency === corporate) return;
  if ((await rateOn(op, currency, corporate, spentOn)) === null)
    throw noExchangeRate(["currency"], currency, corporate, spentOn);
}
