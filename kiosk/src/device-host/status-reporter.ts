import type { DeviceStatus } from '../bridge/types';

export interface StatusReporterOptions {
  hallUrl: string;
  token: () => string | null;
  fetch?: typeof fetch;
  /** Heartbeat: the status is sent this often even when nothing changed. */
  intervalMs?: number;
  /** A dead token (401): stop sending it, as the API asks. */
  onUnauthenticated?: () => void;
}

/**
 * The kiosk's heartbeat to the hall server (POST /api/devices/status): its printer,
 * reader and scanner state, at once when it changes and every `intervalMs` otherwise, so
 * the guide console hears of an empty paper roll the moment the kiosk does.
 */
export class StatusReporter {
  private last: DeviceStatus | null = null;
  private sent: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: StatusReporterOptions) {
    this.fetchFn = options.fetch ?? ((...args) => fetch(...args));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.send(true), this.options.intervalMs ?? 30_000);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Records the current status; sends it when it differs from what the server has. */
  update(status: DeviceStatus): Promise<void> {
    this.last = { ...status };
    return this.send(false);
  }

  /** Sends are chained: one at a time, each deciding on the latest status. */
  private send(heartbeat: boolean): Promise<void> {
    this.chain = this.chain.then(() => this.sendNow(heartbeat));
    return this.chain;
  }

  private async sendNow(heartbeat: boolean): Promise<void> {
    const status = this.last;
    const token = this.options.token();
    if (!status || !token || this.stopped) return;
    const body = JSON.stringify(status);
    if (!heartbeat && body === this.sent) return;
    try {
      const res = await this.fetchFn(`${this.options.hallUrl}/api/devices/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) this.sent = body;
      else if (res.status === 401) this.options.onUnauthenticated?.();
    } catch {
      // The server is unreachable: the next change or heartbeat tries again.
      this.sent = null;
    }
  }
}
