import { Link } from './Link';

/** Previous / next links and where the viewer is, for a server-paged list. */
export function Pager({ page, pages, total, hrefFor, noun }: { page: number; pages: number; total: number; hrefFor: (page: number) => string; noun: string }) {
  return (
    <nav class="pager" aria-label={`${noun} pages`} data-testid="pager">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} rel="prev" data-testid="pager-previous">
          ← Previous
        </Link>
      ) : (
        <span class="muted" aria-hidden="true">
          ← Previous
        </span>
      )}
      <span data-testid="pager-position">
        Page {page} of {pages} · {total} {noun}
      </span>
      {page < pages ? (
        <Link href={hrefFor(page + 1)} rel="next" data-testid="pager-next">
          Next →
        </Link>
      ) : (
        <span class="muted" aria-hidden="true">
          Next →
        </span>
      )}
    </nav>
  );
}
