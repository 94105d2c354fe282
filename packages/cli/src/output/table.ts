import type { Colours } from './colour.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
  /** Applied after padding, so escape codes never upset the alignment. */
  style?: (text: string, row: T) => string;
}

/** An aligned plain-text table: a header row, then one line per row; empty cells print as `-`. */
export function renderTable<T>(columns: ReadonlyArray<Column<T>>, rows: readonly T[], colours: Colours): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => (line[index] ?? '').length)));
  const pad = (text: string, index: number): string => {
    const width = widths[index] ?? text.length;
    return columns[index]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const last = columns.length - 1;
  const header = columns.map((column, index) => colours.bold(index === last ? column.header : pad(column.header, index))).join('  ');
  const lines = cells.map((line, rowIndex) =>
    line
      .map((text, index) => {
        const column = columns[index];
        const row = rows[rowIndex];
        // The last column is not padded, so lines carry no trailing spaces.
        const padded = index === last && column?.align !== 'right' ? text : pad(text, index);
        return column?.style && row !== undefined ? column.style(padded, row) : padded;
      })
      .join('  '),
  );
  return `${[header, ...lines].join('\n')}\n`;
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** `key  value` lines, keys aligned; for one record's details. */
export function renderFields(fields: ReadonlyArray<readonly [string, string | number | boolean | null | undefined]>, colours: Colours): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${colours.dim(key.padEnd(width))}  ${cellText(value)}\n`).join('');
}
