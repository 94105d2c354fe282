import { Link } from '../components/Link';
import { PageHeading } from '../components/PageHeading';
import { href } from '../router/routes';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <section data-testid="not-found">
      <PageHeading title="Page not found" />
      <p>
        The dashboard has no page at <code>{path}</code>.
      </p>
      <p>
        <Link href={href.overview()}>Go to the estate overview</Link>
      </p>
    </section>
  );
}
