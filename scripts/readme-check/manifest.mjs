// How each command and snippet of the READMEs is run and checked on the fresh clone.
//
// A README command without an entry here fails the check, and so does an entry whose command is
// in no README any more: a new README line cannot go untested, and a changed one means a look here.
//
// An entry names its README and what it covers:
//   command: the command as written, without its trailing comment (spaces collapsed);
//   script:  text found in one whole shell block that starts with `#!` (run as one script);
//   snippet: text found in one TypeScript block (run with tsx, after a typecheck).
// and how it runs (all optional):
//   cwd        'clone' (the repository's root, default), 'work' (an empty folder outside it) or
//              'elsewhere' (an empty folder inside it: `npx` finds the repository's commands)
//   server     'demo': the server `npm start` leaves running is up first (started if need be);
//              'none': it is stopped first (the command starts a server on port 8080 itself)
//   lucoEnv    the LUCO_* variables the root README's quick start exports, for the demo server
//   onPath     `luco` and `luco-server` on PATH, as a global install puts them
//   postgres   a throwaway PostgreSQL cluster is up first (ctx.pg.url)
//   before     (ctx) => work to do first (ctx.values holds what entries pass on)
//   substitute [placeholder, (ctx) => value] pairs: only placeholders change (each must occur)
//   env        (ctx) => more variables; files: { name: text } written in cwd first (executable)
//   stdin      (ctx) => what the command reads
//   prelude, epilogue   snippets: code around the README's, to give it what it names and to check
//              what it did
//   longRunning { ready, stop }: it serves until stopped; `ready` is the line that shows it is up,
//              then `stop` (a signal to its process group, as Ctrl-C is) ends it; nothing it
//              started may outlive it. npm and npx then exit 128 + the signal, as in a terminal.
//   instead    { why, command }: cannot run here as written; says why, and what runs instead
//   note       what a reader of the check should know (listed by coverage.mjs)
//   expect     { exit, stdout, stderr, output (either), not (neither), lastLine, vars }
//              (vars: shell variables the command leaves set, e.g. by `export`)
//   after      (ctx, result) => more checks (throws when one fails), or values for later entries
//   timeoutMs  default 120 s
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DEMO_URL = 'http://127.0.0.1:8080';
/** The demo server's address, where a README writes the default one. */
const demoUrl = [DEMO_URL, (ctx) => ctx.demo.url];
const SLOT_ID = /^\d+$/;

/** A job for `luco run` to wrap: says what it got and reports a metric, as a real one would. */
const LOAD_SCRIPT = '#!/bin/sh\necho "loading sales $*"\necho "rows=1200" >> "$LUCO_METRICS_FILE"\n';

const BUILD_TIMEOUT_MS = 600_000;

/** A snippet epilogue: the status and `rows` of the latest run tagged 2026-11-27 of acme/sales. */
const LAST_RUN_OF_2026_11_27 = `
const readmeSlot = await luco.findSlotId('2026-11-27', { client: 'acme', feed: 'sales' }, { createIfMissing: false });
const [readmeRow] = (await luco.slotsOverview({ slotId: readmeSlot })).items;
const readmeRun = luco.getSubmission(readmeSlot, readmeRow!.lastSubmissionId as number);
console.log('readme-check:', await readmeRun.status(), await readmeRun.getMetric('load', 'rows'));`;

