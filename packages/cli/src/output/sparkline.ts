/** A terminal sparkline: one Unicode block character per value, lowest to highest. */

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** Wider series are drawn as this many columns, each the mean of its share of the values. */
export const SPARKLINE_WIDTH = 60;

export function sparkline(values: readonly number[], width = SPARKLINE_WIDTH): string {
  const columns = values.length <= width ? [...values] : buckets(values, width);
  if (columns.length === 0) return '';
  const low = Math.min(...columns);
  const high = Math.max(...columns);
  // A flat series sits on the middle block, so it reads as "steady", not "all zero".
  if (high === low) return BLOCKS[3].repeat(columns.length);
  return columns.map((value) => BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(((value - low) / (high - low)) * BLOCKS.length))]).join('');
}

function buckets(values: readonly number[], width: number): number[] {
  const out: number[] = [];
  for (let column = 0; column < width; column += 1) {
    const start = Math.floor((column * values.length) / width);
    const end = Math.floor(((column + 1) * values.length) / width);
    let sum = 0;
    for (let index = start; index < end; index += 1) sum += values[index]!;
    out.push(sum / (end - start));
  }
  return out;
}
