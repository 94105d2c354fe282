import type { JSX } from 'preact';

/** The row a list key moves to: j / ArrowDown next, k / ArrowUp previous; undefined for other keys. */
export function rowStep(key: string): -1 | 1 | undefined {
  if (key === 'j' || key === 'ArrowDown') return 1;
  if (key === 'k' || key === 'ArrowUp') return -1;
  return undefined;
}

/**
 * Keyboard movement through a table's rows: with focus on a row's link (`[data-row-link]`),
 * j/k or the arrow keys focus the next or previous row's link.
 */
export function onRowKeyDown(event: JSX.TargetedKeyboardEvent<HTMLElement>): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const step = rowStep(event.key);
  const target = event.target as HTMLElement | null;
  if (step === undefined || !target?.matches('[data-row-link]')) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-row-link]'));
  const next = links[links.indexOf(target) + step];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}
