import { useEffect, useRef, useState } from 'preact/hooks';
import { sessionApi } from '../api/endpoints';
import { useApp } from '../app/context';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { PageHeading } from '../components/PageHeading';
import { navigate } from '../router/history';
import { linkFromHash } from '../router/sign-in-link';

/**
 * Sign in with a client id and secret (any role can read), or with a one-time link
 * (`#link=<token>`, printed by `npm start` and `luco-server ui-link`). The server answers with an
 * HttpOnly cookie; the secret is sent once and kept nowhere in the browser.
 */
export function SignInPage({ next }: { next: string }) {
  const { api, session, setSession } = useApp();
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [usingLink, setUsingLink] = useState(false);
  const started = useRef(false);

  const signIn = async (credentials: { clientId: string; clientSecret: string } | { link: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await sessionApi.signIn(api, credentials);
      setSession(signedIn);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = linkFromHash(window.location.hash);
    if (window.location.hash) {
      // Take the token out of the address bar (and so out of history and bookmarks) at once.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    if (link) {
      setUsingLink(true);
      void signIn({ link });
    }
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setUsingLink(false);
    void signIn({ clientId: clientId.trim(), clientSecret });
  };

  return (
    <section class="sign-in" data-testid="sign-in">
      <PageHeading title="Sign in" />
      <p class="muted">Sign in with a LucoTS client id and secret. Any role can read the dashboard.</p>
      {session && (
        <p data-testid="already-signed-in">
          You are signed in as {session.name || session.clientId}. <Link href={next}>Continue</Link>
        </p>
      )}
      {usingLink && busy && (
        <p role="status" data-testid="sign-in-link-pending">
          Signing you in with your link…
        </p>
      )}
      {error !== undefined && <ErrorBox error={error} testId="sign-in-error" />}
      <form onSubmit={onSubmit} data-testid="sign-in-form" aria-busy={busy}>
        <label>
          Client id
          <input
            name="clientId"
            autocomplete="username"
            required
            value={clientId}
            onInput={(event) => setClientId(event.currentTarget.value)}
            data-testid="sign-in-client-id"
          />
        </label>
        <label>
          Client secret
          <input
            name="clientSecret"
            type="password"
            autocomplete="current-password"
            required
            value={clientSecret}
            onInput={(event) => setClientSecret(event.currentTarget.value)}
            data-testid="sign-in-client-secret"
          />
        </label>
        <button type="submit" class="primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p class="muted small">
        An administrator can make a one-time sign-in link with <code>luco-server ui-link --client &lt;clientId&gt;</code>.
      </p>
    </section>
  );
}
