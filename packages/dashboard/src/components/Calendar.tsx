import type { JSX } from 'preact';
import type { CalendarSlot, SlotHealth } from '../api/types';
import { SLOT_HEALTHS } from '../api/types';
import { moveInGrid, type CalendarCell, type CalendarLayout, type CalendarView } from '../calendar/layout';
import { formatInstant, zoneTitle } from '../format/time';
import { href } from '../router/routes';
import { healthTone } from '../state/tones';
import { Link } from './Link';
import { ToneBadge } from './ToneBadge';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The hover text of a slot: its tag and state, and its deadline in the viewer's and the sequence's zone. */
export function slotTitle(slot: CalendarSlot, zone: string | undefined): string {
  const lines = [`${slot.tag}: ${healthTone(slot.health).label}`];
  if (slot.expectedBy) {
    lines.push(`Due ${formatInstant(slot.expectedBy)} (your time)`);
    const scheduleTime = zoneTitle(slot.expectedBy, zone);
    if (scheduleTime) lines.push(`Due ${scheduleTime}`);
  }
  if (slot.deliveredOn) lines.push(`Delivered ${formatInstant(slot.deliveredOn)}`);
  lines.push(`${slot.submissionCount} submission${slot.submissionCount === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** Arrow keys, Home and End move focus between the calendar's days. */
function onGridKeyDown(event: JSX.TargetedKeyboardEvent<HTMLDivElement>): void {
  const target = event.target as HTMLElement | null;
  const index = Number(target?.dataset['cellIndex']);
  if (!Number.isInteger(index)) return;
  const cells = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-cell-index]'));
  const next = moveInGrid(index, event.key, 7, cells.length);
  if (next === index) return;
  const cell = cells[next];
  if (cell) {
    event.preventDefault();
    cell.focus();
  }
}

function SlotCell({ cell, index, zone, view }: { cell: CalendarCell & { slot: CalendarSlot }; index: number; zone: string | undefined; view: CalendarView }) {
  const { slot } = cell;
  const tone = healthTone(slot.health);
  const day = Number(cell.date.slice(8));
  return (
    <Link
      href={href.slot(slot.slotId)}
      class={`cal-cell tone-${tone.tone}${cell.isToday ? ' cal-today' : ''}`}
      title={slotTitle(slot, zone)}
      aria-label={`${slot.tag}: ${tone.label}`}
      data-testid="calendar-cell"
      data-health={slot.health}
      data-tone={tone.tone}
      data-tag={slot.tag}
      data-slot-id={slot.slotId}
      data-cell-index={index}
    >
      <span>{view === 'week' ? slot.tag : day}</span>
      {view === 'week' && (
        <>
          <span>{tone.label}</span>
          {slot.expectedBy && <span class="small">Due {formatInstant(slot.expectedBy)}</span>}
          <span class="small">
            {slot.submissionCount} submission{slot.submissionCount === 1 ? '' : 's'}
          </span>
        </>
      )}
      <span class="cal-symbol" aria-hidden="true">
        {tone.symbol}
      </span>
    </Link>
  );
}

function DayCell({ cell, index, view }: { cell: CalendarCell; index: number; view: CalendarView }) {
  if (!cell.inWindow) return <span class="cal-cell cal-outside" aria-hidden="true" data-cell-index={index} />;
  return (
    <span
      class={`cal-cell cal-empty${cell.isToday ? ' cal-today' : ''}`}
      tabIndex={-1}
      title={`${cell.date}: no slot`}
      aria-label={`${cell.date}: no slot`}
      data-testid="calendar-day"
      data-date={cell.date}
      data-cell-index={index}
    >
      {view === 'week' ? cell.date : Number(cell.date.slice(8))}
    </span>
  );
}

/** The legend: every state with its fixed colour and symbol. */
export function CalendarLegend() {
  return (
    <div class="legend" data-testid="calendar-legend" aria-label="Slot states">
      {SLOT_HEALTHS.map((health: SlotHealth) => (
        <ToneBadge key={health} info={healthTone(health)} />
      ))}
    </div>
  );
}

/** A month or a week of slots: one cell per day, coloured by the slot's recorded health. */
export function Calendar({ layout, zone, view }: { layout: CalendarLayout; zone: string | undefined; view: CalendarView }) {
  const cells = layout.weeks.flat();
  return (
    <div data-testid="calendar" data-view={view}>
      <div class={`cal-grid${view === 'week' ? ' cal-week' : ''}`} onKeyDown={onGridKeyDown}>
        {WEEKDAYS.map((weekday) => (
          <span key={weekday} class="cal-weekday" aria-hidden="true">
            {weekday}
          </span>
        ))}
        {cells.map((cell, index) =>
          cell.slot ? (
            <SlotCell key={cell.date} cell={{ ...cell, slot: cell.slot }} index={index} zone={zone} view={view} />
          ) : (
            <DayCell key={cell.date} cell={cell} index={index} view={view} />
          ),
        )}
      </div>
      {layout.undated.length > 0 && (
        <>
          <h3>Slots without a date</h3>
          <div class="cal-undated" data-testid="calendar-undated">
            {layout.undated.map((slot) => {
              const tone = healthTone(slot.health);
              return (
                <Link
                  key={slot.slotId}
                  href={href.slot(slot.slotId)}
                  class={`cal-cell tone-${tone.tone}`}
                  title={slotTitle(slot, zone)}
                  data-testid="calendar-cell"
                  data-health={slot.health}
                  data-tone={tone.tone}
                  data-tag={slot.tag}
                  data-slot-id={slot.slotId}
                >
                  <span>{slot.tag}</span>
                  <span class="cal-symbol" aria-hidden="true">
                    {tone.symbol}
                  </span>
                </Link>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}
