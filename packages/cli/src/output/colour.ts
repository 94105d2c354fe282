import pc from 'picocolors';

export type Colours = ReturnType<typeof pc.createColors>;

/**
 * Colour only on a terminal, never with NO_COLOR (https://no-color.org: set and not empty) or a
 * dumb terminal. Decided per stream: piping stdout to jq must not colour it, even when stderr is a
 * terminal. picocolors' own detection is not used because it also honours FORCE_COLOR and argv.
 */
export function colourEnabled(stream: { isTTY?: boolean | undefined }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function coloursFor(stream: { isTTY?: boolean | undefined }, env: NodeJS.ProcessEnv): Colours {
  return pc.createColors(colourEnabled(stream, env));
}

/** Status words in the colour a reader expects; anything else as is. */
export function statusColour(colours: Colours, status: string): string {
  const normalised = status.toLowerCase().replace(/[\s_]/g, '');
  if (normalised.startsWith('completedwithfailures') || normalised === 'deliveredlate') return colours.yellow(status);
  if (normalised.startsWith('completed') || normalised.startsWith('delivered') || normalised === 'created' || normalised === 'exists') return colours.green(status);
  if (normalised === 'failed' || normalised === 'overdue' || normalised === 'notprocessed') return colours.red(status);
  if (normalised === 'inprogress' || normalised === 'awaiting' || normalised === 'updated' || normalised === 'archived') return colours.yellow(status);
  return status;
}
