import { ByteQueue, type ByteLink } from '../link';
import { statusRequest } from './escpos';
import {
  isStatusByte,
  parseStatusBytes,
  summarizeStatus,
  type PrinterState,
  type PrinterStatus,
} from './status';

export interface ReceiptPrinterOptions {
  /** Opens the link (TCP, serial, USB file); called again after the link broke. */
  connect: () => Promise<ByteLink>;
  /** How long to wait for one status byte. */
  statusTimeoutMs?: number;
}

export type PrintResult = { ok: true } | { ok: false; state: PrinterState; message: string };

/**
 * An ESC/POS receipt printer over any link: real-time status through DLE EOT, and printing
 * only when the status says it can. A broken link is reopened on the next call; a printer
 * that does not answer is `offline`.
 */
export class ReceiptPrinter {
  private link: ByteLink | null = null;
  private queue: ByteQueue | null = null;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly statusTimeoutMs: number;

  constructor(private readonly options: ReceiptPrinterOptions) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  }

  /** One command at a time on the link: a status answer must not be taken by another. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.busy.then(task, task);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async ensureLink(): Promise<{ link: ByteLink; queue: ByteQueue }> {
    if (this.link?.open && this.queue) return { link: this.link, queue: this.queue };
    this.queue?.dispose();
    const link = await this.options.connect();
    this.link = link;
    this.queue = new ByteQueue(link);
    return { link, queue: this.queue };
  }

  private async drop(): Promise<void> {
    const link = this.link;
    this.queue?.dispose();
    this.link = null;
    this.queue = null;
    await link?.close().catch(() => undefined);
  }

  private async statusUnlocked(): Promise<PrinterStatus> {
    try {
      const { link, queue } = await this.ensureLink();
      queue.clear();
      const ask = async (n: 1 | 2 | 3 | 4) => {
        await link.write(statusRequest(n));
        const got = await queue.read((buffer) => {
          // Skip anything that is not a status byte (late data from an earlier request).
          const index = buffer.findIndex(isStatusByte);
          return index < 0 ? 0 : index + 1;
        }, this.statusTimeoutMs);
        return got[got.length - 1] as number;
      };
      const printer = await ask(1);
      const offlineCause = await ask(2);
      const paper = await ask(4);
      const errorCause = (offlineCause & 0x40) !== 0 ? await ask(3) : undefined;
      return summarizeStatus(parseStatusBytes({ printer, offlineCause, paper, errorCause }));
    } catch {
      await this.drop();
      return { state: 'offline', paperNearEnd: false };
    }
  }

  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.statusUnlocked());
  }

  /** Checks the status, prints if it is `ok`, and says why not otherwise. */
  print(bytes: Uint8Array): Promise<PrintResult> {
    return this.exclusive(async () => {
      const before = await this.statusUnlocked();
      if (before.state !== 'ok') return { ok: false, state: before.state, message: before.state };
      try {
        const { link } = await this.ensureLink();
        await link.write(bytes);
      } catch (error) {
        await this.drop();
        return { ok: false, state: 'offline', message: (error as Error).message };
      }
      // Paper can run out, or the cover open, in the middle of a slip.
      const after = await this.statusUnlocked();
      if (after.state !== 'ok')
        return { ok: false, state: after.state, message: 'stopped while printing' };
      return { ok: true };
    });
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.drop());
  }
}
