import type { TestApp } from '../support/app.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanItem {
  slotSequenceDefinition: Array<{ slotParameter: { key: string; value: string }; position: number }>;
  slotSequenceId: number | null;
  result: string;
  pruned?: boolean;
  changes: FieldChange[];
  notApplied?: FieldChange[];
  errors?: Array<{ field: string; message: string }>;
}

export interface PlanBody {
  fingerprint: string;
  createdCount: number;
  existsCount: number;
  notProcessedCount: number;
  updatedCount: number;
  notUpdatedCount: number;
  archivedCount: number;
  slotSequenceImports: PlanItem[];
}

/** What plan-as-code sends: the files are the desired state, so both permission flags are on. */
export const AS_CODE = { allowOverwrites: true, allowArchiving: true };

export async function post(t: TestApp, path: 'plan' | 'apply', body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await t.app.inject({ method: 'POST', url: `/lucots/v1/slot-sequences/${path}`, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  return { status: response.statusCode, body: response.json() };
}

export async function planOk(t: TestApp, body: Record<string, unknown>): Promise<PlanBody> {
  const { status, body: answer } = await post(t, 'plan', body);
  if (status !== 200) throw new Error(`plan answered ${status}: ${JSON.stringify(answer)}`);
  return answer as PlanBody;
}

/** Every stored sequence in the export format: what must not change after a plan. */
export async function exportAll(t: TestApp): Promise<unknown> {
  return (await t.app.inject({ method: 'GET', url: '/v2/slotsequences/export' })).json();
}

/** `client=acme,feed=sales` for an item's wire name. */
export function nameOf(item: PlanItem): string {
  return item.slotSequenceDefinition.map((part) => `${part.slotParameter.key}=${part.slotParameter.value}`).join(',');
}
