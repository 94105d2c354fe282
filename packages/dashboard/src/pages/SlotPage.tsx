import type { ApiClient } from '../api/client';
import { estateApi, sequenceApi, slotApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import type { SlotOverviewItem } from '../api/types';
import { useApp } from '../app/context';
import { useResource } from '../app/use-resource';
import { ErrorBox } from '../components/ErrorBox';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { RunEnvironmentLinks } from '../components/RunEnvironmentLinks';
import { Time } from '../components/Time';
import { ToneBadge } from '../components/ToneBadge';
import { isDate } from '../format/dates';
import { sequenceLabel } from '../format/names';
import { between, formatDuration } from '../format/time';
import { href } from '../router/routes';
import { activeSchedule } from '../state/schedule';
import { statusTone, submissionTone } from '../state/tones';

async function loadSlot(api: ApiClient, slotId: number, signal: AbortSignal): Promise<SlotOverviewItem> {
  const answer = await estateApi.slots(api, { slotId: [slotId], pageSize: 1 }, signal);
  const slot = answer.slots[0];
  if (!slot) throw new ApiError({ status: 404, title: 'Not found', detail: `There is no slot ${slotId}.` });
  return slot;
}

/** A slot: its state and deadline, and every submission made for it, newest first. */
export function SlotPage({ slotId }: { slotId: number }) {
  const { api } = useApp();
  const slot = useResource(`slot:${slotId}`, (signal) => loadSlot(api, slotId, signal), { slotId });
  const submissions = useResource(`slot-submissions:${slotId}`, (signal) => slotApi.submissions(api, slotId, signal), { slotId });
  const sequenceId = slot.data?.slotSequenceId;
  const sequence = useResource(`sequence:${sequenceId ?? 'none'}`, (signal) =>
    sequenceId === undefined ? Promise.resolve(undefined) : sequenceApi.get(api, sequenceId, signal),
  );
  const zone = activeSchedule(sequence.data?.delivery)?.timeZone;
  const item = slot.data;
  const title = item ? `Slot ${item.tag}` : `Slot ${slotId}`;
  return (
    <section data-testid="slot" data-slot-id={slotId}>
      <nav class="crumbs" aria-label="Breadcrumbs">
        <Link href={href.overview()}>Estate</Link>
        {item && <Link href={href.sequence(item.slotSequenceId, isDate(item.tag) ? { view: 'month', month: item.tag.slice(0, 7) } : undefined)}>{sequenceLabel(item.name)}</Link>}
        <span aria-current="page">{item?.tag ?? slotId}</span>
      </nav>
      <PageHeading title={title} />
      {slot.error !== undefined && <ErrorBox error={slot.error} />}
      {!item && slot.loading && <Loading what="Loading the slot" />}
      {item && (
        <dl class="kv" data-testid="slot-summary">
          <dt>State</dt>
          <dd>
            <ToneBadge info={statusTone(item.slotStatus)} testId="slot-status" />
          </dd>
          <dt>Due</dt>
          <dd>{item.expectedBy ? <Time iso={item.expectedBy} zone={zone} /> : 'Unscheduled'}</dd>
          <dt>Sequence</dt>
          <dd>
            <Link href={href.sequence(item.slotSequenceId)}>{sequenceLabel(item.name)}</Link>
          </dd>
          <dt>Submissions</dt>
          <dd>{item.submissions}</dd>
        </dl>
      )}
      <h2>Submissions</h2>
      {submissions.error !== undefined && <ErrorBox error={submissions.error} />}
      {!submissions.data && submissions.loading && <Loading what="Loading submissions" />}
      {submissions.data && submissions.data.submissions.length === 0 && <p data-testid="no-submissions">No submission yet.</p>}
      {submissions.data && submissions.data.submissions.length > 0 && (
        <div class="table-wrap">
          <table class="data" data-testid="submission-table">
            <thead>
              <tr>
                <th scope="col">Submission</th>
                <th scope="col">Status</th>
                <th scope="col">Latest stage</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
                <th scope="col">Took</th>
                <th scope="col">Ran on</th>
              </tr>
            </thead>
            <tbody>
              {submissions.data.submissions.map((submission) => (
                <tr key={submission.submissionId} data-testid="submission-row" data-submission-id={submission.submissionId}>
                  <td>
                    <Link href={href.submission(slotId, submission.submissionId)} data-testid="submission-link">
                      #{submission.submissionId}
                    </Link>
                  </td>
                  <td>
                    <ToneBadge info={submissionTone(submission.lastSubmissionStatus ?? submission.status)} />
                  </td>
                  <td>{submission.stage ?? <span class="muted">—</span>}</td>
                  <td>
                    <Time iso={submission.startTime} zone={zone} />
                  </td>
                  <td>
                    <Time iso={submission.endTime} zone={zone} />
                  </td>
                  <td>{formatDuration(between(submission.startTime, submission.endTime))}</td>
                  <td>
                    <RunEnvironmentLinks environments={submission.runEnvironments} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
