/** Shown while a view's first data loads (later refreshes keep the old data on screen). */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading muted" role="status" aria-live="polite" data-testid="loading">
      {what}…
    </p>
  );
}
