import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, removeHomes } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
let env: NodeJS.ProcessEnv;

const daily = (expectedBy: string) => [{ isActive: true, cadence: 'daily', expectedBy, timeZone: 'Europe/London', startDate: '2026-01-01' }];
const seq = (client: string, feed: string, expectedBy = '09:00') => ({ name: { client, feed }, type: 'Feed', delivery: daily(expectedBy) });

let counter = 0;
async function folder(files: Record<string, string>): Promise<string> {
  const path = join(server.folder, `files-${++counter}`);
  await mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(path, name), text);
  return path;
}

interface PlanJson {
  fingerprint: string;
  counts: Record<string, number>;
  items: Array<{ name: Record<string, string>; result: string; pruned: boolean; changes: Array<{ field: string; before: unknown; after: unknown }>; source: { file: string; line: number } | null; errorLines?: string[] }>;
}

beforeAll(async () => {
  server = await startServer();
  env = isolatedEnv(server.lucoEnv());
  await server.sdk.submitSlotSequences([seq('acme', 'sales'), seq('acme', 'orders'), seq('acme', 'stock'), seq('beta', 'sales')]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco sequences plan', () => {
  it('export --format yaml, then plan: nothing to do (exit 0)', async () => {
    const exported = await luco(['sequences', 'export', '--format', 'yaml'], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^- name:\n {4}- key: client\n {6}value: acme/);
    expect(exported.stdout).not.toContain('slotSequenceId');
    const dir = await folder({ 'all.yaml': exported.stdout });
    const plan = await luco(['sequences', 'plan', '-f', dir], { env });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim()).toBe('Plan: 0 to create, 0 to update, 0 to archive, 4 unchanged.');
  });

  it('a changed schedule shows before -> after, and exits 2 (changes pending)', async () => {
    const exported = (await luco(['sequences', 'export', '--format', 'yaml', '--name', 'client=acme,feed=sales'], { env })).stdout;
    const dir = await folder({ 'sales.yaml': exported.replace('expectedBy: 09:00', 'expectedBy: 07:30'), 'new.json': JSON.stringify([seq('acme', 'returns')], null, 2) });
    const plan = await luco(['sequences', 'plan', '-f', join(dir, 'sales.yaml'), '-f', join(dir, 'new.json')], { env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ client=acme,feed=sales  update');
    expect(plan.stdout).toContain('    delivery[0].expectedBy: "09:00" -> "07:30"');
    expect(plan.stdout).toMatch(/\+ client=acme,feed=returns {2}create {2}\S+new\.json:2\n {4}type: "Feed"/);
    expect(plan.stdout).toContain('Plan: 1 to create, 1 to update, 0 to archive, 0 unchanged.');

    const json = await luco(['sequences', 'plan', '-f', dir, '--json'], { env });
    expect(json.code).toBe(2);
    const document = JSON.parse(json.stdout) as PlanJson;
    expect(document.items.map((item) => [item.result, item.source?.line])).toEqual([
      ['Created', 2],
      ['Updated', 1],
    ]);
    expect(document.items[1]!.changes).toEqual([{ field: 'delivery[0].expectedBy', before: '09:00', after: '07:30' }]);
  });

  it('prunes within the declared scope only, and refuses a prune without a scope', async () => {
    const dir = await folder({ 'acme.yaml': `- name: { client: acme, feed: sales }\n  type: Feed\n  delivery:\n    - { cadence: daily, expectedBy: "09:00", timeZone: Europe/London, startDate: "2026-01-01" }\n` });
    const plan = await luco(['sequences', 'plan', '-f', dir, '--prune', '--scope', 'client=acme', '--json'], { env });
    expect(plan.code).toBe(2);
    const document = JSON.parse(plan.stdout) as PlanJson;
    expect(document.items.map((item) => [item.name, item.result, item.pruned])).toEqual([
      [{ client: 'acme', feed: 'sales' }, 'Exists', false],
      [{ client: 'acme', feed: 'orders' }, 'Archived', true],
      [{ client: 'acme', feed: 'stock' }, 'Archived', true],
    ]);
    const text = await luco(['sequences', 'plan', '-f', dir, '--prune', '--scope', 'client=acme'], { env });
    expect(text.stdout).toContain('- client=acme,feed=orders  archive (not in the files; in the prune scope)\n    isActive: true -> false');

    const unscoped = await luco(['sequences', 'plan', '-f', dir, '--prune'], { env });
    expect(unscoped.code).toBe(1); // not 2: that would read as "changes pending"
    expect(unscoped.stderr).toMatch(/--prune needs --scope/);
    const unscopedApply = await luco(['sequences', 'apply', '-f', dir, '--prune', '--yes'], { env });
    expect(unscopedApply.code).toBe(2);
    const badFlag = await luco(['sequences', 'plan', '-f', dir, '--no-such-flag'], { env });
    expect(badFlag.code).toBe(1);
  });

  it('a bad field is reported with its file, line and field (YAML and JSON); bad syntax with its line', async () => {
    const yaml = 'slotSequences:\n  - name:\n      client: acme\n      feed: bad\n    delivery:\n      - cadence: hourly\n        expectedBy: "09:00"\n        timeZone: UTC\n        startDate: "2026-01-01"\n';
    const json = JSON.stringify({ name: { client: 'acme', feed: 'bad-json' }, type: 'Feed', parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'k', value: { nested: true } }] }] } }, null, 2);
    const dir = await folder({ 'bad.yaml': yaml, 'bad.json': json });
    const plan = await luco(['sequences', 'plan', '-f', dir], { env });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/bad\.yaml:6: delivery\[0\]\.cadence: must be/);
    expect(plan.stdout).toMatch(/bad\.json:14: parameters\.slotParameterGroups\[0\]\.slotParameters\[0\]\.value: must be a string/);
    expect(plan.stderr).toMatch(/2 sequences are invalid/);

    const broken = await folder({ 'broken.yaml': '- name: { client: acme, feed: x }\n  type: [unclosed\n', 'broken.json': '[\n  {"name": {"client": "acme"}},\n  oops\n]' });
    const yamlError = await luco(['sequences', 'plan', '-f', join(broken, 'broken.yaml')], { env });
    expect(yamlError.code).toBe(1);
    expect(yamlError.stderr).toMatch(/broken\.yaml:\d: is not valid YAML/);
    const jsonError = await luco(['sequences', 'plan', '-f', join(broken, 'broken.json')], { env });
    expect(jsonError.code).toBe(1);
    expect(jsonError.stderr).toMatch(/broken\.json:3: is not valid JSON/);
    const notAnItem = await luco(['sequences', 'plan', '-f', await folder({ 'list.yaml': '- name: { client: a }\n- just text\n' })], { env });
    expect(notAnItem.code).toBe(1);
    expect(notAnItem.stderr).toMatch(/list\.yaml:2: item 1 must be a slot sequence/);
  });
});

