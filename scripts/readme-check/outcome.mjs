// Checks a command's outcome against its manifest entry's `expect`, and words what went wrong.

/** The ways `result` ({ code, stdout, stderr, timedOut }) differs from `expect`; empty when none. */
export function outcomeFailures(result, expect = {}, ctx = {}, vars = {}) {
  const failures = [];
  if (result.timedOut) failures.push('it did not finish in time (killed)');
  if (expect.exit !== undefined && result.code !== expect.exit) failures.push(`exit code ${result.code ?? `none (${result.signal})`}, expected ${expect.exit}`);
  const streams = { stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
  for (const name of ['stdout', 'stderr', 'output']) {
    for (const pattern of expect[name] ?? []) if (!pattern.test(streams[name])) failures.push(`${name} does not match ${pattern}`);
  }
  for (const pattern of expect.not ?? []) if (pattern.test(streams.output)) failures.push(`the output matches ${pattern}, which it must not`);
  if (expect.lastLine) {
    const last = result.stdout.trimEnd().split('\n').pop() ?? '';
    if (!expect.lastLine.test(last)) failures.push(`the last line of stdout is ${JSON.stringify(last)}, expected ${expect.lastLine}`);
  }
  for (const [name, wanted] of Object.entries(expect.vars ?? {})) {
    const value = vars[name];
    if (value === undefined) failures.push(`it leaves $${name} unset`);
    else if (wanted instanceof RegExp ? !wanted.test(value) : value !== wanted(ctx)) failures.push(`it sets $${name} to another value than expected${wanted instanceof RegExp ? ` (${wanted})` : ''}`);
  }
  return failures;
}

/** Text for a failure message: secrets the check knows replaced, and long output cut to its end. */
export function shown(text, secrets, max = 4000) {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out.length > max ? `...${out.slice(-max)}` : out;
}
