import type { QualityCollection } from '../api/types';
import { formatValue } from '../format/values';
import { checkView } from '../submission/quality';
import { Time } from './Time';
import { ToneBadge } from './ToneBadge';

function Pairs({ pairs }: { pairs: [string, string][] }) {
  if (pairs.length === 0) return <span class="muted">—</span>;
  return (
    <dl class="kv small">
      {pairs.map(([key, text]) => [
        <dt key={`${key}:k`}>{key}</dt>,
        <dd key={`${key}:v`}>
          <code>{text}</code>
        </dd>,
      ])}
    </dl>
  );
}

/** Where the collection came from, when the record says: tool and data set (v1 records). */
function origin(collection: QualityCollection): string | undefined {
  const parts = [collection['tool'], collection['dataSet'] ?? collection['dataset']].filter((part) => typeof part === 'string' && part !== '').map(formatValue);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** A submission's quality results: each collection with each check, its arguments, observed values and action. */
export function QualityCollections({ collections, zone }: { collections: QualityCollection[]; zone: string | undefined }) {
  if (collections.length === 0) return <p class="muted">No quality results.</p>;
  return (
    <div data-testid="quality">
      {collections.map((collection) => {
        const source = origin(collection);
        return (
          <article
            key={collection.qualityId}
            class="card"
            data-testid="quality-collection"
            data-success={collection.success ? 'true' : 'false'}
            data-action={collection.action}
          >
            <h3 class="heading-row">
              <span>{collection.stage ?? 'Quality'}</span>
              <ToneBadge info={collection.success ? { tone: 'delivered', label: 'Passed', symbol: '✓' } : { tone: 'quality', label: 'Failed checks', symbol: '◆' }} />
              <ToneBadge info={collection.action === 'Cancelled' ? { tone: 'failed', label: 'Pipeline cancelled', symbol: '⊘' } : { tone: 'pending', label: 'Pipeline continued', symbol: '→' }} />
            </h3>
            <p class="muted small">
              Recorded <Time iso={collection.createdOn} zone={zone} />
              {source && ` · ${source}`}
            </p>
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Result</th>
                    <th scope="col">Check</th>
                    <th scope="col">Arguments</th>
                    <th scope="col">Observed</th>
                    <th scope="col">On failure</th>
                  </tr>
                </thead>
                <tbody>
                  {collection.checks.map((check, index) => {
                    const view = checkView(check);
                    return (
                      <tr key={index} data-testid="quality-check" data-success={view.success ? 'true' : 'false'}>
                        <td class={view.success ? 'check-ok' : 'check-failed'}>
                          <span aria-hidden="true">{view.success ? '✓ ' : '✕ '}</span>
                          {view.success ? 'Passed' : 'Failed'}
                        </td>
                        <td>
                          <span data-testid="quality-check-text">{view.text}</span>
                          {view.tags.length > 0 && <div class="muted small">{view.tags.join(', ')}</div>}
                          {view.referenceUrl && (
                            <div class="small">
                              <a href={view.referenceUrl} target="_blank" rel="noopener noreferrer">
                                Details
                              </a>
                            </div>
                          )}
                        </td>
                        <td data-testid="quality-check-args">
                          <Pairs pairs={view.args} />
                        </td>
                        <td data-testid="quality-check-observed">
                          <Pairs pairs={view.observed} />
                        </td>
                        <td data-testid="quality-check-action">{view.action ?? <span class="muted">—</span>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </article>
        );
      })}
    </div>
  );
}