export const MANIFEST = [
  // ---------------------------------------------------------------- README.md: the two commands
  {
    readme: 'README.md',
    command: 'npm install',
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0, output: [/up to date|added \d+ packages/] },
  },
  {
    readme: 'README.md',
    command: 'npm start',
    server: 'none',
    timeoutMs: BUILD_TIMEOUT_MS,
    longRunning: { ready: /^Serving until Ctrl-C\.$/m, stop: 'SIGINT' },
    expect: {
      exit: 130,
      stdout: [
        /Luco demo: 5 slot sequences, \d+ slots, \d+ submissions/,
        /^Luco server: http:\/\/127\.0\.0\.1:\d+ {2}\(admin credential: /m,
        /^Dashboard: http:\/\/127\.0\.0\.1:\d+\/ui\/ /m,
        /^ {2}http:\/\/127\.0\.0\.1:\d+\/ui\/sign-in#link=[\w-]{43}$/m,
      ],
      stderr: [
        /Imported 4 slot sequences: 4 Created/,
        /Imported the quick starts' sequences from examples\/sequences\.json: 1 Created/,
        /Recorded \d+ pipeline runs/,
        /^Stopped\.$/m,
      ],
      // The build is quiet when it works: none of tsup's or tsc's lines.
      not: [/Build success|Building entry|tsup v|error TS/],
    },
  },
  {
    readme: 'README.md',
    command: 'npm test',
    instead: {
      why:
        'the whole suite takes about 8 minutes and includes this check (it would run itself); CI runs `npm test` in full. ' +
        'Instead the same script runs on one project: its build, vitest, and the JSON report the next line reads',
      command: 'npm test -- --project examples',
    },
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0, stdout: [/Tests\s+\d+ passed/], not: [/Build success|Building entry/] },
    after: (ctx) => {
      if (!existsSync(join(ctx.clone, '.test-results/vitest.json'))) throw new Error('npm test wrote no .test-results/vitest.json');
    },
  },
  {
    readme: 'README.md',
    command: 'npm run test:summary',
    expect: { exit: 0, lastLine: /^[1-9]\d* passed, 0 failed$/ },
  },

  // ------------------------------------------------------------------ README.md: quick starts
  {
    readme: 'README.md',
    command: 'export LUCO_BASE_URL=http://127.0.0.1:8080 LUCO_TOKEN_URL=http://127.0.0.1:8080/oauth2/token LUCO_RESOURCE_ID=luco',
    server: 'demo',
    substitute: [demoUrl],
    expect: { exit: 0, vars: { LUCO_BASE_URL: (ctx) => ctx.demo.url, LUCO_TOKEN_URL: (ctx) => `${ctx.demo.url}/oauth2/token`, LUCO_RESOURCE_ID: () => 'luco' } },
  },
  {
    readme: 'README.md',
    command: `export LUCO_CLIENT_ID="$(node -p "require('./.luco/admin-credentials.luco.json').clientId")"`,
    server: 'demo',
    expect: { exit: 0, vars: { LUCO_CLIENT_ID: (ctx) => ctx.demo.clientId } },
  },
  {
    readme: 'README.md',
    command: `export LUCO_CLIENT_SECRET="$(node -p "require('./.luco/admin-credentials.luco.json').clientSecret")"`,
    server: 'demo',
    expect: { exit: 0, vars: { LUCO_CLIENT_SECRET: (ctx) => ctx.demo.clientSecret } },
  },
  {
    readme: 'README.md',
    command: 'npx luco sequences import examples/sequences.json --dry-run',
    server: 'demo',
    lucoEnv: true,
    // npm start imported the file already: nothing would change.
    expect: { exit: 0, stdout: [/Exists\s+\d+\s+client=acme,feed=sales/] },
  },
  {
    readme: 'README.md',
    command: 'npx luco sequences import examples/sequences.json',
    server: 'demo',
    lucoEnv: true,
    expect: { exit: 0, stdout: [/Exists\s+\d+\s+client=acme,feed=sales/] },
  },
  {
    readme: 'README.md',
    snippet: "await luco.withSubmission({ tag: '2026-11-27', slotSequence: { client: 'acme', feed: 'sales' } }",
    server: 'demo',
    lucoEnv: true,
    epilogue: LAST_RUN_OF_2026_11_27,
    expect: { exit: 0, stdout: [/^readme-check: Completed 1200$/m] },
  },
  {
    readme: 'README.md',
    command: 'npm run example:ts',
    server: 'demo',
    lucoEnv: true,
    expect: { exit: 0, stdout: [/^\{"slotId":\d+,"submissionId":\d+,"rows":250\}$/m] },
  },
  {
    readme: 'README.md',
    command: 'npx luco run --sequence client=acme,feed=sales --tag 2026-11-27 --stage load -- ./load.sh',
    server: 'demo',
    lucoEnv: true,
    files: { 'load.sh': LOAD_SCRIPT },
    expect: { exit: 0, stdout: [/^loading sales $/m], stderr: [/recorded Completed on submission \d+/] },
  },
  {
    readme: 'README.md',
    command: 'npx luco submission latest --sequence client=acme,feed=sales',
    server: 'demo',
    lucoEnv: true,
    expect: { exit: 0, stdout: [/^slotId\s+\d+$/m, /^submissionId\s+\d+$/m] },
  },
  {
    readme: 'README.md',
    command: 'LUCO="npx luco" bash examples/shell-pipeline.sh',
    server: 'demo',
    lucoEnv: true,
    expect: { exit: 0, stdout: [/^total amount: \d+$/m], stderr: [/recorded Completed on submission \d+/] },
  },

  // ------------------------------------------------------------- README.md: server operators
  {
    readme: 'README.md',
    command: 'npx luco-server serve --db ./.luco/luco.db',
    server: 'none',
    longRunning: { ready: /^luco-server listening on http:\/\/127\.0\.0\.1:8080$/m, stop: 'SIGINT' },
    expect: { exit: 130, output: [/"signal":"SIGINT","msg":"draining in-flight requests, then closing the database"/] },
  },
  {
    readme: 'README.md',
    command: `npx luco-server ui-link --client "$(node -p "require('./.luco/reader-credentials.luco.json').clientId")" --db ./.luco/luco.db`,
    note: "beside npm start's running demo, whose reader the link signs in as",
    server: 'demo',
    expect: { exit: 0, stdout: [/^http:\/\/localhost:8080\/ui\/sign-in#link=[\w-]{43}$/m] },
    after: async (ctx, result) => {
      // The link works once, at the demo server: a session for the demo reader, then refused.
      const link = result.stdout.trim().split('#link=')[1];
      const redeem = () => fetch(`${ctx.demo.url}/lucots/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) });
      const first = await redeem();
      const session = await first.json();
      if (first.status !== 200 || session.role !== 'reader') throw new Error(`the link did not sign in the demo reader: ${first.status} ${JSON.stringify(session)}`);
      const again = await redeem();
      if (again.status !== 401) throw new Error(`a used link answered ${again.status}, not 401`);
    },
  },
  {
    readme: 'README.md',
    command: 'npm run screenshots',
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0, stdout: [/docs\/screenshots\/overview\.png$/m, /docs\/screenshots\/sequence\.png$/m, /docs\/screenshots\/submission\.png$/m] },
    after: (ctx) => {
      for (const name of ['overview', 'sequence', 'submission']) {
        const file = join(ctx.clone, 'docs', 'screenshots', `${name}.png`);
        if (!existsSync(file) || statSync(file).size < 40_000) throw new Error(`${file} is missing or too small to be a page`);
      }
    },
  },
  {
    readme: 'README.md',
    command: 'npx luco-server clients create --role writer --name etl',
    expect: { exit: 0, output: [/luco_[0-9a-f]{16}/] },
  },
  {
    readme: 'README.md',
    command: 'LUCO_DATABASE_URL=postgres://... LUCO_KEY_ENCRYPTION_KEY=... npx luco-server serve',
    note: "run at the root, beside npm start's data: its admin credentials go to a file named after the PostgreSQL database, so the SQLite one is untouched",
    server: 'none',
    postgres: true,
    before: (ctx) => {
      ctx.values.keyEncryptionKey = ctx.run('node packages/server/bin/luco-server.js keys generate').trim();
    },
    substitute: [
      ['postgres://...', (ctx) => ctx.pg.url],
      ['LUCO_KEY_ENCRYPTION_KEY=...', (ctx) => `LUCO_KEY_ENCRYPTION_KEY=${ctx.values.keyEncryptionKey}`],
    ],
    longRunning: { ready: /^luco-server listening on http:\/\/127\.0\.0\.1:8080$/m, stop: 'SIGTERM' },
    expect: { exit: 143, output: [/"signal":"SIGTERM","msg":"draining in-flight requests, then closing the database"/] },
  },

  // ------------------------------------------------------------------ packages/cli/README.md
  {
    readme: 'packages/cli/README.md',
    command: 'luco run --sequence client=acme,feed=sales -- ./load-sales.sh',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    files: { 'load-sales.sh': LOAD_SCRIPT },
    expect: { exit: 0, stdout: [/^loading sales $/m], stderr: [/recorded Completed on submission \d+/] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco slots overview --status Overdue',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    // The demo's delivery that never came.
    expect: { exit: 0, stdout: [/acme.*orders.*Overdue/] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'npm install && npm run build',
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0 },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'npx luco --version',
    cwd: 'elsewhere',
    expect: { exit: 0, stdout: [/^\d+\.\d+\.\d+ \(sdk \d+\.\d+\.\d+\)$/m] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'npm install -g ./packages/sdk ./packages/cli',
    note: "run as written, with npm's global folder (npm_config_prefix) in the check's own home, so this machine's is untouched",
    env: (ctx) => ({ npm_config_prefix: join(ctx.home, 'npm-global') }),
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0 },
    after: (ctx) => {
      if (!existsSync(join(ctx.home, 'npm-global', 'bin', 'luco'))) throw new Error('the global install put no luco in its bin folder');
    },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco --version',
    cwd: 'work',
    note: 'the luco the global install above put on PATH, from a folder outside the clone',
    env: (ctx) => ({ PATH: `${join(ctx.home, 'npm-global', 'bin')}:${ctx.env.PATH}` }),
    expect: { exit: 0, stdout: [/^\d+\.\d+\.\d+ \(sdk \d+\.\d+\.\d+\)$/m] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'npm install -g --prefix /tmp/luco ./packages/sdk ./packages/cli && (cd / && /tmp/luco/bin/luco --version)',
    note: 'the prefix /tmp/luco becomes a folder of the check\'s own, so runs side by side do not share it',
    substitute: [['/tmp/luco', (ctx) => join(ctx.home, 'prefix-luco')]],
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0, stdout: [/^\d+\.\d+\.\d+ \(sdk \d+\.\d+\.\d+\)$/m] },
  },
  {
    readme: 'packages/cli/README.md',
    command:
      'node -p \'require("./.luco/admin-credentials.luco.json").clientSecret\' | luco login --base-url http://127.0.0.1:8080 ' +
      '--token-url http://127.0.0.1:8080/oauth2/token --resource-id luco ' +
      '--client-id "$(node -p \'require("./.luco/admin-credentials.luco.json").clientId\')" --client-secret-stdin',
    server: 'demo',
    onPath: true,
    note: "against the demo server npm start leaves running: its address and its credentials file (named after the demo's database) replace the defaults",
    substitute: [demoUrl, ['./.luco/admin-credentials.luco.json', (ctx) => `./${ctx.demo.credentialsFile}`]],
    expect: { exit: 0, stderr: [/^Logged in to http:\/\/127\.0\.0\.1:\d+ as luco_[0-9a-f]{16}; saved to /m] },
    after: (ctx) => {
      const file = join(ctx.home, '.config/luco/config.json');
      if (!existsSync(file)) throw new Error(`luco login saved nothing at ${file}`);
      if ((statSync(file).mode & 0o777) !== 0o600) throw new Error(`${file} is not owner-only (0600)`);
      if (readFileSync(file, 'utf8').includes(ctx.demo.clientSecret) === false) throw new Error('luco login did not save the secret it was given');
    },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco config show',
    cwd: 'work',
    server: 'demo',
    onPath: true,
    note: 'reads what luco login saved just before: every setting from the file, the secret only as (set)',
    expect: { exit: 0, stdout: [/^baseUrl\s+http:\/\/127\.0\.0\.1:\d+\s+file/m, /^clientSecret\s+\(set\)\s+file/m] },
    after: (ctx, result) => {
      if (result.stdout.includes(ctx.demo.clientSecret) || result.stderr.includes(ctx.demo.clientSecret)) throw new Error('luco config show printed the secret');
    },
  },
  {
    readme: 'packages/cli/README.md',
    command:
      'printf %s "$SECRET" | luco login --base-url https://luco.example.com/api --tenant-id "$TENANT_ID" ' +
      '--client-id "$CLIENT_ID" --resource-id "$RESOURCE_ID" --client-secret-stdin',
    cwd: 'work',
    onPath: true,
    note:
      'Azure AD in Microsoft\'s cloud and a made-up API host cannot answer here. Run as written with made-up values and LUCO_AUTHORITY_HOST on a closed local port: ' +
      'the token request fails at once, and luco must say so in one line, exit 5 (unavailable), keep the saved config as it was and show no secret',
    env: () => ({ SECRET: 'not-a-real-secret-4f1c', TENANT_ID: 'contoso', CLIENT_ID: 'app-id', RESOURCE_ID: 'api://luco', LUCO_AUTHORITY_HOST: 'http://127.0.0.1:9' }),
    before: (ctx) => {
      const file = join(ctx.home, '.config/luco/config.json');
      ctx.values.configBeforeAzureLogin = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    expect: { exit: 5, stderr: [/^luco: error: \w+: .*token/im], not: [/not-a-real-secret-4f1c/, /Logged in/] },
    after: (ctx) => {
      const file = join(ctx.home, '.config/luco/config.json');
      const now = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (now !== ctx.values.configBeforeAzureLogin) throw new Error('a failed login changed the saved config file');
    },
  },
  ...cliExamples(),
  ...gateExamples(),
  ...metricHistoryExamples(),
  ...alertsExamples(),
  {
    readme: 'packages/cli/README.md',
    command: 'luco sequences export > sequences.json',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    expect: { exit: 0 },
    after: (ctx) => {
      const exported = JSON.parse(readFileSync(join(ctx.work, 'sequences.json'), 'utf8'));
      if (!Array.isArray(exported) || exported.length < 5) throw new Error(`sequences.json holds ${exported.length} sequences, not the demo's 5`);
    },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco sequences import sequences.json --allow-overwrites --dry-run',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    expect: { exit: 0, stdout: [/Exists\s+\d+\s+client=acme,feed=sales/], not: [/NotProcessed|Updated/] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco sequences import sequences.json --allow-overwrites',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    expect: { exit: 0, stdout: [/Exists\s+\d+\s+client=acme,feed=sales/], not: [/NotProcessed|Updated/] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'mkdir -p sequences && luco sequences export --format yaml > sequences/all.yaml',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    expect: { exit: 0 },
    after: (ctx) => {
      const text = readFileSync(join(ctx.work, 'sequences/all.yaml'), 'utf8');
      const items = text.match(/^- name:$/gm) ?? [];
      if (items.length < 5) throw new Error(`sequences/all.yaml holds ${items.length} sequences, not the demo's 5`);
      if (text.includes('slotSequenceId')) throw new Error('the YAML export carries server ids');
    },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco sequences plan -f sequences',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    note: 'the exported files, planned at once: nothing to do (exit 0)',
    expect: { exit: 0, stdout: [/^Plan: 0 to create, 0 to update, 0 to archive, \d+ unchanged\.$/m] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco sequences apply -f sequences --prune --scope client=acme --yes',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    note: 'the files hold every sequence of the demo, so nothing is pruned or changed',
    expect: { exit: 0, stdout: [/^Plan: 0 to create, 0 to update, 0 to archive, \d+ unchanged\.$/m], stderr: [/Nothing to do/] },
  },
  {
    readme: 'packages/cli/README.md',
    script: 'luco sequences plan -f sequences --prune --scope client=acme || status=$?',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    note: 'CI_BRANCH is unset (a pull request): the plan has nothing to do, so the script says so and exits 0',
    expect: { exit: 0, stdout: [/the server already holds what the files say/] },
  },
  {
    readme: 'packages/cli/README.md',
    command: 'luco run --sequence client=acme,feed=sales --tag 2026-11-27 --stage load -- ./load.sh --full',
    cwd: 'work',
    server: 'demo',
    lucoEnv: true,
    onPath: true,
    files: { 'load.sh': LOAD_SCRIPT },
    expect: { exit: 0, stdout: [/^loading sales --full$/m], stderr: [/recorded Completed on submission \d+/] },
  },
  {
    readme: 'packages/cli/README.md',
    script: 'luco run --sequence client=acme,feed=sales --stage load -- sh -c',
    cwd: 'work',
    server: 'demo',
    onPath: true,
    note:
      'the script exports its own settings: its placeholders become the demo server\'s (no tenant: a token URL instead), and the secret and token URL come ' +
      'from the environment, as the script says of the secret ("from the CI\'s secret store"). Its last line fails the job when a sequence is overdue: the demo has one',
    env: (ctx) => ({ LUCO_CLIENT_SECRET: ctx.demo.clientSecret, LUCO_TOKEN_URL: `${ctx.demo.url}/oauth2/token` }),
    substitute: [
      ['https://luco.example.com/api', (ctx) => ctx.demo.url],
      ['LUCO_TENANT_ID=...', () => 'LUCO_TENANT_ID='],
      ['LUCO_CLIENT_ID=...', (ctx) => `LUCO_CLIENT_ID=${ctx.demo.clientId}`],
      ['LUCO_RESOURCE_ID=...', () => 'LUCO_RESOURCE_ID=luco'],
    ],
    files: { 'load.sh': '#!/bin/sh\nprintf "order-1\\norder-2\\norder-3\\n"\n' },
    expect: { exit: 1, stdout: [/^latest submission: \d+$/m, /^client=acme,feed=orders$/m], stderr: [/recorded Completed on submission \d+/] },
  },

  // ------------------------------------------------------------------ packages/sdk/README.md
  {
    readme: 'packages/sdk/README.md',
    snippet: 'const rows = await loadSales();',
    server: 'demo',
    lucoEnv: true,
    prelude: "async function loadSales(): Promise<Array<{ id: number }>> {\n  return [{ id: 1 }, { id: 2 }, { id: 3 }];\n}",
    epilogue: LAST_RUN_OF_2026_11_27,
    expect: { exit: 0, stdout: [/^readme-check: Completed 3$/m] },
  },
  {
    readme: 'packages/sdk/README.md',
    snippet: 'for await (const sequence of luco.slotSequencesOverview(',
    server: 'demo',
    lucoEnv: true,
    prelude: "import { LucoApi } from '@lucots/sdk';\nconst luco = new LucoApi();",
    epilogue: "console.log('readme-check:', all.length, firstPage.items.length);",
    expect: { exit: 0, stdout: [/feed: 'orders' \} 1$/m, /^\d+ of \d+$/m, /^readme-check: \d+ \d+$/m], not: [/RangeError/] },
  },
  {
    readme: 'packages/sdk/README.md',
    snippet: 'convertSuiteToCollection(geValidationResultJson)',
    server: 'demo',
    lucoEnv: true,
    prelude: [
      "import { LucoApi } from '@lucots/sdk';",
      'const luco = new LucoApi();',
      "const run = await luco.createSubmission(await luco.findSlotId('2026-11-28', { client: 'acme', feed: 'sales' }), { stage: 'validate' });",
      "const geValidationResultJson = { success: true, results: [{ success: true, expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'id' } } }] };",
    ].join('\n'),
    note: 'as its comment says, the first submitQuality throws DataQualityError (a failed check whose onFail is fail): the snippet ends there, so its last line never runs',
    expect: { exit: 1, stderr: [/DataQualityError: Data quality validation failed/] },
  },
  {
    readme: 'packages/sdk/README.md',
    snippet: 'const queue = await DeliveryQueue.open(luco, {',
    server: 'demo',
    lucoEnv: true,
    epilogue: `
      const readmeIds = await run.resolved();
      const readmeRun = luco.getSubmission(readmeIds.slotId, readmeIds.submissionId);
      console.log('readme-check:', await readmeRun.getMetric('load', 'rows'), await readmeRun.status());`,
    expect: { exit: 0, stdout: [/^readme-check: 1200 Completed$/m] },
  },

  {
    readme: 'packages/sdk/README.md',
    snippet: "const ops = await luco.alerts.channels.create({ name: 'on-call'",
    server: 'demo',
    lucoEnv: true,
    note: 'against the demo server; the prelude gives the rotation its two secrets (current and next), the epilogue reads back what the snippet made',
    prelude:
      "import { randomBytes } from 'node:crypto';\nimport { LucoApi } from '@lucots/sdk';\nconst luco = new LucoApi();\n" +
      "const current = `whsec_${randomBytes(32).toString('base64')}`;\nconst next = `whsec_${randomBytes(32).toString('base64')}`;",
    epilogue:
      "const readmeChannel = await luco.alerts.channels.get(ops.channelId);\n" +
      "const readmeRule = (await luco.alerts.rules.list()).find((rule) => rule.name === 'late sales');\n" +
      "console.log('readme-check:', readmeChannel.settings.signingSecrets?.count, readmeRule?.graceSeconds, readmeRule?.channelIds.join(','), ops.channelId);",
    expect: { exit: 0, stdout: [/^whsec_\S+$/m, /^\d+ (overdue|failed|quality_cancelled|quality_failed) /m, /^readme-check: 1 900 (\d+) \1$/m] },
    after: (ctx, result) => {
      const secret = /^(whsec_\S+)$/m.exec(result.stdout)?.[1];
      if (secret) ctx.secrets.push(secret);
    },
  },

  // --------------------------------------------------------------- packages/server/README.md
  {
    readme: 'packages/server/README.md',
    command: 'npm install && npm run build',
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0 },
  },
  {
    readme: 'packages/server/README.md',
    command: 'npx luco-server serve',
    server: 'none',
    longRunning: { ready: /^luco-server listening on http:\/\/127\.0\.0\.1:8080$/m, stop: 'SIGTERM' },
    expect: { exit: 143, output: [/"signal":"SIGTERM","msg":"draining in-flight requests, then closing the database"/] },
    after: (ctx) => {
      if (!existsSync(join(ctx.clone, '.luco/luco.db'))) throw new Error('no ./.luco/luco.db');
    },
  },
  {
    readme: 'packages/server/README.md',
    command: 'npm install -g --install-links --allow-scripts=better-sqlite3 ./packages/server',
    note: "run as written, with npm's global folder (npm_config_prefix) in the check's own home; the installed luco-server must then run from outside the clone",
    env: (ctx) => ({ npm_config_prefix: join(ctx.home, 'npm-global-server') }),
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0, not: [/not yet covered by allowScripts/] },
    after: (ctx) => {
      const bin = join(ctx.home, 'npm-global-server', 'bin', 'luco-server');
      if (!existsSync(bin)) throw new Error('the global install put no luco-server in its bin folder');
      const version = ctx.run(`cd / && ${JSON.stringify(bin)} --version`).trim();
      if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`the installed luco-server --version printed ${JSON.stringify(version)}`);
    },
  },
  {
    readme: 'packages/server/README.md',
    command: 'export LUCO_KEY_ENCRYPTION_KEY="$(npx luco-server keys generate)"',
    expect: { exit: 0, vars: { LUCO_KEY_ENCRYPTION_KEY: /^\S{32,}$/ } },
  },
  {
    readme: 'packages/server/README.md',
    command: 'npx luco-server clients create --role writer --name etl --json',
    expect: { exit: 0, stdout: [/"role":"writer"/, /"name":"etl"/] },
    after: (ctx, result) => {
      const created = JSON.parse(result.stdout);
      ctx.values.etlClientId = created.clientId;
      ctx.secrets.push(created.clientSecret);
    },
  },
  {
    readme: 'packages/server/README.md',
    command: 'npx luco-server clients list',
    expect: { exit: 0, stdout: [/etl/, /writer/] },
  },
  {
    readme: 'packages/server/README.md',
    command: 'npx luco-server clients revoke luco_0123456789abcdef',
    substitute: [['luco_0123456789abcdef', (ctx) => ctx.values.etlClientId]],
    expect: { exit: 0, output: [/revoked/i] },
  },
  {
    readme: 'packages/server/README.md',
    snippet: "const luco = new LucoApi({ baseUrl: 'http://127.0.0.1:8080'",
    server: 'demo',
    substitute: [demoUrl],
    env: (ctx) => ({ README_CLIENT_ID: ctx.demo.clientId, README_CLIENT_SECRET: ctx.demo.clientSecret }),
    prelude: "import { LucoApi } from '@lucots/sdk';\nconst clientId = process.env.README_CLIENT_ID!;\nconst clientSecret = process.env.README_CLIENT_SECRET!;",
    epilogue: "console.log('readme-check:', (await luco.slotSequencesOverview().toArray()).length);",
    expect: { exit: 0, stdout: [/^readme-check: [5-9]$/m] },
  },

  // ------------------------------------------------------------- packages/dashboard/README.md
  {
    readme: 'packages/dashboard/README.md',
    command: 'npm run build -w packages/dashboard',
    timeoutMs: BUILD_TIMEOUT_MS,
    expect: { exit: 0 },
    after: (ctx) => {
      const index = readFileSync(join(ctx.clone, 'packages', 'dashboard', 'dist', 'index.html'), 'utf8');
      if (!/<script type="module" crossorigin src="\/ui\/assets\/index-[\w-]+\.js"><\/script>/.test(index)) throw new Error(`dist/index.html does not load its hashed script from /ui/assets/:\n${index}`);
    },
  },
  {
    readme: 'packages/dashboard/README.md',
    command: 'node packages/dashboard/scripts/bundle-size.mjs',
    expect: { exit: 0, stdout: [/^JavaScript: [\d.]+ kB, gzip [\d.]+ kB$/m] },
  },
  {
    readme: 'packages/dashboard/README.md',
    command: 'npx vitest run --project dashboard',
    timeoutMs: 300_000,
    expect: { exit: 0, output: [/Tests\s+\d+ passed/] },
  },
];

