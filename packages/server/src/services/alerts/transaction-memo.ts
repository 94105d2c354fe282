import type { SlotFactsRow } from '../../storage/repositories/alerts/slot-facts.js';

/**
 * What one engine transaction has already read: the facts of its batch's slots (read together
 * before the batch) and the enabled channels of each rule. Kept per transaction object, so it
 * never outlives the transaction and never serves another one's reads.
 */
export interface TransactionMemo {
  slots: Map<number, SlotFactsRow>;
  enabledChannels: Map<string, number[]>;
}

const memos = new WeakMap<object, TransactionMemo>();

export function transactionMemo(trx: object): TransactionMemo {
  let memo = memos.get(trx);
  if (!memo) {
    memo = { slots: new Map(), enabledChannels: new Map() };
    memos.set(trx, memo);
  }
  return memo;
}
