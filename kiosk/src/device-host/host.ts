import type {
  CardHolderView,
  CheckInRequest,
  CollectRequest,
  DeviceStatus,
  IssueAttempt,
  IssueRequest,
  KioskBridge,
  KioskInfo,
  PrintOutcome,
  ScannerState,
} from '../bridge/types';
import type { IdCardReaderDriver } from '../hardware/id-reader/reader';
import { Listeners } from '../hardware/link';
import type { ReceiptPrinter } from '../hardware/printer/printer';
import { encodeSlip, SLIP_80MM, type SlipData, type SlipLayout } from '../hardware/printer/slip';
import type { PrinterStatus } from '../hardware/printer/status';
import type { TextEncoderFn } from '../hardware/printer/text-encoding';
import type { LinkScanner } from '../hardware/scanner/link-scanner';
import { apiError } from '../../../shared/src/protocol/http';
import { CardHolder } from './card-holder';
import { StatusReporter } from './status-reporter';

export interface DeviceHostOptions {
  mode: KioskInfo['mode'];
  deviceName: string;
  /** The hall server ('' for the page's own origin). */
  hallUrl: string;
  /** The device token (read each time: enrollment may come later, a 401 clears it). */
  token: () => string | null;
  onTokenRejected?: () => void;
  fetch?: typeof fetch;
  statusBaseUrl?: string | null;
  printer: ReceiptPrinter | null;
  encodeText: TextEncoderFn;
  slipLayout?: SlipLayout;
  reader: IdCardReaderDriver | null;
  scanner: LinkScanner | null;
  /** How often the printer is asked for its status. */
  printerPollMs?: number;
  heartbeatMs?: number;
  /** One issue attempt's time limit. */
  requestTimeoutMs?: number;
  cardTtlMs?: number;
  /** Where a problem is noted (never with personal data: none reaches here). */
  log?: (line: string) => void;
}

/**
 * The device side of the kiosk: owns the printer, the ID card reader and the scanner, the
 * device token and the heartbeat, and holds the ID number of the card that was read.
 * It is the KioskBridge: Electron's main process serves it to the preload over IPC, the
 * UI tests serve it to the page through Playwright, and a plain browser runs it in the
 * page with simulated devices. The same code in all three.
 */
export class DeviceHost implements KioskBridge {
  private readonly cards = new Listeners<CardHolderView>();
  private readonly statuses = new Listeners<DeviceStatus>();
  private readonly scans = new Listeners<string>();
  private readonly holder: CardHolder;
  private readonly reporter: StatusReporter;
  private readonly fetchFn: typeof fetch;
  private current: DeviceStatus;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private readonly off: (() => void)[] = [];

  constructor(private readonly options: DeviceHostOptions) {
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
    this.holder = new CardHolder(options.cardTtlMs);
    this.current = {
      printer: 'offline',
      paperNearEnd: false,
      reader: options.reader ? options.reader.state : 'absent',
      scanner: options.scanner ? (options.scanner.state as ScannerState) : 'absent',
    };
    this.reporter = new StatusReporter({
      hallUrl: options.hallUrl,
      token: options.token,
      fetch: this.fetchFn,
      intervalMs: options.heartbeatMs,
      onUnauthenticated: options.onTokenRejected,
    });
  }

  async start(): Promise<void> {
    const { reader, scanner } = this.options;
    if (reader) {
      this.off.push(
        reader.onCard((card) => this.cards.emit(this.holder.hold(card))),
        reader.onState((state) => this.change({ reader: state })),
      );
      reader.start();
    }
    if (scanner) {
      this.off.push(
        scanner.onCode((code) => this.scans.emit(code)),
        scanner.onState((state) => this.change({ scanner: state })),
      );
      scanner.start();
    }
    await this.refreshPrinter();
    this.pollTimer = setInterval(
      () => void this.refreshPrinter(),
      this.options.printerPollMs ?? 5000,
    );
    (this.pollTimer as { unref?: () => void }).unref?.();
    this.reporter.start();
    void this.reporter.update(this.current);
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.reporter.stop();
    for (const off of this.off.splice(0)) off();
    await this.options.reader?.stop();
    await this.options.scanner?.stop();
    await this.options.printer?.close();
    this.holder.forget();
  }

