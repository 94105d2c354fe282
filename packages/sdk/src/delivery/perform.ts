/**
 * One attempt at one queued write: the LucoApi call its record stands for, with the key it got when
 * queued and no retries of its own (the queue retries). Called by the sender.
 */
import type { LucoApi } from '../client.js';
import type { RequestOptions } from '../core/request-options.js';
import type { QualityInput } from '../resources/quality-submission.js';
import type { HandleValue, OperationRecord } from './records.js';

/** Sends the write; resolves with the real ids for a slot or submission operation. */
export async function performOperation(
  api: LucoApi,
  record: OperationRecord,
  attempt: { signal: AbortSignal; timeout: number | undefined },
): Promise<HandleValue | undefined> {
  const options: RequestOptions = { idempotencyKey: record.key, maxRetries: 0, signal: attempt.signal, timeout: attempt.timeout };
  switch (record.kind) {
    case 'slot': {
      const { tag, slotSequence, createIfMissing } = record.payload;
      return { slotId: await api.findSlotId(tag, slotSequence, { ...options, createIfMissing }) };
    }
    case 'submission': {
      const submission = await api.createSubmission(record.slot.slotId!, { ...options, startedOn: record.payload.startedOn });
      return { slotId: submission.slotId, submissionId: submission.submissionId };
    }
    default:
      break;
  }
  const submission = api.getSubmission(record.submission.slotId!, record.submission.submissionId!);
  switch (record.kind) {
    case 'metrics':
      await submission.submitMetrics(record.payload.metrics, { ...options, stage: record.payload.stage ?? undefined });
      return undefined;
    case 'status': {
      const { status, stage, type, message, modifiedBy, occurredOn } = record.payload;
      await submission.submitStatus(status, {
        ...options,
        stage: stage ?? undefined,
        type: type ?? undefined,
        message: message ?? undefined,
        modifiedBy: modifiedBy ?? undefined,
        occurredOn,
      });
      return undefined;
    }
    case 'quality': {
      const { results, stage, action, tool, dataSet } = record.payload;
      await submission.submitQuality(results as QualityInput, {
        ...options,
        stage: stage ?? undefined,
        action,
        tool: tool ?? undefined,
        dataSet: dataSet ?? undefined,
      });
      return undefined;
    }
    case 'runEnvironment':
      await submission.submitRunEnvironment(record.payload.runData, { ...options, stage: record.payload.stage ?? undefined });
      return undefined;
  }
}
