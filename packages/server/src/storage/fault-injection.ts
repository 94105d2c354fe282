/**
 * Test-only crash points, off unless LUCO_FAULT_INJECTION is set, so tests can kill a real server
 * between two steps that must go together:
 *   LUCO_FAULT_INJECTION=exit-before-commit          the process dies after a write, before its commit
 *   LUCO_FAULT_INJECTION=exit-after-commit           it dies after the commit, before answering
 *   LUCO_FAULT_INJECTION=exit-before-commit@/metrics only for writes whose label contains "/metrics"
 * The process ends with SIGKILL: no handler, no flush, no graceful close, as in a real crash.
 */
export type FaultPointName = 'exit-before-commit' | 'exit-after-commit';

interface FaultPlan {
  point: FaultPointName;
  labelContains: string;
}

let plan: FaultPlan | undefined | null = null;

/** The plan, read from the environment once (when first asked, so a bad value is the caller's error to report). */
function currentPlan(): FaultPlan | undefined {
  if (plan === null) plan = parse(process.env.LUCO_FAULT_INJECTION);
  return plan;
}

function parse(setting: string | undefined): FaultPlan | undefined {
  if (!setting) return undefined;
  const [point, labelContains = ''] = setting.split('@', 2) as [string, string?];
  if (point !== 'exit-before-commit' && point !== 'exit-after-commit') {
    throw new Error(`LUCO_FAULT_INJECTION must be exit-before-commit or exit-after-commit, optionally followed by @<label text>; got ${JSON.stringify(setting)}`);
  }
  return { point, labelContains };
}

/** Kills the process here when the plan names this point and one of these writes. */
export function faultPoint(point: FaultPointName, labels: readonly string[]): void {
  const plan = currentPlan();
  if (plan === undefined || plan.point !== point) return;
  if (!labels.some((label) => label.includes(plan.labelContains))) return;
  process.stderr.write(`luco-server: LUCO_FAULT_INJECTION: killing the process at ${point} (${labels.join(', ')})\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** The crash point armed, if any (the server says so in its start-up log); throws on a malformed setting. */
export function faultInjectionArmed(): string | undefined {
  const plan = currentPlan();
  return plan ? `${plan.point}${plan.labelContains ? `@${plan.labelContains}` : ''}` : undefined;
}
