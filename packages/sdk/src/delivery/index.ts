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
export { classifyDeliveryError, type Classification, type Disposition } from './classify.js';
export type { DoneRecord, HandleValue, JournalRecord, OperationKind, OperationRecord, Outcome } from './records.js';