  private change(patch: Partial<DeviceStatus>): void {
    const next = { ...this.current, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.statuses.emit({ ...next });
    void this.reporter.update(next);
  }

  private applyPrinter(status: PrinterStatus): void {
    this.change({ printer: status.state, paperNearEnd: status.paperNearEnd });
  }

  async refreshPrinter(): Promise<DeviceStatus> {
    if (this.options.printer) this.applyPrinter(await this.options.printer.status());
    return { ...this.current };
  }

  // ---- the bridge ------------------------------------------------------------------

  async info(): Promise<KioskInfo> {
    return {
      mode: this.options.mode,
      deviceName: this.options.deviceName,
      statusBaseUrl: this.options.statusBaseUrl ?? null,
      enrolled: this.options.token() !== null,
    };
  }

  async issue(request: IssueRequest): Promise<IssueAttempt> {
    const idNumber = request.withCard ? this.holder.idNumber() : null;
    if (request.withCard && !idNumber) return { kind: 'no-card' };
    // Only what the server expects leaves here (the page's request is not trusted blindly).
    const steps = request.bundleSteps;
    const bundleSteps =
      Array.isArray(steps) && steps.every((s) => typeof s === 'string') ? steps : undefined;
    const body = {
      serviceId: request.serviceId,
      channel: request.channel,
      requestId: request.requestId,
      ...(bundleSteps ? { bundleSteps } : {}),
      ...(idNumber ? { idNumber } : {}),
    };
    return this.post('/api/tickets', body);
  }

  /** 预约签到 by the scanned code or by the card that was read (the number stays here). */
  async checkIn(request: CheckInRequest): Promise<IssueAttempt> {
    const idNumber = request.withCard ? this.holder.idNumber() : null;
    if (request.withCard && !idNumber) return { kind: 'no-card' };
    return this.post('/api/bookings/check-in', idNumber ? { idNumber } : { code: request.code });
  }

  /**
   * 领取出件号 for the ticket whose QR code was scanned. The server issues it once (a repeat,
   * or a retry after a lost answer, gets the same ticket back).
   */
  async collect(request: CollectRequest): Promise<IssueAttempt> {
    const ticketId = String(request?.ticketId ?? '');
    // The page's value goes into a path: only an id's characters (as the server's idParam).
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(ticketId))
      return { kind: 'answer', status: 404, body: apiError('TICKET_NOT_FOUND') };
    return this.post(`/api/tickets/${ticketId}/collect`, {});
  }

  private async post(route: string, body: unknown): Promise<IssueAttempt> {
    const token = this.options.token();
    try {
      const res = await this.fetchFn(`${this.options.hallUrl}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 5000),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      if (res.status === 401) this.options.onTokenRejected?.();
      return { kind: 'answer', status: res.status, body: parsed };
    } catch (error) {
      // Only the kind of failure is passed on: the request body holds the ID number.
      return { kind: 'network-error', message: (error as Error).name || 'network error' };
    }
  }

  async forgetCard(): Promise<void> {
    this.holder.forget();
  }

  async print(slip: SlipData): Promise<PrintOutcome> {
    const printer = this.options.printer;
    if (!printer) return { ok: false, state: 'offline' };
    const bytes = encodeSlip(slip, this.options.encodeText, this.options.slipLayout ?? SLIP_80MM);
    const result = await printer.print(bytes);
    if (result.ok) {
      await this.refreshPrinter();
      return { ok: true };
    }
    this.change({ printer: result.state });
    this.options.log?.(`slip not printed: printer ${result.state}`);
    return { ok: false, state: result.state };
  }

  async status(): Promise<DeviceStatus> {
    return { ...this.current };
  }

  onCard(listener: (card: CardHolderView) => void): () => void {
    return this.cards.add(listener);
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.statuses.add(listener);
  }

  onScan(listener: (code: string) => void): () => void {
    return this.scans.add(listener);
  }
}
