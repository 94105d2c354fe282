/**
 * IANA time zone validation and cached formatters. Intl is the only source of
 * zone data (no runtime dependencies), and building a DateTimeFormat is slow,
 * so one formatter per zone is reused.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
let canonicalCasing: Map<string, string> | undefined;

/** A formatter that prints wall-clock fields in `timeZone`; throws RangeError for unknown zones. */
export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  // Intl matches zone names case-insensitively, so lower-case keys bound the cache.
  const key = timeZone.toLowerCase();
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * The zone name with its canonical casing ('europe/london' -> 'Europe/London'),
 * or undefined if it is not an IANA zone. Aliases such as 'Asia/Kolkata' are
 * kept as written: ICU may resolve them to older names users would not expect.
 */
export function canonicalTimeZone(name: string): string | undefined {
  // Offsets like '+05:30' are not IANA names, whatever newer Intl versions accept.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  let resolved: string;
  try {
    resolved = wallClockFormatter(name).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  canonicalCasing ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  const lower = name.toLowerCase();
  return canonicalCasing.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : name);
}
