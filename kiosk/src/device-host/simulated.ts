import { SamCardReader } from '../hardware/id-reader/reader';
import { SimSamReader, sampleCard } from '../hardware/id-reader/sim-reader';
import type { IdentityCard } from '../hardware/id-reader/text-block';
import { utf8Bytes } from '../hardware/bytes';
import { memoryLinkPair, type ByteLink } from '../hardware/link';
import { slipTranscript, type PrintedSlip } from '../hardware/printer/decoder';
import { ReceiptPrinter } from '../hardware/printer/printer';
import { SimPrinter } from '../hardware/printer/sim-printer';
import { gb18030FromTable, type TextEncoderFn } from '../hardware/printer/text-encoding';
import { LinkScanner } from '../hardware/scanner/link-scanner';
import { DeviceHost, type DeviceHostOptions } from './host';

/** What a person (the demo panel) or a test does to the simulated devices. */
export interface SimControls {
  insertCard(card?: Partial<IdentityCard>): void;
  removeCard(): void;
  /** Pull the reader's cable (true) or plug it back (false). */
  unplugReader(unplugged: boolean): void;
  setPaper(state: 'ok' | 'near-end' | 'out'): void;
  setCover(open: boolean): void;
  /** A serial scanner reads this code. */
  scan(code: string): void;
  /** Every slip printed so far, as text. */
  printed(): string[];
  printedSlips(): PrintedSlip[];
  /** Ask the printer now instead of at the next poll. */
  refresh(): Promise<void>;
}

export interface SimulatedKiosk {
  host: DeviceHost;
  controls: SimControls;
  printer: SimPrinter;
  reader: SimSamReader;
}

/**
 * The kiosk on simulated devices that speak the real protocols, all in one process: the
 * real ESC/POS printer driver talks to a SimPrinter, the real GA 467 reader driver to a
 * SimSamReader, the real serial scanner parser to a simulated scanner, each through an
 * in-memory byte link. The demo in a plain browser runs on this.
 */
export function createSimulatedKiosk(
  options: Pick<DeviceHostOptions, 'hallUrl' | 'token' | 'fetch' | 'onTokenRejected'> &
    Partial<Pick<DeviceHostOptions, 'printerPollMs' | 'heartbeatMs' | 'deviceName'>> & {
      encodeText?: TextEncoderFn;
    },
): SimulatedKiosk {
  const simPrinter = new SimPrinter();
  const simReader = new SimSamReader();
  let readerUnplugged = false;
  let readerLink: ByteLink | null = null;
  let scannerEnd: ByteLink | null = null;

  const printer = new ReceiptPrinter({
    connect: async () => {
      const [kiosk, device] = memoryLinkPair();
      simPrinter.attach(device);
      return kiosk;
    },
    statusTimeoutMs: 500,
  });
  const reader = new SamCardReader({
    connect: async () => {
      if (readerUnplugged) throw new Error('no such device');
      const [kiosk, device] = memoryLinkPair();
      simReader.attach(device);
      readerLink = kiosk;
      return kiosk;
    },
    pollMs: 250,
    reconnectMs: 500,
  });
  const scanner = new LinkScanner(async () => {
    const [kiosk, device] = memoryLinkPair();
    scannerEnd = device;
    return kiosk;
  });
  const host = new DeviceHost({
    mode: 'simulated',
    deviceName: options.deviceName ?? '模拟取号机',
    hallUrl: options.hallUrl,
    token: options.token,
    onTokenRejected: options.onTokenRejected,
    fetch: options.fetch,
    printer,
    encodeText: options.encodeText ?? gb18030FromTable,
    reader,
    scanner,
    printerPollMs: options.printerPollMs ?? 2000,
    heartbeatMs: options.heartbeatMs,
  });

  const controls: SimControls = {
    insertCard: (card) => simReader.insertCard(sampleCard(card)),
    removeCard: () => simReader.removeCard(),
    unplugReader: (unplugged) => {
      readerUnplugged = unplugged;
      if (unplugged) void readerLink?.close();
    },
    setPaper: (state) => {
      simPrinter.set({ paperOut: state === 'out', paperNearEnd: state !== 'ok' });
      void host.refreshPrinter();
    },
    setCover: (open) => {
      simPrinter.set({ coverOpen: open });
      void host.refreshPrinter();
    },
    scan: (code) => void scannerEnd?.write(utf8Bytes(`${code}\r`)),
    printed: () => simPrinter.printed.map((slip) => slipTranscript(slip)),
    printedSlips: () => [...simPrinter.printed],
    refresh: async () => {
      await host.refreshPrinter();
    },
  };
  return { host, controls, printer: simPrinter, reader: simReader };
}
