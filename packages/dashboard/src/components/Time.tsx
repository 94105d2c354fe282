import { formatInstant, zoneTitle } from '../format/time';

/**
 * An instant in the viewer's zone; its `title` shows the same moment in `zone` (the sequence's
 * schedule zone) when given, else in UTC, so a hover tells the schedule's own clock.
 */
export function Time({ iso, zone, seconds }: { iso: string | null | undefined; zone?: string | undefined; seconds?: boolean }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={zoneTitle(iso, zone ?? 'UTC')}>
      {formatInstant(iso, { seconds: seconds ?? false })}
    </time>
  );
}
