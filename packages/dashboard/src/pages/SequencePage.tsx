import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { sequenceApi } from '../api/endpoints';
import type { SlotSequence } from '../api/types';
import { useApp } from '../app/context';
import { useResource } from '../app/use-resource';
import { calendarWindow, layoutCalendar } from '../calendar/layout';
import { loadChartCode } from '../charts/chart-code';
import { seriesKey } from '../charts/series-data';
import { TREND_WINDOWS, trendDays } from '../charts/trend-window';
import { Calendar, CalendarLegend } from '../components/Calendar';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { MetricChart } from '../components/MetricChart';
import { PageHeading } from '../components/PageHeading';
import { Time } from '../components/Time';
import { addDays, todayIn } from '../format/dates';
import { orderedParts, sequenceFullName, sequenceLabel } from '../format/names';
import { href } from '../router/routes';
import { activeSchedule, describeCadence, describeSpan } from '../state/schedule';

/** A sequence: its calendar of slots, its schedule and parameters, and its metric trends. */
export function SequencePage({ sequenceId, query }: { sequenceId: number; query: URLSearchParams }) {
  const { api } = useApp();
  // The trend charts' code downloads while the sequence and its metrics load (a failure here is
  // retried, and shown, by the chart that needs it).
  useEffect(() => {
    loadChartCode().catch(() => undefined);
  }, []);
  const sequence = useResource(`sequence:${sequenceId}`, (signal) => sequenceApi.get(api, sequenceId, signal), { sequenceId });
  const data = sequence.data;
  const title = data ? sequenceLabel(data.definition.name) : `Sequence ${sequenceId}`;
  return (
    <section data-testid="sequence" data-sequence-id={sequenceId}>
      <nav class="crumbs" aria-label="Breadcrumbs">
        <Link href={href.overview()}>Estate</Link>
        <span aria-current="page">{title}</span>
      </nav>
      <PageHeading title={title} />
      {sequence.error !== undefined && <ErrorBox error={sequence.error} />}
      {!data && sequence.loading && <Loading what="Loading the sequence" />}
      {data && <SequenceBody sequence={data} query={query} />}
    </section>
  );
}

function SequenceBody({ sequence, query }: { sequence: SlotSequence; query: URLSearchParams }) {
  const schedule = activeSchedule(sequence.delivery);
  const zone = schedule?.timeZone;
  return (
    <>
      <p class="muted" title={sequenceFullName(sequence.definition.name)}>
        {sequence.definition.type.slotSequenceTypeName ?? 'No type'} · {sequence.cadence ?? 'unscheduled'}
        {!sequence.isActive && ' · archived'}
      </p>
      <SequenceCalendar sequence={sequence} query={query} zone={zone} />
      <SequenceTrends sequence={sequence} query={query} zone={zone} />
      <ScheduleSection sequence={sequence} />
      <ParametersSection sequence={sequence} />
    </>
  );
}

function SequenceCalendar({ sequence, query, zone }: { sequence: SlotSequence; query: URLSearchParams; zone: string | undefined }) {
  const { api } = useApp();
  const id = sequence.slotSequenceId;
  const today = todayIn(zone ?? 'UTC');
  const span = calendarWindow(query, today);
  const calendar = useResource(`calendar:${id}:${span.from}:${span.to}`, (signal) => sequenceApi.calendar(api, id, { from: span.from, to: span.to }, signal), {
    sequenceId: id,
  });
  const keep = (params: Record<string, string>) => ({ ...params, days: query.get('days') });
  const monthParams = keep({ view: 'month', month: span.from.slice(0, 7) });
  // The week view opens on today's week when today is on screen, else on the first day shown.
  const weekAnchor = span.view === 'week' ? span.anchor : today >= span.from && today <= span.to ? today : span.from;
  const weekParams = keep({ view: 'week', week: weekAnchor });
  const calendarZone = calendar.data?.timeZone ?? zone;
  return (
    <section aria-labelledby="calendar-heading" data-testid="calendar-section">
      <h2 id="calendar-heading">Slots</h2>
      <div class="calendar-nav">
        <nav class="tabs" aria-label="Calendar view">
          <Link href={href.sequence(id, monthParams)} aria-current={span.view === 'month' ? 'page' : undefined} data-testid="calendar-view-month">
            Month
          </Link>
          <Link href={href.sequence(id, weekParams)} aria-current={span.view === 'week' ? 'page' : undefined} data-testid="calendar-view-week">
            Week
          </Link>
        </nav>
        <Link href={href.sequence(id, keep(span.previous))} class="button" data-testid="calendar-previous" aria-label={`Previous ${span.view}`}>
          ←
        </Link>
        <h3 data-testid="calendar-title">{span.title}</h3>
        <Link href={href.sequence(id, keep(span.next))} class="button" data-testid="calendar-next" aria-label={`Next ${span.view}`}>
          →
        </Link>
        <span class="muted small">Days in {calendarZone ?? 'UTC'}</span>
      </div>
      {calendar.error !== undefined && <ErrorBox error={calendar.error} />}
      {!calendar.data && calendar.loading && <Loading what="Loading the calendar" />}
      {calendar.data && (
        <>
          <Calendar layout={layoutCalendar(calendar.data.slots, span.from, span.to, today)} zone={calendarZone} view={span.view} />
          {calendar.data.truncated && <p class="muted small">This window holds more slots than one page shows: the latest are shown.</p>}
        </>
      )}
      <CalendarLegend />
    </section>
  );
}