/** packages/cli/README.md's example block: one shell session, SLOT and SUB carried along. */
function cliExamples() {
  const base = { readme: 'packages/cli/README.md', cwd: 'work', server: 'demo', lucoEnv: true, onPath: true };
  return [
    { ...base, command: 'SLOT=$(luco slot find --sequence client=acme,feed=sales --tag 2026-11-27)', expect: { exit: 0, vars: { SLOT: SLOT_ID } } },
    { ...base, command: 'SUB=$(luco submission create --slot "$SLOT" --detect-env)', expect: { exit: 0, vars: { SUB: SLOT_ID } } },
    { ...base, command: 'luco metrics submit --slot "$SLOT" --submission "$SUB" --stage load rows=1200 source=sftp', expect: { exit: 0 } },
    {
      ...base,
      command: 'python validate.py | luco quality submit --slot "$SLOT" --submission "$SUB" --stage validate --file -',
      // A validation step that prints a Luco check collection as JSON.
      files: { 'validate.py': 'import json\nprint(json.dumps({"name": "sales", "checks": [{"check": "rows are not empty", "success": True}]}))\n' },
      expect: { exit: 0, stdout: [/^action\s+Continued$/m] },
    },
    { ...base, command: 'luco status submit --slot "$SLOT" --submission "$SUB" --status Completed', expect: { exit: 0 } },
    { ...base, command: 'luco submission show --slot "$SLOT" --submission "$SUB"', expect: { exit: 0, stdout: [/Completed/, /rows\s+1200/, /source\s+sftp/, /sales/] } },
    { ...base, command: 'luco sequences params --sequence client=acme,feed=sales --group source --key path', expect: { exit: 0, stdout: [/^\/exports\/sales\/\*\.csv$/m] } },
    { ...base, command: 'luco sequences overview --overdue-count-start 1 --sort-by overdue --sort-dir desc', expect: { exit: 0, stdout: [/acme.*orders/] } },
  ];
}

