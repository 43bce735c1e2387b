import { concatBytes } from './bytes';

/**
 * A byte pipe to a device: a TCP socket, a serial port, a /dev/usb/lp* file, or (for the
 * simulated devices in a browser) an in-memory pair. The drivers see only this.
 */
export interface ByteLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Every chunk the device sends, in order. Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** The link broke or was closed (unplugged, connection reset). */
  onClose(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
  readonly open: boolean;
}

type Listener<T> = (value: T) => void;

/** A minimal listener list (no Node EventEmitter: these modules also run in a browser). */
export class Listeners<T> {
  private readonly list = new Set<Listener<T>>();
  add(listener: Listener<T>): () => void {
    this.list.add(listener);
    return () => this.list.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.list]) listener(value);
  }
  get size(): number {
    return this.list.size;
  }
}

/** Base for links: keeps the listener lists and the open flag. */
export abstract class BaseLink implements ByteLink {
  protected readonly dataListeners = new Listeners<Uint8Array>();
  protected readonly closeListeners = new Listeners<string>();
  protected isOpen = true;

  abstract write(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  get open(): boolean {
    return this.isOpen;
  }
  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }
  onClose(listener: (reason: string) => void): () => void {
    return this.closeListeners.add(listener);
  }
  protected received(chunk: Uint8Array): void {
    this.dataListeners.emit(chunk);
  }
  protected closed(reason: string): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closeListeners.emit(reason);
  }
}

class MemoryLink extends BaseLink {
  peer: MemoryLink | null = null;
  async write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen || !this.peer) throw new Error('link closed');
    const peer = this.peer;
    const copy = bytes.slice();
    // Asynchronous like a wire: the writer never re-enters its own handler.
    queueMicrotask(() => peer.received(copy));
  }
  async close(): Promise<void> {
    this.closed('closed');
    this.peer?.closed('peer closed');
  }
}

/** Two connected ends: what one writes, the other receives (simulated devices in-process). */
export function memoryLinkPair(): [ByteLink, ByteLink] {
  const a = new MemoryLink();
  const b = new MemoryLink();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/**
 * Collects what a link receives so a driver can wait for a number of bytes or for a frame,
 * with a timeout. A timeout or a closed link rejects; the bytes stay for the next reader.
 */
export class ByteQueue {
  private buffer: Uint8Array = new Uint8Array(0);
  private waiter: (() => void) | null = null;
  private closedReason: string | null = null;
  private readonly unsubscribe: (() => void)[];

  constructor(link: ByteLink) {
    this.unsubscribe = [
      link.onData((chunk) => {
        this.buffer = concatBytes([this.buffer, chunk]);
        this.waiter?.();
      }),
      link.onClose((reason) => {
        this.closedReason = reason;
        this.waiter?.();
      }),
    ];
  }

  /** Drops whatever was received and not read (stale answers before a new command). */
  clear(): void {
    this.buffer = new Uint8Array(0);
  }

  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Waits until `take(buffer)` returns a count of bytes to consume (> 0) and resolves with
   * those bytes; `take` may also throw to reject (a malformed frame).
   */
  read(take: (buffer: Uint8Array) => number, timeoutMs: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const finish = (error: Error | null, value?: Uint8Array) => {
        if (timer) clearTimeout(timer);
        this.waiter = null;
        if (error) reject(error);
        else resolve(value as Uint8Array);
      };
      const attempt = () => {
        let count: number;
        try {
          count = take(this.buffer);
        } catch (error) {
          this.clear();
          return finish(error as Error);
        }
        if (count > 0) {
          const value = this.buffer.slice(0, count);
          this.buffer = this.buffer.slice(count);
          return finish(null, value);
        }
        if (this.closedReason !== null) return finish(new LinkClosedError(this.closedReason));
      };
      timer = setTimeout(() => finish(new TimeoutError(timeoutMs)), timeoutMs);
      this.waiter = attempt;
      attempt();
    });
  }

  readBytes(count: number, timeoutMs: number): Promise<Uint8Array> {
    return this.read((buffer) => (buffer.length >= count ? count : 0), timeoutMs);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

export class LinkClosedError extends Error {
  constructor(reason: string) {
    super(`link closed: ${reason}`);
    this.name = 'LinkClosedError';
  }
}
