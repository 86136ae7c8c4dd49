/**
 * `INV-2026-000042`: the year of the billed period and a gapless sequence per year (the
 * counter row is updated in the invoice's own transaction, so a rollback leaves no gap).
 */
export function formatInvoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}