/**
 * packages/cli/README.md's `luco wait` block, against the demo server after the examples block has
 * completed a run of acme/sales tagged 2026-11-27 (its quality results may hold a failed check, so
 * the strict policy's verdict is either).
 */
function gateExamples() {
  const base = { readme: 'packages/cli/README.md', cwd: 'work', server: 'demo', lucoEnv: true, onPath: true };
  return [
    {
      ...base,
      command: 'luco wait --sequence client=acme,feed=sales --tag 2026-11-27 --timeout 2h && echo "go: the sales of 2026-11-27 passed"',
      expect: { exit: 0, stdout: [/^passed: Submission \d+ Completed/m, /^go: the sales of 2026-11-27 passed$/m], stderr: [/luco: waiting for client=acme,feed=sales 2026-11-27/] },
    },
    {
      ...base,
      command: "luco wait --sequence client=acme,feed=sales --tag 2026-11-27 --policy noFailedChecks --timeout 10s --json | jq -r '.verdict, .reasons[].message'",
      expect: { exit: 0, stdout: [/^(passed|failed)$/m, /Submission \d+|Quality checks of submission \d+ failed/] },
    },
  ];
}

/** packages/cli/README.md's `luco metrics history` block, against the demo server (its runs record rows_loaded in stage load). */
function metricHistoryExamples() {
  const base = { readme: 'packages/cli/README.md', cwd: 'work', server: 'demo', lucoEnv: true, onPath: true };
  return [
    {
      ...base,
      command: 'luco metrics history --sequence client=acme,feed=daily-sales --metric rows_loaded --stage load',
      expect: { exit: 0, stdout: [/^TAG\s+TIME\s+VALUE\s+SUBMISSION\s+STATUS$/m, /^\d{4}-\d{2}-\d{2}\s+\S+Z\s+\d+\s+\d+\s+Completed/m, /^rows_loaded \(load\) {2}[▁▂▃▄▅▆▇█]+ {2}min \d+ {2}max \d+/m] },
    },
    {
      ...base,
      command: "luco metrics history --sequence client=acme,feed=daily-sales --metric rows_loaded --stage load --json | jq '.values | length'",
      expect: { exit: 0, stdout: [/^[1-9]\d*$/m] },
    },
  ];
}

