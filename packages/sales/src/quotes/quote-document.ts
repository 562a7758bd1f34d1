import { formatMoney } from "../documents/money-format.js";
import type { Quote, QuoteLine } from "./quote-view.js";

/** Who a quote is addressed to, for the printed document; `null` for a name the reader may not see. */
export interface QuoteParties {
  readonly accountName: string | null;
  readonly contactName: string | null;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Escaped text, or nothing for a field the reader's roles hide (absent from the quote). */
function shown(value: string | null | undefined): string {
  return value == null ? "" : escapeHtml(value);
}

function percent(value: number): string {
  return `${value.toLocaleString("en-US", { maximumFractionDigits: 3 })} %`;
}

function quantity(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

function lineRow(line: QuoteLine, currency: string): string {
  const description = line.description === null ? "" : `<div class="desc">${escapeHtml(line.description)}</div>`;
  return `<tr>
<td>${line.position}</td>
<td><div class="product">${escapeHtml(line.productName)}</div><div class="sku">${escapeHtml(line.sku)}</div>${description}</td>
<td class="num">${quantity(line.quantity)}</td>
<td class="num">${formatMoney(line.unitPrice, currency)}</td>
<td class="num">${line.discountPercent > 0 ? percent(line.discountPercent) : ""}</td>
<td class="num">${formatMoney(line.netAmount, currency)}</td>
<td class="num">${percent(line.taxRatePercent)}</td>
<td class="num">${formatMoney(line.totalAmount, currency)}</td>
</tr>`;
}

/**
 * The quote as a self-contained, print-ready HTML document (A4, page breaks between lines
 * only): header, addressee, lines and totals, notes and terms. Every text taken from the
 * records is HTML-escaped, so names and notes cannot inject markup. A text field absent
 * from `quote` (hidden from the reader) is left out; its prices MUST be present.
 */
export function renderQuoteHtml(quote: Quote, lines: readonly QuoteLine[], parties: QuoteParties): string {
  const money = (amount: number) => formatMoney(amount, quote.currency);
  const title = [quote.displayNumber, quote.name]
    .filter((part) => part != null)
    .map(escapeHtml)
    .join(" — ");
  const account = parties.accountName === null ? "" : `<div>${escapeHtml(parties.accountName)}</div>`;
  const contact = parties.contactName === null ? "" : `<div>Attn: ${escapeHtml(parties.contactName)}</div>`;
  const header =
    quote.headerDiscountPercent > 0 ? ` (includes ${percent(quote.headerDiscountPercent)} quote discount)` : "";
  const notes =
    quote.notes == null ? "" : `<section class="notes"><h2>Notes</h2><p>${escapeHtml(quote.notes)}</p></section>`;
  const terms =
    quote.terms == null ? "" : `<section class="terms"><h2>Terms</h2><p>${escapeHtml(quote.terms)}</p></section>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: system-ui, sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 11pt; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border-bottom: 0.3mm solid #ccc; padding: 1.5mm; vertical-align: top; text-align: left; }
tr { page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.sku, .desc { color: #555; font-size: 8.5pt; }
.totals { width: 45%; margin-left: auto; margin-top: 4mm; }
.totals .grand td { font-weight: bold; border-top: 0.5mm solid #111; }
.notes p, .terms p { white-space: pre-wrap; }
</style>
</head>
<body>
<header>
<h1>Quote ${shown(quote.displayNumber)}</h1>
<div>${shown(quote.name)}</div>
<div>Status: ${shown(quote.status)} · Valid until ${shown(quote.validUntil)} · Currency ${escapeHtml(quote.currency)}</div>
</header>
<section class="to"><h2>Prepared for</h2>${account}${contact}</section>
<table class="lines">
<thead><tr><th>#</th><th>Item</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Discount</th><th class="num">Net</th><th class="num">Tax rate</th><th class="num">Total</th></tr></thead>
<tbody>
${lines.map((line) => lineRow(line, quote.currency)).join("\n")}
</tbody>
</table>
<table class="totals">
<tr><td>Subtotal</td><td class="num">${money(quote.subtotal)}</td></tr>
<tr><td>Discounts${header}</td><td class="num">${money(-quote.discountTotal)}</td></tr>
<tr><td>Net</td><td class="num">${money(quote.netTotal)}</td></tr>
<tr><td>Tax</td><td class="num">${money(quote.taxTotal)}</td></tr>
<tr class="grand"><td>Total</td><td class="num">${money(quote.grandTotal)}</td></tr>
</table>
${notes}
${terms}
</body>
</html>
`;
}
