import { describe, expect, it } from 'vitest';
import { isPlainClick } from '../src/router/history';
import { linkFromHash } from '../src/router/sign-in-link';

const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };

describe('isPlainClick', () => {
  it('takes a plain left click on a same-window link', () => {
    expect(isPlainClick(click, null)).toBe(true);
    expect(isPlainClick(click, '_self')).toBe(true);
  });

  it('leaves modified, middle, handled and new-window clicks to the browser', () => {
    expect(isPlainClick({ ...click, ctrlKey: true }, null)).toBe(false);
    expect(isPlainClick({ ...click, metaKey: true }, null)).toBe(false);
    expect(isPlainClick({ ...click, shiftKey: true }, null)).toBe(false);
    expect(isPlainClick({ ...click, altKey: true }, null)).toBe(false);
    expect(isPlainClick({ ...click, button: 1 }, null)).toBe(false);
    expect(isPlainClick({ ...click, defaultPrevented: true }, null)).toBe(false);
    expect(isPlainClick(click, '_blank')).toBe(false);
  });
});

describe('linkFromHash', () => {
  const token = 'A'.repeat(21) + '_-' + 'z9'.repeat(10);

  it('reads a one-time token from #link=', () => {
    expect(linkFromHash(`#link=${token}`)).toBe(token);
  });

  it('ignores other fragments and malformed tokens', () => {
    expect(linkFromHash('')).toBeUndefined();
    expect(linkFromHash('#main')).toBeUndefined();
    expect(linkFromHash('#link=')).toBeUndefined();
    expect(linkFromHash('#link=short')).toBeUndefined();
    expect(linkFromHash(`#link=${token}%3Cscript%3E`)).toBeUndefined();
    expect(linkFromHash(`link=${token}`)).toBeUndefined();
  });
});