/**
 * packages/cli/README.md's alerts block: one shell session against the demo server, which has an
 * alert rule of its own (so `luco alerts list` has something to show). Hosts such as
 * hooks.example.com do not answer here: channels are saved all the same, and sends are retried.
 */
function alertsExamples() {
  const base = { readme: 'packages/cli/README.md', cwd: 'work', server: 'demo', lucoEnv: true, onPath: true };
  const WHSEC = /^whsec_[A-Za-z0-9+/]{43}=$/;
  const fileHolds = (name, pattern) => (ctx) => {
    const text = readFileSync(join(ctx.work, name), 'utf8').trim();
    if (!pattern.test(text)) throw new Error(`${name} holds ${JSON.stringify(text.slice(0, 12))}..., not a whsec_ secret`);
  };
  return [
    {
      ...base,
      command: 'luco alerts channels create --name ops --type webhook --url https://hooks.example.com/luco',
      expect: { exit: 0, stdout: [/^name\s+ops$/m, /^target\s+https:\/\/hooks\.example\.com\/…$/m, /^signingSecret\s+whsec_\S+$/m], stderr: [/shown once/] },
      after: (ctx, result) => {
        ctx.secrets.push(/^signingSecret\s+(\S+)$/m.exec(result.stdout)[1]);
      },
    },
    { ...base, command: 'printf \'whsec_%s\\n\' "$(head -c 32 /dev/urandom | base64)" > ops-secret.txt', expect: { exit: 0 }, after: fileHolds('ops-secret.txt', WHSEC) },
    {
      ...base,
      command: 'luco alerts channels create --name ops-signed --type webhook --url https://hooks.example.com/signed --signing-secret-file ops-secret.txt',
      expect: { exit: 0, stdout: [/^secrets\s+1 signing secret/m], not: [/whsec_/] },
    },
    {
      ...base,
      command: "printf %s 'https://hooks.slack.com/services/T000/B000/XXXXXXXX' | luco alerts channels create --name slack --type slack --url-file -",
      // The URL is the secret: shown as its host only.
      expect: { exit: 0, stdout: [/^target\s+https:\/\/hooks\.slack\.com\/…$/m], not: [/XXXXXXXX|T000/] },
    },
    {
      ...base,
      command:
        "printf %s 'smtp-password' | luco alerts channels create --name mail --type email --host smtp.example.com --port 587 " +
        '--security starttls --username luco --password-stdin --from luco@example.com --to ops@example.com,data@example.com',
      expect: { exit: 0, stdout: [/^target\s+smtp\.example\.com:587 \(starttls\) to ops@example\.com, data@example\.com$/m, /with a password/], not: [/smtp-password/] },
    },
    { ...base, command: 'luco alerts channels list', expect: { exit: 0, stdout: [/^\s*\d+\s+ops\s+webhook/m, /^\s*\d+\s+ops-signed\s+webhook/m, /^\s*\d+\s+slack\s+slack/m, /^\s*\d+\s+mail\s+email/m], not: [/XXXXXXXX|smtp-password/] } },
    {
      ...base,
      command: 'luco alerts channels show ops --json',
      expect: { exit: 0, not: [/whsec_/] },
      after: (ctx, result) => {
        const channel = JSON.parse(result.stdout);
        if (channel.name !== 'ops' || channel.settings.signingSecrets?.count !== 1) throw new Error(`unexpected channel: ${result.stdout}`);
      },
    },
    { ...base, command: 'printf \'whsec_%s\\n\' "$(head -c 32 /dev/urandom | base64)" > next-secret.txt', expect: { exit: 0 }, after: fileHolds('next-secret.txt', WHSEC) },
    { ...base, command: 'cat next-secret.txt ops-secret.txt | luco alerts channels update ops-signed --signing-secret-stdin', expect: { exit: 0, stdout: [/^secrets\s+2 signing secrets/m], not: [/whsec_/] } },
    { ...base, command: 'luco alerts channels update ops-signed --signing-secret-file next-secret.txt', expect: { exit: 0, stdout: [/^secrets\s+1 signing secret/m], not: [/whsec_/] } },
    {
      ...base,
      command:
        "luco alerts rules create --name late-sales --sequence 'client=acme,feed=*' --events overdue,failed " +
        "--grace 15m --reminder 1h --mute 'Sat,Sun 00:00-23:59 Europe/London' --channel ops --channel slack",
      expect: { exit: 0, stdout: [/^sequences\s+client=acme,feed=\*$/m, /^grace\s+15m$/m, /^reminder\s+1h$/m, /^mute\s+Sat,Sun 00:00-23:59 Europe\/London$/m, /^channels\s+ops \(\d+, webhook\), slack \(\d+, slack\)$/m] },
    },
    { ...base, command: 'luco alerts rules update late-sales --grace 30m --reminder none', expect: { exit: 0, stdout: [/^grace\s+30m$/m, /^reminder\s+none$/m, /^mute\s+Sat,Sun/m] } },
    {
      ...base,
      command: 'luco alerts rules show late-sales --json > rule.json',
      expect: { exit: 0 },
      after: (ctx) => {
        const rule = JSON.parse(readFileSync(join(ctx.work, 'rule.json'), 'utf8'));
        if (rule.name !== 'late-sales' || rule.graceSeconds !== 1800 || rule.reminderSeconds !== null) throw new Error(`rule.json is not the updated rule: ${JSON.stringify(rule)}`);
      },
    },
    { ...base, command: 'luco alerts rules update late-sales -f rule.json', expect: { exit: 0, stdout: [/^name\s+late-sales$/m, /^grace\s+30m$/m] } },
    { ...base, command: 'luco alerts rules list', expect: { exit: 0, stdout: [/late-sales\s+yes\s+client=acme,feed=\*\s+overdue,failed\s+30m/] } },
    // The demo's own rule watches client=acme, and its orders delivery never came.
    { ...base, command: "luco alerts list --state open --sequence 'client=acme'", expect: { exit: 0, stdout: [/client=acme, ?feed=orders/, /overdue/] } },
    { ...base, command: 'luco alerts list --since 2026-12-01 --json | jq -r \'"\\(.alertId) \\(.state) \\(.kind) \\(.slot.tag)"\'', expect: { exit: 0, stdout: [/^\d+ (open|pending|resolved|cancelled) \w+ \S+$/m] } },
    { ...base, command: 'ID=$(luco alerts list --json --limit 1 | jq .alertId) && [ -n "$ID" ] && luco alerts show "$ID"', expect: { exit: 0, vars: { ID: /^\d+$/ } } },
    { ...base, command: 'luco alerts rules delete late-sales', expect: { exit: 0, output: [/Deleted alert rule \d+/] } },
    { ...base, command: 'luco alerts channels delete mail', expect: { exit: 0, output: [/Deleted alert channel \d+/] } },
  ];
}
