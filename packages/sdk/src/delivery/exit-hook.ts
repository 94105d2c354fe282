/**
 * What open delivery queues do when the process exits (warn about what is left, release their
 * store): one `exit` listener for all of them, there only while one is open. Used by DeliveryQueue.
 */

const atExit = new Map<object, () => void>();

function onProcessExit(): void {
  for (const run of atExit.values()) run();
}

export function runAtExit(owner: object, run: () => void): void {
  if (atExit.size === 0) process.on('exit', onProcessExit);
  atExit.set(owner, run);
}

export function cancelAtExit(owner: object): void {
  atExit.delete(owner);
  if (atExit.size === 0) process.removeListener('exit', onProcessExit);
}