function SequenceTrends({ sequence, query, zone }: { sequence: SlotSequence; query: URLSearchParams; zone: string | undefined }) {
  const { api } = useApp();
  const id = sequence.slotSequenceId;
  const days = trendDays(query);
  const to = todayIn(zone ?? 'UTC');
  const from = addDays(to, -(days - 1));
  const series = useResource(`metrics:${id}:${from}:${to}`, (signal) => sequenceApi.metricSeries(api, id, { from, to }, signal), { sequenceId: id });
  const base = Object.fromEntries(query.entries());
  return (
    <section aria-labelledby="trends-heading" data-testid="trends-section">
      <h2 id="trends-heading">Metric trends</h2>
      <nav class="tabs" aria-label="Trend window">
        {TREND_WINDOWS.map((choice) => (
          <Link key={choice} href={href.sequence(id, { ...base, days: choice })} aria-current={choice === days ? 'page' : undefined} data-testid={`trend-window-${choice}`}>
            {choice} days
          </Link>
        ))}
      </nav>
      {series.error !== undefined && <ErrorBox error={series.error} />}
      {!series.data && series.loading && <Loading what="Loading metrics" />}
      {series.data && series.data.series.length === 0 && <p class="muted">No numeric metrics in the last {days} days.</p>}
      {series.data && series.data.series.length > 0 && (
        <div class="charts">
          {series.data.series.map((item) => (
            <MetricChart key={seriesKey(item)} series={item} zone={zone} />
          ))}
        </div>
      )}
    </section>
  );
}

function ScheduleSection({ sequence }: { sequence: SlotSequence }) {
  const schedules = sequence.delivery ?? [];
  return (
    <section aria-labelledby="schedule-heading" data-testid="schedule-section">
      <h2 id="schedule-heading">Schedule</h2>
      {schedules.length === 0 && <p>Unscheduled: slots are created by the pipelines that deliver them.</p>}
      {schedules.length > 0 && (
        <div class="table-wrap">
          <table class="data" data-testid="schedule-table">
            <thead>
              <tr>
                <th scope="col">In force</th>
                <th scope="col">When</th>
                <th scope="col">Time zone</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule, index) => (
                <tr key={index} data-active={schedule.isActive ? 'true' : 'false'}>
                  <td>{schedule.isActive ? 'Yes' : 'No'}</td>
                  <td>{describeCadence(schedule)}</td>
                  <td>{schedule.timeZone}</td>
                  <td>{describeSpan(schedule)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <dl class="kv">
        <dt>Next expected slot</dt>
        <dd data-testid="next-expected">{sequence.nextExpectedSlot ?? '—'}</dd>
        <dt>Name</dt>
        <dd>
          {orderedParts(sequence.definition.name).map((part) => (
            <span key={part.key}>
              <code>
                {part.key}={part.value}
              </code>{' '}
            </span>
          ))}
        </dd>
        <dt>Created</dt>
        <dd>
          <Time iso={sequence.createdOn} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <Time iso={sequence.updatedOn} />
        </dd>
      </dl>
    </section>
  );
}

function ParametersSection({ sequence }: { sequence: SlotSequence }) {
  const groups = sequence.parameters.slotParameterGroups;
  return (
    <section aria-labelledby="parameters-heading" data-testid="parameters-section">
      <h2 id="parameters-heading">Parameters</h2>
      {groups.length === 0 && <p class="muted">No parameters.</p>}
      <div class="cards">
        {groups.map((group) => (
          <div class="card" key={group.slotParameterGroupName} data-testid="parameter-group">
            <h3>{group.slotParameterGroupName}</h3>
            <dl class="kv">
              {group.slotParameters.map((parameter) => (
                <Fragment key={parameter.key}>
                  <dt>{parameter.key}</dt>
                  <dd>
                    <code>{parameter.value}</code>
                  </dd>
                </Fragment>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}
