export {
  DeliveryClosedError,
  DeliveryQueue,
  QueuedSubmission,
  SlotHandle,
  UndeliveredError,
  type DeliveryBackoff,
  type DeliveryOptions,
  type DeliveryRecord,
  type DeliveryStats,
  type QueuedSubmissionRef,
} from './queue.js';
export { MemoryStore, StoreInUseError, type DeliveryStore, type StoreContext } from './store.js';
export { FileStore, type FileStoreOptions } from './file-store.js';
export { classifyDeliveryError, failureScope, type Classification, type Disposition, type FailureScope } from './classify.js';
export type { ServerErrorLimit } from './lane-backoff.js';
export type { DoneRecord, FailureRecord, HandleValue, JournalRecord, OperationKind, OperationRecord, Outcome } from './records.js';
