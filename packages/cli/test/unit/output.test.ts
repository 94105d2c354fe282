import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { colourEnabled } from '../../src/output/colour.js';
import { renderFields, renderTable } from '../../src/output/table.js';

const plain = pc.createColors(false);
const coloured = pc.createColors(true);

describe('renderTable', () => {
  const rows = [
    { id: 7, name: 'client=acme', status: 'Completed' },
    { id: 1234, name: 'client=bigger-name', status: null },
  ];
  type Row = (typeof rows)[number];
  // As in the commands, styles use the colours of the stream being written.
  const columnsFor = (colours: typeof plain) => [
    { header: 'id', value: (row: Row) => row.id, align: 'right' as const },
    { header: 'name', value: (row: Row) => row.name },
    { header: 'status', value: (row: Row) => row.status, style: (text: string) => colours.green(text) },
  ];

  it('aligns columns, right-aligns numbers, shows empty cells as -, leaves no trailing spaces', () => {
    expect(renderTable(columnsFor(plain), rows, plain)).toBe(['  id  name                status', '   7  client=acme         Completed', '1234  client=bigger-name  -', ''].join('\n'));
  });

  it('applies colour after padding, so escape codes do not shift the columns', () => {
    const text = renderTable(columnsFor(coloured), rows, coloured);
    // eslint-disable-next-line no-control-regex
    const visible = text.replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible).toBe(renderTable(columnsFor(plain), rows, plain));
    expect(text).toContain('\x1b[32mCompleted');
  });

  it('renderFields aligns keys', () => {
    expect(renderFields([['slotId', 1], ['submissionId', null]], plain)).toBe('slotId        1\nsubmissionId  -\n');
  });
});

describe('colourEnabled', () => {
  it('only on a terminal, never with NO_COLOR set and not empty, never on a dumb terminal', () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({}, { FORCE_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});
