import type { ToneInfo } from '../state/tones';

/** A state as a coloured badge with a symbol, so it reads without colour too. */
export function ToneBadge({ info, testId }: { info: ToneInfo; testId?: string }) {
  return (
    <span class={`badge tone-${info.tone}`} data-tone={info.tone} data-testid={testId}>
      <span aria-hidden="true" class="badge-symbol">
        {info.symbol}
      </span>
      {info.label}
    </span>
  );
}
