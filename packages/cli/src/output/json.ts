/**
 * Machine output. One document per command (indented, still one `JSON.parse`), except the
 * overviews, which stream JSON Lines: one compact object per row as each page arrives.
 */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value ?? null, null, 2)}\n`;
}

export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value ?? null)}\n`;
}
