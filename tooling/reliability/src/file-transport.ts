import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { MailTransport, OutgoingMessage } from "@rapport/marketing";

/** One message as the file transport wrote it: one JSON line. */
export interface FiledMessage {
  readonly key: string;
  readonly to: string;
  readonly messageId: string;
}

/** The messages in a file transport's file, in the order they were accepted. */
export function filedMessages(path: string): FiledMessage[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as FiledMessage);
}

/**
 * A mail transport that appends each accepted message to a file and fsyncs it before
 * answering, so what it accepted survives a SIGKILL of its process. With `idempotent`, it
 * reads the file first and answers a key it already holds with the first receipt.
 * `afterAccept` runs once a message is on disk, before the receipt goes back (a test pauses
 * there to be killed at the worst moment).
 */
export function fileTransport(
  path: string,
  options: { readonly idempotent: boolean; readonly afterAccept?: (count: number) => Promise<void> },
): MailTransport {
  return {
    idempotent: options.idempotent,
    send: async (message: OutgoingMessage) => {
      const filed = filedMessages(path);
      if (options.idempotent) {
        const earlier = filed.find((m) => m.key === message.idempotencyKey);
        if (earlier) return { messageId: earlier.messageId };
      }
      const entry: FiledMessage = {
        key: message.idempotencyKey,
        to: message.to,
        messageId: `<${filed.length + 1}.${process.pid}@file.rapport>`,
      };
      const fd = openSync(path, "a");
      try {
        writeSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      await options.afterAccept?.(filed.length + 1);
      return { messageId: entry.messageId };
    },
  };
}
