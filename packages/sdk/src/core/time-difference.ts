import { ValidationError } from './errors.js';
import type { TimeDifference } from '../types/search.js';

const PATTERN = /^\d+:\d{2}:\d{2}:\d{2}$/;

/** `TimeDifference` as Luco reads it: `d:HH:MM:SS`. */
export function formatTimeDifference(field: string, value: TimeDifference): string {
  if (typeof value === 'string') {
    const [, h, m, s] = value.split(':').map(Number);
    if (!PATTERN.test(value) || (h ?? 0) > 23 || (m ?? 0) > 59 || (s ?? 0) > 59) {
      throw new ValidationError(field, `must be d:HH:MM:SS (hours < 24, minutes and seconds < 60), got ${JSON.stringify(value)}`);
    }
    return value;
  }
  if (typeof value !== 'object' || value === null) throw new ValidationError(field, 'must be a d:HH:MM:SS string or { days, hours, minutes, seconds }');
  const parts = [value.days ?? 0, value.hours ?? 0, value.minutes ?? 0, value.seconds ?? 0];
  if (parts.some((part) => !Number.isFinite(part) || part < 0)) throw new ValidationError(field, 'parts must be finite numbers of 0 or more');
  const total = Math.round(((parts[0]! * 24 + parts[1]!) * 60 + parts[2]!) * 60 + parts[3]!);
  const days = Math.floor(total / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days}:${pad(Math.floor((total % 86_400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
