import { EventEmitter } from 'node:events';

/** What the driver needs of a HID device (node-hid's HID and HIDAsync fit; tests pass fakes). */
export interface HidDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
}

export interface KeypadMatch {
  vendorId: number;
  productId: number;
  /** The HID usage page to pick when the device exposes several interfaces (1 = generic desktop). */
  usagePage?: number;
}

/**
 * Keeps a keypad open: opens it when it is plugged in, and again after it is pulled out or
 * fails (every `retryMs`). `open` is node-hid in the app and a fake in tests.
 */
export class KeypadConnection extends EventEmitter {
  private device: HidDevice | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly open: () => HidDevice | null,
    private readonly onReport: (data: Buffer) => void,
    private readonly retryMs = 2000,
  ) {
    super();
  }

  start(): void {
    this.stopped = false;
    this.tryOpen();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.drop();
  }

  get connected(): boolean {
    return this.device !== null;
  }

  private tryOpen(): void {
    if (this.stopped) return;
    let device: HidDevice | null = null;
    try {
      device = this.open();
    } catch {
      device = null;
    }
    if (!device) {
      this.timer = setTimeout(() => this.tryOpen(), this.retryMs);
      return;
    }
    this.device = device;
    device.on('data', (data) => this.onReport(data));
    device.on('error', () => {
      this.drop();
      this.emit('status', 'disconnected');
      if (!this.stopped) this.timer = setTimeout(() => this.tryOpen(), this.retryMs);
    });
    this.emit('status', 'connected');
  }

  private drop(): void {
    const device = this.device;
    this.device = null;
    try {
      device?.close();
    } catch {
      // already gone
    }
  }
}

/** Opens the first matching keypad with node-hid (loaded only when a keypad is configured). */
export function nodeHidOpener(match: KeypadMatch): () => HidDevice | null {
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const HID = require('node-hid') as typeof import('node-hid');
    const info = HID.devices(match.vendorId, match.productId).find(
      (d) => match.usagePage === undefined || d.usagePage === match.usagePage,
    );
    if (!info?.path) return null;
    return new HID.HID(info.path) as unknown as HidDevice;
  };
}
