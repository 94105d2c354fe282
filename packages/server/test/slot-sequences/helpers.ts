import type { TestApp } from '../support/app.js';

export const DAILY_LONDON = { isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London', startDate: '2026-11-01', endDate: null };

/** A valid config item for `client=<client>, feed=sales`. */
export function configItem(client: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: [{ key: 'client', value: client }, { key: 'feed', value: 'sales' }],
    type: 'Daily Feed',
    parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: `/in/${client}` }] }] },
    delivery: [DAILY_LONDON],
    ...overrides,
  };
}

export interface ImportItemBody {
  slotSequenceDefinition: Array<{ slotParameter: { key: string; value: string }; position: number }>;
  slotSequenceId: number | null;
  result: string;
  errors?: Array<{ field: string; message: string }>;
}

export interface ImportBody {
  createdCount: number;
  existsCount: number;
  notProcessedCount: number;
  updatedCount: number;
  notUpdatedCount: number;
  archivedCount: number;
  slotSequenceImports: ImportItemBody[];
}

/** POSTs an import as LucoPy does (json-patch content type); returns status and body. */
export async function postImport(t: TestApp, body: unknown): Promise<{ status: number; body: ImportBody & Record<string, unknown> }> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/v2/slotsequences/import',
    headers: { 'content-type': 'application/json-patch+json' },
    payload: JSON.stringify(body),
  });
  return { status: response.statusCode, body: response.json() };
}

/** Imports and expects a 200. */
export async function importOk(t: TestApp, slotSequences: unknown[], flags: Record<string, boolean> = {}): Promise<ImportBody> {
  const { status, body } = await postImport(t, { ...flags, slotSequences });
  if (status !== 200) throw new Error(`import answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export const counts = (body: ImportBody) => ({
  created: body.createdCount,
  exists: body.existsCount,
  notProcessed: body.notProcessedCount,
  updated: body.updatedCount,
  notUpdated: body.notUpdatedCount,
  archived: body.archivedCount,
});

export const results = (body: ImportBody) => body.slotSequenceImports.map((item) => item.result);

export async function getJson(t: TestApp, url: string): Promise<{ status: number; body: any }> {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
}
