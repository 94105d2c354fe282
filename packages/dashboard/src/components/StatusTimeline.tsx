import { Fragment } from 'preact';
import type { StatusEvent } from '../api/types';
import { formatDuration } from '../format/time';
import { submissionTone } from '../state/tones';
import { buildTimeline } from '../submission/timeline';
import { Time } from './Time';
import { ToneBadge } from './ToneBadge';

/** Every stage of the run on one time axis, with how it ended and how long it took. */
export function StatusTimeline({ events, zone, runStart }: { events: StatusEvent[]; zone: string | undefined; runStart?: string | undefined }) {
  const timeline = buildTimeline(events, Date.now(), runStart === undefined ? undefined : Date.parse(runStart));
  if (timeline.stages.length === 0) return <p class="muted">No status reported yet.</p>;
  return (
    <div class="timeline" data-testid="status-timeline">
      {timeline.stages.map((stage) => {
        const tone = submissionTone(stage.status);
        return (
          <Fragment key={stage.stage}>
            <div data-testid="timeline-stage" data-stage={stage.stage} data-status={stage.status}>
              <strong>{stage.stage}</strong>
              <div class="muted small">
                <Time iso={new Date(stage.start).toISOString()} zone={zone} seconds />
              </div>
            </div>
            <div class="timeline-track" aria-hidden="true">
              <span
                class={`timeline-bar tone-${tone.tone}`}
                ref={(bar) => {
                  // Positions come from the data; set through the CSSOM, which the CSP allows.
                  if (bar) {
                    bar.style.left = `${stage.offsetPercent}%`;
                    bar.style.width = `${stage.widthPercent}%`;
                  }
                }}
              />
            </div>
            <div>
              <ToneBadge info={tone} /> <span class="small" title={stage.startInferred ? 'The stage reported only its end: timed from the end of the stage before it (or the start of the run)' : undefined} data-testid="timeline-duration">
                {stage.end === null ? 'running' : `${stage.startInferred ? '≈ ' : ''}${formatDuration(stage.durationMs)}`}
              </span>
            </div>
          </Fragment>
        );
      })}
    </div>
  );
}
