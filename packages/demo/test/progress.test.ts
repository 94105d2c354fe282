import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

function stream(isTTY: boolean) {
  let text = '';
  return { isTTY, columns: 40, write: (chunk: string) => (text += chunk), text: () => text };
}

describe('Progress', () => {
  it('rewrites one line on a TTY', () => {
    const tty = stream(true);
    const progress = new Progress(tty, {});
    progress.update('Recording run 1/2');
    progress.update('Recording run 2/2');
    progress.line('done');
    expect(tty.text()).toBe('\r\x1b[2KRecording run 1/2\r\x1b[2KRecording run 2/2\r\x1b[2Kdone\n');
  });

  it('prints plain lines, and no updates, elsewhere', () => {
    const pipe = stream(false);
    const progress = new Progress(pipe, {});
    progress.update('Recording run 1/2');
    progress.line('done');
    expect(pipe.text()).toBe('done\n');
    expect(progress.style.enabled).toBe(false);
  });

  it('has colour on a TTY unless NO_COLOR is set', () => {
    expect(new Progress(stream(true), {}).style.enabled).toBe(true);
    expect(new Progress(stream(true), { NO_COLOR: '1' }).style.enabled).toBe(false);
  });
});
