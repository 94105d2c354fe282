import type { ComponentChildren } from 'preact';
import { submissionApi } from '../api/endpoints';
import type { MetricRecord, StatusEvent } from '../api/types';
import { useApp } from '../app/context';
import { useResource, type Resource } from '../app/use-resource';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { QualityCollections } from '../components/QualityCollections';
import { RunEnvironmentLinks } from '../components/RunEnvironmentLinks';
import { StatusTimeline } from '../components/StatusTimeline';
import { Time } from '../components/Time';
import { ToneBadge } from '../components/ToneBadge';
import { isDate } from '../format/dates';
import { sequenceLabel } from '../format/names';
import { between, formatDuration, formatNumber } from '../format/time';
import { href } from '../router/routes';
import { activeSchedule } from '../state/schedule';
import { statusTone, submissionTone } from '../state/tones';
import { stageName } from '../submission/timeline';

/** A part of the page with its own request: its error or loading state, else its content. */
function Part<T>({ resource, what, children }: { resource: Resource<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (resource.data !== undefined) {
    return (
      <>
        {resource.error !== undefined && <ErrorBox error={resource.error} />}
        {children(resource.data)}
      </>
    );
  }
  if (resource.error !== undefined) return <ErrorBox error={resource.error} />;
  return <Loading what={what} />;
}

/** One run of a slot: status timeline, metrics, quality checks, where it ran, and its messages. */
export function SubmissionPage({ slotId, submissionId }: { slotId: number; submissionId: number }) {
  const { api } = useApp();
  const interest = { slotId };
  const prefix = `${slotId}/${submissionId}`;
  const details = useResource(`details:${prefix}`, (signal) => submissionApi.details(api, slotId, submissionId, signal), interest);
  const statuses = useResource(`statuses:${prefix}`, (signal) => submissionApi.statuses(api, slotId, submissionId, signal), interest);
  const metrics = useResource(`metrics:${prefix}`, (signal) => submissionApi.metrics(api, slotId, submissionId, signal), interest);
  const quality = useResource(`quality:${prefix}`, (signal) => submissionApi.quality(api, slotId, submissionId, signal), interest);
  const runs = useResource(`runs:${prefix}`, (signal) => submissionApi.runEnvironments(api, slotId, submissionId, signal), interest);
  const data = details.data;
  const zone = activeSchedule(data?.slotSequence.delivery)?.timeZone;
  const title = `Submission #${submissionId}`;
  return (
    <section data-testid="submission" data-submission-id={submissionId}>
      <nav class="crumbs" aria-label="Breadcrumbs">
        <Link href={href.overview()}>Estate</Link>
        {data && (
          <Link href={href.sequence(data.slotSequence.slotSequenceId, isDate(data.slot.tag) ? { view: 'month', month: data.slot.tag.slice(0, 7) } : undefined)}>
            {sequenceLabel(data.slotSequence.definition.name)}
          </Link>
        )}
        {data && <Link href={href.slot(slotId)}>{data.slot.tag}</Link>}
        <span aria-current="page">#{submissionId}</span>
      </nav>
      <PageHeading title={title} />
      {details.error !== undefined && <ErrorBox error={details.error} />}
      {!data && details.loading && <Loading what="Loading the submission" />}
      {data && (
        <dl class="kv" data-testid="submission-summary">
          <dt>Status</dt>
          <dd>
            <ToneBadge info={submissionTone(data.submission.lastSubmissionStatus)} testId="submission-status" />
          </dd>
          <dt>Started</dt>
          <dd>
            <Time iso={data.submission.startedOn} zone={zone} seconds />
          </dd>
          <dt>Ended</dt>
          <dd>
            <Time iso={data.submission.endedOn} zone={zone} seconds />
          </dd>
          <dt>Took</dt>
          <dd>{formatDuration(between(data.submission.startedOn, data.submission.endedOn))}</dd>
          <dt>Slot</dt>
          <dd>
            <Link href={href.slot(slotId)}>{data.slot.tag}</Link> <ToneBadge info={statusTone(data.slot.slotStatus)} />
            {data.slot.expectedBy && (
              <span class="muted small">
                {' '}
                due <Time iso={data.slot.expectedBy} zone={zone} />
              </span>
            )}
          </dd>
        </dl>
      )}

      <h2>Status timeline</h2>
      <Part resource={statuses} what="Loading the status history">
        {(answer) => <StatusTimeline events={answer.statuses} zone={zone} runStart={data?.submission.startedOn ?? undefined} />}
      </Part>

      <h2>Metrics</h2>
      <Part resource={metrics} what="Loading metrics">
        {(answer) => <MetricsTable metrics={answer.slotSubmissionMetrics} zone={zone} />}
      </Part>

      <h2>Quality checks</h2>
      <Part resource={quality} what="Loading quality results">
        {(answer) => <QualityCollections collections={answer.collections} zone={zone} />}
      </Part>

      <h2>Run environments</h2>
      <Part resource={runs} what="Loading run environments">
        {(answer) => <RunEnvironmentLinks environments={answer.runEnvironments} detailed />}
      </Part>

      <h2>Messages</h2>
      <Part resource={statuses} what="Loading messages">
        {(answer) => <MessagesTable events={answer.statuses} zone={zone} />}
      </Part>
    </section>
  );
}

function MetricsTable({ metrics, zone }: { metrics: MetricRecord[]; zone: string | undefined }) {
  if (metrics.length === 0) return <p class="muted">No metrics recorded.</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Metric</th>
            <th scope="col" class="num">
              Value
            </th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric, index) => (
            <tr key={index} data-testid="metric-row" data-metric={metric.metric}>
              <td>{metric.stage ?? <span class="muted">—</span>}</td>
              <td>{metric.metric}</td>
              <td class="num">{typeof metric.value === 'number' ? formatNumber(metric.value) : metric.value}</td>
              <td>
                <Time iso={metric.createdOn} zone={zone} seconds />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every status event as reported, with its message: what the run said about itself. */
function MessagesTable({ events, zone }: { events: StatusEvent[]; zone: string | undefined }) {
  if (events.length === 0) return <p class="muted">No messages.</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="messages-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Stage</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
            <th scope="col">Type</th>
            <th scope="col">Run id</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.statusId} data-testid="message-row">
              <td>
                <Time iso={event.createdOn} zone={zone} seconds />
              </td>
              <td>{stageName(event.stage)}</td>
              <td>
                <ToneBadge info={submissionTone(event.status)} />
              </td>
              <td>{event.message ? <pre>{event.message}</pre> : <span class="muted">—</span>}</td>
              <td>{event.type ?? <span class="muted">—</span>}</td>
              <td>{event.runId ? <code>{event.runId}</code> : <span class="muted">—</span>}</td>
              <td>{event.modifiedBy ?? <span class="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
