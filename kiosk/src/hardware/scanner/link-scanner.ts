import { Listeners, type ByteLink } from '../link';
import { LineScanner } from './lines';

export type LinkScannerState = 'ok' | 'offline';

/**
 * A serial-mode scanner on a byte link: codes, one per terminator. Reopens the link when
 * it breaks (scanner unplugged and plugged back).
 */
export class LinkScanner {
  private readonly codes = new Listeners<string>();
  private readonly states = new Listeners<LinkScannerState>();
  private current: LinkScannerState = 'offline';
  private link: ByteLink | null = null;
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly connect: () => Promise<ByteLink>,
    private readonly reconnectMs = 2000,
  ) {}

  get state(): LinkScannerState {
    return this.current;
  }

  onCode(listener: (code: string) => void): () => void {
    return this.codes.add(listener);
  }

  onState(listener: (state: LinkScannerState) => void): () => void {
    return this.states.add(listener);
  }

  private setState(state: LinkScannerState): void {
    if (state === this.current) return;
    this.current = state;
    this.states.emit(state);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.open();
  }

  private async open(): Promise<void> {
    if (!this.running) return;
    try {
      const link = await this.connect();
      if (!this.running) return void (await link.close());
      this.link = link;
      const lines = new LineScanner();
      link.onData((chunk) => {
        for (const code of lines.feed(chunk)) this.codes.emit(code);
      });
      link.onClose(() => {
        this.link = null;
        this.setState('offline');
        this.retry();
      });
      this.setState('ok');
    } catch {
      this.setState('offline');
      this.retry();
    }
  }

  private retry(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.open(), this.reconnectMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.link?.close();
  }
}
