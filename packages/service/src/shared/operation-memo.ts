import type { OperationContext } from "@rapport/core";

const memos = new WeakMap<OperationContext, Map<string, Promise<unknown>>>();

/**
 * Reads `key` once per operation and hands every later caller in the same operation the
 * same answer. For rows a verb consults from several steps (a case's contact, queue and
 * calendar) that nothing in the operation changes; the memo dies with the operation.
 */
export function oncePerOperation<T>(op: OperationContext, key: string, read: () => Promise<T>): Promise<T> {
  let memo = memos.get(op);
  if (memo === undefined) {
    memo = new Map();
    memos.set(op, memo);
  }
  let answer = memo.get(key) as Promise<T> | undefined;
  if (answer === undefined) {
    answer = read();
    memo.set(key, answer);
  }
  return answer;
}
