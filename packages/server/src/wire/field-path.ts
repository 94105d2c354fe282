/**
 * A field path as problem documents write it: `metrics[0].metric`, `runData.cluster.node`. A NUL
 * in a key is written as the six characters `\u0000` so the path can be read (and stored) anywhere.
 */
export function childPath(parent: string, segment: string | number): string {
  if (typeof segment === 'number') return `${parent}[${segment}]`;
  const key = segment.replaceAll('\u0000', '\\u0000');
  return parent === '' ? key : `${parent}.${key}`;
}
