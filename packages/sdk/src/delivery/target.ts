/**
 * Which server a queued write is for: the base URL (as LucoApi normalises it) and client id of the
 * LucoApi it was queued with. A queue delivers only writes meant for its own LucoApi, so writes
 * queued for one server never reach another the process is configured for later. Records written
 * before targets existed have none: a queue holds them too, unless told to deliver them
 * (`deliverUntargeted`). Used by DeliveryQueue (stamping) and the journal (sorting on replay).
 */
import type { LucoApi } from '../client.js';
import type { DeliveryTarget, OperationRecord } from './records.js';

/** The writes held for a server other than the queue's own (or for an unknown one: `baseUrl` null). */
export interface HeldTarget {
  /** null: queued by an SDK that did not record targets yet. */
  baseUrl: string | null;
  clientId: string | null;
  queued: number;
  oldestQueuedAt: Date;
}

export function targetOf(api: LucoApi): DeliveryTarget {
  return { baseUrl: api.baseUrl, clientId: api.clientId ?? null };
}

/** The record's target, or undefined when it has none (or one that cannot be read). */
export function recordTarget(record: OperationRecord): DeliveryTarget | undefined {
  const target = (record as { target?: unknown }).target;
  if (target === null || typeof target !== 'object') return undefined;
  const { baseUrl, clientId } = target as { baseUrl?: unknown; clientId?: unknown };
  if (typeof baseUrl !== 'string' || !(typeof clientId === 'string' || clientId === null)) return undefined;
  return { baseUrl, clientId };
}

export function sameTarget(a: DeliveryTarget, b: DeliveryTarget): boolean {
  return a.baseUrl === b.baseUrl && a.clientId === b.clientId;
}

/** What a queue holds for other servers, grouped by server, oldest group first. */
export function heldTargets(records: Iterable<OperationRecord>): HeldTarget[] {
  const groups = new Map<string, HeldTarget>();
  for (const record of records) {
    const target = recordTarget(record);
    const key = JSON.stringify(target ? [target.baseUrl, target.clientId] : null);
    const group = groups.get(key);
    if (group) {
      group.queued++;
      if (record.at < group.oldestQueuedAt.getTime()) group.oldestQueuedAt = new Date(record.at);
    } else {
      groups.set(key, { baseUrl: target?.baseUrl ?? null, clientId: target?.clientId ?? null, queued: 1, oldestQueuedAt: new Date(record.at) });
    }
  }
  return [...groups.values()].sort((a, b) => a.oldestQueuedAt.getTime() - b.oldestQueuedAt.getTime());
}
