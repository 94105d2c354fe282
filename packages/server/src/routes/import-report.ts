import type { ImportReport } from '../services/slot-sequences/import.js';
import { toWireName } from '../wire/names.js';

/** An import report in the wire form LucoPy reads (the v2 import; a plan adds to each item). */
export function toImportResponse(report: ImportReport) {
  return {
    createdCount: report.counts.Created,
    existsCount: report.counts.Exists,
    notProcessedCount: report.counts.NotProcessed,
    updatedCount: report.counts.Updated,
    notUpdatedCount: report.counts.NotUpdated,
    archivedCount: report.counts.Archived,
    slotSequenceImports: report.items.map((item) => ({
      slotSequenceDefinition: toWireName(item.name),
      slotSequenceId: item.slotSequenceId,
      result: item.result,
      ...(item.errors ? { errors: item.errors } : {}),
    })),
  };
}