describe('luco sequences apply', () => {
  it('refuses without --yes when there is no terminal to ask on, changing nothing', async () => {
    const before = await server.sdk.exportSlotSequences();
    const dir = await folder({ 'one.json': JSON.stringify(seq('acme', 'sales', '05:00')) });
    const result = await luco(['sequences', 'apply', '-f', dir], { env, input: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('delivery[0].expectedBy: "09:00" -> "05:00"');
    expect(result.stderr).toMatch(/no terminal to ask on .* give --yes .* Nothing was changed/);
    expect(await server.sdk.exportSlotSequences()).toEqual(before);
  });

  it('applies exactly the plan it showed (--yes), and the same files then plan as nothing to do', async () => {
    const dir = await folder({ 'gamma.yaml': `- name: { client: gamma, feed: sales }\n  type: Feed\n- name: { client: gamma, feed: orders }\n` });
    const planned = JSON.parse((await luco(['sequences', 'plan', '-f', dir, '--json'], { env })).stdout) as PlanJson;
    const applied = await luco(['sequences', 'apply', '-f', dir, '--yes', '--json'], { env });
    expect(applied.code).toBe(0);
    const document = JSON.parse(applied.stdout) as { plan: PlanJson; applied: PlanJson };
    const outcome = (plan: PlanJson) => plan.items.map((item) => [item.name, item.result, item.changes]);
    expect(outcome(document.plan)).toEqual(outcome(planned));
    expect(outcome(document.applied)).toEqual(outcome(planned));
    const text = await luco(['sequences', 'apply', '-f', dir, '--yes'], { env });
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('Nothing to do');
    expect((await luco(['sequences', 'plan', '-f', dir], { env })).code).toBe(0);
  });

  it('refuses when the server changed between its plan and its apply, applying nothing', async () => {
    // Between luco's plan and its apply, someone else changes the sequence (the interposer does it
    // as the apply request passes, before forwarding it).
    const interposer = await interpose(server.url, async (path) => {
      if (path.startsWith('/lucots/v1/slot-sequences/apply')) await server.sdk.submitSlotSequences([seq('acme', 'stock', '12:00')], { allowOverwrites: true });
    });
    try {
      const dir = await folder({ 'stock.json': JSON.stringify([seq('acme', 'stock', '10:00')]) });
      const result = await luco(['sequences', 'apply', '-f', dir, '--yes'], { env: { ...env, LUCO_BASE_URL: interposer.url } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/not applied: the sequences this plan depends on changed on the server since it was made/);
      const [stored] = await server.sdk.exportSlotSequences({ names: [{ client: 'acme', feed: 'stock' }] });
      expect(stored?.delivery).toEqual([expect.objectContaining({ expectedBy: '12:00' })]);
    } finally {
      await interposer.close();
    }
  });
});

/** A pass-through proxy that runs `before(path)` (and waits for it) before forwarding each request. */
async function interpose(upstream: string, before: (path: string) => Promise<void>): Promise<{ url: string; close(): Promise<void> }> {
  const proxy: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      await before(req.url ?? '/');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value;
      const body = Buffer.concat(chunks);
      const response = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
      res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, close: () => new Promise((resolve) => proxy.close(() => resolve())) };
}


