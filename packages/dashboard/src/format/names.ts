import type { NamePart } from '../api/types';

/** A sequence name's parts in order (the server sends positions; the order is not promised). */
export function orderedParts(name: readonly NamePart[]): { key: string; value: string }[] {
  return [...name].sort((a, b) => a.position - b.position).map((part) => part.slotParameter);
}

/** The short form people scan: the values in order, `acme / orders / daily`. */
export function sequenceLabel(name: readonly NamePart[]): string {
  const parts = orderedParts(name);
  return parts.length > 0 ? parts.map((part) => part.value).join(' / ') : '(no name)';
}

/** The full form, for titles and screen readers: `client=acme, feed=orders`. */
export function sequenceFullName(name: readonly NamePart[]): string {
  return orderedParts(name)
    .map((part) => `${part.key}=${part.value}`)
    .join(', ');
}
