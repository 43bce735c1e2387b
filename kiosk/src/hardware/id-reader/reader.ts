import { ByteQueue, Listeners, type ByteLink } from '../link';
import {
  COMMANDS,
  FrameError,
  SW3,
  describeSw3,
  encodeCommand,
  frameLength,
  parseAnswer,
  parseBaseInfo,
  type SamAnswer,
} from './ga467';
import { decodeTextBlock, type IdentityCard } from './text-block';

export type ReaderState = 'ok' | 'offline' | 'absent';

/**
 * What the kiosk needs of any ID card reader. The SAM serial driver below is one; a
 * vendor SDK helper (a small native program speaking JSON lines, say) or a HID reader can
 * be another, as long as it gives whole cards and a state.
 */
export interface IdCardReaderDriver {
  readonly state: ReaderState;
  start(): void;
  stop(): Promise<void>;
  /** A card was read whole and checked. Partial reads never arrive here. */
  onCard(listener: (card: IdentityCard) => void): () => void;
  onState(listener: (state: ReaderState) => void): () => void;
}

export class SamError extends Error {
  constructor(readonly sw3: number) {
    super(describeSw3(sw3));
    this.name = 'SamError';
  }
}

export interface SamReaderOptions {
  connect: () => Promise<ByteLink>;
  /** Between two find-card polls. */
  pollMs?: number;
  /** Wait for find and select answers. */
  commandTimeoutMs?: number;
  /** Wait for the base information (about 1.3 kB, and the SAM's work). */
  readTimeoutMs?: number;
  /** Wait before trying to reopen a link that failed. */
  reconnectMs?: number;
}

/**
 * A GA 467 SAM reader on a byte link (a serial port). It polls find card; when a card is
 * there it selects and reads it, decodes the text block and hands the card on; then it
 * waits until the card is taken away before reading again. A missing answer, a bad frame
 * or a broken link drops everything of the read in progress and reports `offline` at once
 * (within the command timeout), then keeps trying to reopen the link.
 */
export class SamCardReader implements IdCardReaderDriver {
  private link: ByteLink | null = null;
  private queue: ByteQueue | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: ReaderState = 'offline';
  private awaitingRemoval = false;
  private readonly cards = new Listeners<IdentityCard>();
  private readonly states = new Listeners<ReaderState>();
  private readonly pollMs: number;
  private readonly commandTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly reconnectMs: number;

  constructor(private readonly options: SamReaderOptions) {
    this.pollMs = options.pollMs ?? 300;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 600;
    this.readTimeoutMs = options.readTimeoutMs ?? 1500;
    this.reconnectMs = options.reconnectMs ?? 1000;
  }

  get state(): ReaderState {
    return this.current;
  }

  onCard(listener: (card: IdentityCard) => void): () => void {
    return this.cards.add(listener);
  }

  onState(listener: (state: ReaderState) => void): () => void {
    return this.states.add(listener);
  }

  private setState(state: ReaderState): void {
    if (state === this.current) return;
    this.current = state;
    this.states.emit(state);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.dropLink();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async dropLink(): Promise<void> {
    const link = this.link;
    this.queue?.dispose();
    this.link = null;
    this.queue = null;
    await link?.close().catch(() => undefined);
  }

  /** One command, one answer. */
  async command(command: readonly [number, number], timeoutMs: number): Promise<SamAnswer> {
    if (!this.link || !this.queue) throw new Error('reader not connected');
    this.queue.clear();
    await this.link.write(encodeCommand(command));
    const frame = await this.queue.read(frameLength, timeoutMs);
    return parseAnswer(frame);
  }

  /** Find, select and read one card; null when no card is there. */
  async readOnce(): Promise<IdentityCard | null> {
    const found = await this.command(COMMANDS.findCard, this.commandTimeoutMs);
    if (found.sw3 === SW3.FIND_FAILED) return null;
    if (found.sw3 !== SW3.FIND_OK) throw new SamError(found.sw3);
    const selected = await this.command(COMMANDS.selectCard, this.commandTimeoutMs);
    if (selected.sw3 === SW3.SELECT_FAILED) return null;
    if (selected.sw3 !== SW3.OK) throw new SamError(selected.sw3);
    const read = await this.command(COMMANDS.readBase, this.readTimeoutMs);
    if (read.sw3 !== SW3.OK) throw new SamError(read.sw3);
    const info = parseBaseInfo(read.data);
    return decodeTextBlock(info.text);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.link) {
        try {
          this.link = await this.options.connect();
          this.queue = new ByteQueue(this.link);
          this.link.onClose(() => this.setState('offline'));
        } catch {
          this.setState('offline');
          await this.sleep(this.reconnectMs);
          continue;
        }
      }
      try {
        if (this.awaitingRemoval) {
          const found = await this.command(COMMANDS.findCard, this.commandTimeoutMs);
          if (found.sw3 !== SW3.FIND_OK) this.awaitingRemoval = false;
        } else {
          const card = await this.readOnce();
          if (card) {
            this.awaitingRemoval = true;
            this.setState('ok');
            this.cards.emit(card);
          }
        }
        this.setState('ok');
      } catch (error) {
        // A read cut off half way leaves nothing behind: the card is only handed on whole.
        if (error instanceof SamError && this.link?.open) {
          this.setState('ok');
        } else {
          this.setState('offline');
          this.awaitingRemoval = false;
          await this.dropLink();
          if (!(error instanceof FrameError)) {
            await this.sleep(this.reconnectMs);
            continue;
          }
        }
      }
      if (this.running) await this.sleep(this.pollMs);
    }
  }
}
