import { ApiError, describeError } from '../api/problem';

/** A failed request as a readable message: the problem's title and detail, the fields it named. */
export function ErrorBox({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const { title, detail } = describeError(error);
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div class="error-box" role="alert" data-testid={testId}>
      <strong class="error-title">{title}</strong>
      {detail && <p class="error-detail">{detail}</p>}
      {api && api.fields.length > 0 && (
        <ul class="error-fields">
          {api.fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
      {api?.retryAfterSeconds !== undefined && <p class="error-detail">Try again in {api.retryAfterSeconds} s.</p>}
      {api?.requestId && <p class="muted small">Request id {api.requestId}</p>}
    </div>
  );
}
