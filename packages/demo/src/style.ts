/** Terminal colours, only where they help: a TTY, and NO_COLOR (https://no-color.org) not set. */

export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

type Stream = { isTTY?: boolean | undefined };

export function createStyle(stream: Stream, env: Readonly<Record<string, string | undefined>> = process.env): Style {
  const enabled = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  const sgr = (open: number, close: number) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    red: sgr(31, 39),
    cyan: sgr(36, 39),
  };
}

/** Colours a slot status by how much attention it needs. */
export function paintStatus(style: Style, status: string): string {
  switch (status) {
    case 'Delivered':
      return style.green(status);
    case 'DeliveredLate':
    case 'InProgress':
      return style.yellow(status);
    case 'Overdue':
    case 'Failed':
      return style.red(status);
    default:
      return style.dim(status);
  }
}
