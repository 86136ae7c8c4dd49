/** The modules field: technical names separated by commas or white space, without duplicates. */
export function parseModules(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((name) => name.trim().toLowerCase()).filter(Boolean))];
}
