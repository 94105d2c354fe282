/** A path into a parsed document: keys and list indexes. */
export type PathSegment = string | number;

/**
 * Reads a field path as the server writes it (`slotSequences[3].delivery[0].cadence`,
 * `name["a key"]`) into segments; a part it cannot read ends the path there.
 */
export function parseFieldPath(field: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /(?:^|\.)([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(field)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(`"${match[3]}"`) as string);
    if (pattern.lastIndex === field.length) break;
  }
  return segments;
}

/** Segments back to a path, as the server writes them. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_][\w-]*$/.test(segment) ? `${index === 0 ? '' : '.'}${segment}` : `[${JSON.stringify(segment)}]`))
    .join('');
}
