import { useEffect, useState } from 'preact/hooks';
import { estateApi } from '../api/endpoints';
import type { SequenceOverviewItem } from '../api/types';
import { useApp } from '../app/context';
import { useResource } from '../app/use-resource';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { onRowKeyDown } from '../components/list-keys';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { Pager } from '../components/Pager';
import { Time } from '../components/Time';
import { ToneBadge } from '../components/ToneBadge';
import { sequenceFullName, sequenceLabel } from '../format/names';
import {
  CADENCES,
  estateApiQuery,
  estateUrlQuery,
  pageCount,
  PAGE_SIZE,
  readEstateQuery,
  sortedBy,
  splitList,
  STATUS_FILTERS,
  type EstateQuery,
  type SortKey,
  type StatusFilter,
} from '../overview/estate-query';
import { navigate } from '../router/history';
import { href } from '../router/routes';
import { sequenceState, sequenceStateTone } from '../state/tones';

const STATUS_LABELS: Record<StatusFilter, string> = { all: 'Any', overdue: 'Has overdue slots', failed: 'Has failed slots', healthy: 'Nothing overdue or failed' };

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'slotSequence', label: 'Sequence' },
  { key: 'type', label: 'Type' },
  { key: 'cadence', label: 'Cadence' },
  { key: 'slots', label: 'Slots', numeric: true },
  { key: 'overdue', label: 'Overdue', numeric: true },
  { key: 'failed', label: 'Failed', numeric: true },
  { key: 'lastDelivery', label: 'Last delivery' },
  { key: 'upcoming', label: 'Next expected' },
];

function go(query: EstateQuery): void {
  navigate(href.overview(estateUrlQuery(query)));
}

/** The estate: every slot sequence with its state now, filtered, searched, sorted and paged by the server. */
export function OverviewPage({ query: params }: { query: URLSearchParams }) {
  const { api } = useApp();
  const query = readEstateQuery(params);
  const apiQuery = estateApiQuery(query);
  const key = JSON.stringify(apiQuery);
  const result = useResource(key, (signal) => estateApi.sequences(api, apiQuery, signal), { anySlot: true });

  const [search, setSearch] = useState(query.q);
  const [types, setTypes] = useState(query.types.join(', '));
  useEffect(() => {
    setSearch(query.q);
    setTypes(query.types.join(', '));
  }, [query.q, query.types.join(',')]);

  const applyText = (event: Event) => {
    event.preventDefault();
    go({ ...query, q: search.trim(), types: splitList(types), page: 1 });
  };

  const data = result.data;
  const pages = data ? pageCount(data.totalCount, PAGE_SIZE) : 1;
  return (
    <section data-testid="overview">
      <PageHeading title="Estate overview" />
      <p class="muted" data-testid="overview-count" aria-live="polite">
        {data ? `${data.totalCount} ${query.archived ? 'archived' : 'active'} sequence${data.totalCount === 1 ? '' : 's'}` : ' '}
      </p>
      <form class="filters" onSubmit={applyText} data-testid="overview-filters" role="search">
        <label>
          Search name values
          <input
            type="search"
            name="q"
            value={search}
            placeholder="e.g. acme orders"
            onInput={(event) => setSearch(event.currentTarget.value)}
            data-testid="filter-search"
          />
        </label>
        <label>
          Status
          <select value={query.status} onChange={(event) => go({ ...query, status: event.currentTarget.value as StatusFilter, page: 1 })} data-testid="filter-status">
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <input name="type" value={types} placeholder="comma-separated" onInput={(event) => setTypes(event.currentTarget.value)} data-testid="filter-type" />
        </label>
        <label>
          Cadence
          <select value={query.cadence} onChange={(event) => go({ ...query, cadence: event.currentTarget.value, page: 1 })} data-testid="filter-cadence">
            <option value="">Any</option>
            {CADENCES.map((cadence) => (
              <option key={cadence} value={cadence}>
                {cadence}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={query.archived} onChange={(event) => go({ ...query, archived: event.currentTarget.checked, page: 1 })} data-testid="filter-archived" />
          Archived
        </label>
        <button type="submit" data-testid="filter-apply">
          Apply
        </button>
        <Link href={href.overview()} class="button" data-testid="filter-clear">
          Clear
        </Link>
      </form>
      {result.error !== undefined && <ErrorBox error={result.error} />}
      {!data && result.loading && <Loading what="Loading sequences" />}
      {data && (
        <>
          <div class="table-wrap">
            <table class="data" data-testid="sequence-table" aria-describedby="overview-keys">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  {COLUMNS.map((column) => (
                    <th
                      key={column.key}
                      scope="col"
                      class={column.numeric ? 'num' : undefined}
                      aria-sort={query.sort === column.key ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      <button type="button" class="sort" onClick={() => go(sortedBy(query, column.key))} data-testid={`sort-${column.key}`}>
                        {column.label}
                        {query.sort === column.key ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody onKeyDown={onRowKeyDown}>
                {data.slotSequences.map((item) => (
                  <SequenceRow key={item.slotSequenceId} item={item} />
                ))}
              </tbody>
            </table>
          </div>
          {data.slotSequences.length === 0 && (
            <p data-testid="overview-empty">
              No sequence matches these filters.
            </p>
          )}
          <p id="overview-keys" class="muted small">
            Tip: with a sequence link focused, j and k (or the arrow keys) move between rows.
          </p>
          <Pager page={query.page} pages={pages} total={data.totalCount} noun="sequences" hrefFor={(page) => href.overview(estateUrlQuery({ ...query, page }))} />
        </>
      )}
    </section>
  );
}

function SequenceRow({ item }: { item: SequenceOverviewItem }) {
  const state = sequenceState(item);
  const last = item.lastDeliverySlot;
  const next = item.upcomingSlot;
  return (
    <tr data-testid="sequence-row" data-sequence-id={item.slotSequenceId} data-state={state}>
      <td>
        <ToneBadge info={sequenceStateTone(state)} testId="sequence-state" />
      </td>
      <td>
        <Link href={href.sequence(item.slotSequenceId)} title={sequenceFullName(item.name)} data-row-link="" data-testid="sequence-link">
          {sequenceLabel(item.name)}
        </Link>
      </td>
      <td>{item.type ?? <span class="muted">—</span>}</td>
      <td>{item.cadence ?? <span class="muted">unscheduled</span>}</td>
      <td class="num">{item.slots}</td>
      <td class="num" data-testid="overdue-count">
        {item.overdueCount}
      </td>
      <td class="num" data-testid="failed-count">
        {item.failedCount}
      </td>
      <td>
        {last ? (
          <>
            <Link href={href.slot(last.slotId)}>{last.tag}</Link>{' '}
            <span class="muted small">
              <Time iso={last.deliveredOn} />
            </span>
          </>
        ) : (
          <span class="muted">never</span>
        )}
      </td>
      <td>
        {next ? (
          <>
            {next.tag}{' '}
            <span class="muted small">
              by <Time iso={next.expectedBy} />
            </span>
          </>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
    </tr>
  );
}
