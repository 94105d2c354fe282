import { alertsApi } from '../api/endpoints';
import type { Alert, AlertChannel, AlertRule, AlertState } from '../api/types';
import { ALERT_FILTERS, ALERTS_PAGE_SIZE, alertsApiQuery, alertsUrlQuery, formatSeconds, readAlertsQuery, type AlertFilter, type AlertsQuery } from '../alerts/alerts-query';
import { isAdmin, useApp } from '../app/context';
import { useResource } from '../app/use-resource';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { Pager } from '../components/Pager';
import { Time } from '../components/Time';
import { ToneBadge } from '../components/ToneBadge';
import { sequenceLabel } from '../format/names';
import { navigate } from '../router/history';
import { href } from '../router/routes';
import { pageCount } from '../overview/estate-query';
import type { ToneInfo } from '../state/tones';

const FILTER_LABELS: Record<AlertFilter, string> = { active: 'Open and pending', resolved: 'Resolved', cancelled: 'Cancelled', all: 'All' };

const STATE_TONES: Record<AlertState, ToneInfo> = {
  pending: { tone: 'late', label: 'Pending', symbol: '◷' },
  open: { tone: 'overdue', label: 'Open', symbol: '!' },
  resolved: { tone: 'delivered', label: 'Resolved', symbol: '✓' },
  cancelled: { tone: 'pending', label: 'Cancelled', symbol: '○' },
};

const KIND_LABELS: Record<string, string> = {
  overdue: 'Overdue',
  failed: 'Failed',
  quality_cancelled: 'Quality: cancelled',
  quality_failed: 'Quality: check failed',
  delivered_late: 'Delivered late',
};

/** Alerts for everyone; the rules and channels behind them for admins only. */
export function AlertsPage({ query: params }: { query: URLSearchParams }) {
  const { session } = useApp();
  // Rules and channels are for admins: which tabs exist depends on the role, so wait for it.
  if (!session) return <Loading what="Checking your session" />;
  const admin = isAdmin(session);
  const query = readAlertsQuery(params, admin);
  const tabHref = (tab: AlertsQuery['tab']) => href.alerts(alertsUrlQuery({ tab, filter: 'active', page: 1 }));
  return (
    <section data-testid="alerts">
      <PageHeading title="Alerts" />
      {admin && (
        <nav class="tabs" aria-label="Alerts sections" data-testid="alerts-tabs">
          <Link href={tabHref('alerts')} aria-current={query.tab === 'alerts' ? 'page' : undefined} data-testid="tab-alerts">
            Alerts
          </Link>
          <Link href={tabHref('rules')} aria-current={query.tab === 'rules' ? 'page' : undefined} data-testid="tab-rules">
            Rules
          </Link>
          <Link href={tabHref('channels')} aria-current={query.tab === 'channels' ? 'page' : undefined} data-testid="tab-channels">
            Channels
          </Link>
        </nav>
      )}
      {query.tab === 'alerts' && <AlertsList query={query} />}
      {query.tab === 'rules' && <RulesList />}
      {query.tab === 'channels' && <ChannelsList />}
    </section>
  );
}

