/**
 * A loader whose callers share one load: the first call starts it, later calls get the same
 * promise. A failed load is forgotten, so the next call tries again (one dropped connection
 * must not leave the page without charts for good).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
