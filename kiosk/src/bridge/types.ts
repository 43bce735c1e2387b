import type { SlipData } from '../hardware/printer/slip';
import type { PrinterState } from '../hardware/printer/status';
import type { ReaderState } from '../hardware/id-reader/reader';

export type { PrinterState, ReaderState, SlipData };
export type ScannerState = 'ok' | 'offline' | 'absent';

/** The kiosk's devices as reported to the hall server and shown on screen. */
export interface DeviceStatus {
  printer: PrinterState;
  /** Still printing, but the roll should be changed soon. */
  paperNearEnd: boolean;
  reader: ReaderState;
  scanner: ScannerState;
}

/**
 * What the renderer learns from an ID card: the masked name for the greeting, nothing
 * else. The ID number stays on the device side and goes only to the hall server, inside
 * the issue request (see DeviceHost.issue).
 */
export interface CardHolderView {
  maskedName: string;
}

export interface IssueRequest {
  serviceId: string;
  channel: 'kiosk' | 'appointment';
  /** The idempotency key: the same for every retry of one citizen's one request. */
  requestId: string;
  /** Send the ID number of the card that was read (the server checks duplicates, priority). */
  withCard: boolean;
  /**
   * 一件事一次办 (serviceId names a bundle): the optional steps the citizen wants; the
   * others are kept on the ticket as skipped. Absent: all of them.
   */
  bundleSteps?: string[];
}

/** 预约签到: the scanned booking code, or the ID card that was read (POST /api/bookings/check-in). */
export interface CheckInRequest {
  code: string | null;
  withCard: boolean;
}

/**
 * 领取出件号: the ticket id read from the slip's QR code (the unguessable id is the key: a
 * ticket number typed in would let anyone take someone else's collection ticket).
 */
export interface CollectRequest {
  ticketId: string;
}

/** One attempt of POST /api/tickets: the server's answer, or no answer at all. */
export type IssueAttempt =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'network-error'; message: string }
  /** withCard, but the card was forgotten meanwhile (timeout): read it again. */
  | { kind: 'no-card' };

export type PrintOutcome = { ok: true } | { ok: false; state: PrinterState };

export interface KioskInfo {
  /** electron: the real machine; host: Node drives real drivers (tests); simulated: in-page devices. */
  mode: 'electron' | 'host' | 'simulated';
  deviceName: string;
  /** Origin for the slip's QR code; null: the page's own origin. */
  statusBaseUrl: string | null;
  /** False when the kiosk has no device token (not enrolled, or revoked). */
  enrolled: boolean;
}

/**
 * The narrow bridge between the kiosk screen and its devices. In Electron the preload
 * exposes it (contextBridge, as window.hallqKiosk); in a plain browser the renderer builds
 * the same thing on simulated devices. Nothing else of Node or the machine is reachable.
 */
export interface KioskBridge {
  info(): Promise<KioskInfo>;
  issue(request: IssueRequest): Promise<IssueAttempt>;
  /** Checks a booking in; answers like issue (the ticket, or a refusal). */
  checkIn(request: CheckInRequest): Promise<IssueAttempt>;
  /** 出件: the collection ticket for a result marked ready (POST /api/tickets/:id/collect). */
  collect(request: CollectRequest): Promise<IssueAttempt>;
  /** Drops the card that was read (the citizen is done, or the screen timed out). */
  forgetCard(): Promise<void>;
  print(slip: SlipData): Promise<PrintOutcome>;
  status(): Promise<DeviceStatus>;
  onCard(listener: (card: CardHolderView) => void): () => void;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** A code from a serial scanner (keyboard-wedge scanners arrive as keys in the page). */
  onScan(listener: (code: string) => void): () => void;
}

/** IPC channel names shared by the Electron main process and the preload. */
export const IPC = {
  info: 'kiosk:info',
  issue: 'kiosk:issue',
  checkIn: 'kiosk:check-in',
  collect: 'kiosk:collect',
  forgetCard: 'kiosk:forget-card',
  print: 'kiosk:print',
  status: 'kiosk:status',
  card: 'kiosk:card',
  statusChanged: 'kiosk:status-changed',
  scan: 'kiosk:scan',
} as const;