function AlertsList({ query }: { query: AlertsQuery }) {
  const { api } = useApp();
  const apiQuery = alertsApiQuery(query);
  const alerts = useResource(`alerts:${JSON.stringify(apiQuery)}`, (signal) => alertsApi.alerts(api, apiQuery, signal), { alerts: true });
  const data = alerts.data;
  return (
    <>
      <div class="filters">
        <label>
          Show
          <select
            value={query.filter}
            onChange={(event) => navigate(href.alerts(alertsUrlQuery({ ...query, filter: event.currentTarget.value as AlertFilter, page: 1 })))}
            data-testid="alerts-filter"
          >
            {ALERT_FILTERS.map((filter) => (
              <option key={filter} value={filter}>
                {FILTER_LABELS[filter]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {alerts.error !== undefined && <ErrorBox error={alerts.error} />}
      {!data && alerts.loading && <Loading what="Loading alerts" />}
      {data && data.alerts.length === 0 && <p data-testid="alerts-empty">No alerts here.</p>}
      {data && data.alerts.length > 0 && (
        <div class="table-wrap">
          <table class="data" data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col">State</th>
                <th scope="col">What</th>
                <th scope="col">Sequence</th>
                <th scope="col">Slot</th>
                <th scope="col">Rule</th>
                <th scope="col">Noticed</th>
                <th scope="col">Opened</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {data.alerts.map((alert) => (
                <AlertRow key={alert.alertId} alert={alert} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.totalCount > ALERTS_PAGE_SIZE && (
        <Pager
          page={query.page}
          pages={pageCount(data.totalCount, ALERTS_PAGE_SIZE)}
          total={data.totalCount}
          noun="alerts"
          hrefFor={(page) => href.alerts(alertsUrlQuery({ ...query, page }))}
        />
      )}
    </>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  return (
    <tr data-testid="alert-row" data-alert-id={alert.alertId} data-state={alert.state} data-kind={alert.kind}>
      <td>
        <ToneBadge info={STATE_TONES[alert.state] ?? { tone: 'pending', label: alert.state, symbol: '?' }} />
      </td>
      <td>{KIND_LABELS[alert.kind] ?? alert.kind}</td>
      <td>
        <Link href={href.sequence(alert.slotSequence.slotSequenceId)}>{sequenceLabel(alert.slotSequence.name)}</Link>
      </td>
      <td>
        <Link href={href.slot(alert.slot.slotId)}>{alert.slot.tag}</Link>
      </td>
      <td>{alert.rule.name}</td>
      <td>
        <Time iso={alert.createdOn} />
      </td>
      <td>
        <Time iso={alert.openedOn} />
      </td>
      <td>
        <Time iso={alert.resolvedOn} />
      </td>
    </tr>
  );
}

function RulesList() {
  const { api } = useApp();
  const rules = useResource('alert-rules', (signal) => alertsApi.rules(api, signal));
  if (rules.error !== undefined) return <ErrorBox error={rules.error} />;
  if (!rules.data) return <Loading what="Loading rules" />;
  if (rules.data.rules.length === 0) return <p>No alert rules. Add them with the API or <code>luco-server</code> (docs/alerts.md).</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="rules-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Enabled</th>
            <th scope="col">Watches</th>
            <th scope="col">For</th>
            <th scope="col">Grace</th>
            <th scope="col">Reminders</th>
            <th scope="col">Mute</th>
            <th scope="col">Channels</th>
          </tr>
        </thead>
        <tbody>
          {rules.data.rules.map((rule) => (
            <RuleRow key={rule.ruleId} rule={rule} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RuleRow({ rule }: { rule: AlertRule }) {
  const filters = [
    ...rule.filter.name.map((part) => `${part.key}=${part.value}`),
    ...(rule.filter.types.length > 0 ? [`type: ${rule.filter.types.join(', ')}`] : []),
    ...(rule.filter.cadences.length > 0 ? [`cadence: ${rule.filter.cadences.join(', ')}`] : []),
  ];
  return (
    <tr data-testid="rule-row" data-rule-id={rule.ruleId}>
      <td>{rule.name}</td>
      <td>{rule.enabled ? 'Yes' : 'No'}</td>
      <td>{filters.length > 0 ? filters.join('; ') : 'Every sequence'}</td>
      <td>{rule.events.map((event) => KIND_LABELS[event] ?? event).join(', ')}</td>
      <td>{formatSeconds(rule.graceSeconds)}</td>
      <td>{rule.reminderSeconds === null ? 'None' : `every ${formatSeconds(rule.reminderSeconds)}`}</td>
      <td>{rule.mute.length === 0 ? '—' : rule.mute.map((window) => `${window.days.join(', ')} ${window.start}–${window.end} ${window.timeZone}`).join('; ')}</td>
      <td>{rule.channels.map((channel) => channel.name).join(', ') || '—'}</td>
    </tr>
  );
}

function channelTarget(channel: AlertChannel): string {
  const settings = channel.settings;
  if (settings.redactedUrl) return settings.redactedUrl;
  if (settings.host) return `${settings.host}${settings.port ? `:${settings.port}` : ''}${settings.to?.length ? ` → ${settings.to.join(', ')}` : ''}`;
  return '—';
}

function ChannelsList() {
  const { api } = useApp();
  const channels = useResource('alert-channels', (signal) => alertsApi.channels(api, signal));
  if (channels.error !== undefined) return <ErrorBox error={channels.error} />;
  if (!channels.data) return <Loading what="Loading channels" />;
  if (channels.data.channels.length === 0) return <p>No alert channels.</p>;
  return (
    <div class="table-wrap">
      <table class="data" data-testid="channels-table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Type</th>
            <th scope="col">Enabled</th>
            <th scope="col">Sends to</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {channels.data.channels.map((channel) => (
            <tr key={channel.channelId} data-testid="channel-row" data-channel-id={channel.channelId}>
              <td>{channel.name}</td>
              <td>{channel.type}</td>
              <td>{channel.enabled ? 'Yes' : 'No'}</td>
              <td>
                <code>{channelTarget(channel)}</code>
              </td>
              <td>
                <Time iso={channel.updatedOn} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
