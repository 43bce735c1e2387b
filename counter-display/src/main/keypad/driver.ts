import type { KeypadNotice } from '../../bridge';
import { KeypadInterpreter, type KeypadAction, type KeypadStep } from './keymap';
import { ReportDecoder, type ReportFormat } from './reports';

/** The parts of the API's answers a keypad reads. */
export type CallerAnswer = {
  error?: { code?: string; messageZh?: string };
  ticket?: { number?: string };
  window?: { id?: string; status?: string; extended?: boolean };
  windows?: { id: string; number: number }[];
} | null;

/** The few API calls a caller keypad makes, with its caller device token. */
export interface CallerApi {
  get(path: string): Promise<{ status: number; body: CallerAnswer }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: CallerAnswer }>;
}

/** The hall server over HTTP with a bearer token (Node's fetch in Electron's main process). */
export function httpCallerApi(
  server: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): CallerApi {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetchImpl(new URL(path, server), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(8000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as CallerAnswer) : null };
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

export interface KeypadDriverOptions {
  api: CallerApi;
  /** The window the caller device belongs to (w05). */
  windowId: string;
  format: ReportFormat;
  keymap?: Record<number, KeypadAction>;
  onNotice?: (notice: KeypadNotice) => void;
}

/**
 * A caller keypad at one window: HID reports in, window actions out (next, recall, start,
 * finish, no-show, transfer to window N, pause with reason N or resume, extended hours),
 * each a call to the hall API with the caller's token, one after another in key order.
 * Every outcome is told to the page (`onNotice`) so the clerk sees what a key did.
 */
export class KeypadDriver {
  private readonly decoder: ReportDecoder;
  private readonly keys: KeypadInterpreter;
  private chain: Promise<void> = Promise.resolve();
  private windowIds: Map<number, string> | null = null;

  constructor(private readonly options: KeypadDriverOptions) {
    this.decoder = new ReportDecoder(options.format);
    this.keys = new KeypadInterpreter(options.keymap);
  }

  /** Feeds one HID report; its key presses are acted on after those before them. */
  report(data: Uint8Array | readonly number[]): Promise<void> {
    for (const usage of this.decoder.decode(data)) {
      // Read in turn, after the steps before have run: 暂停 decides pause or resume from the
      // window's state, and the digits after it are a reason only if it paused.
      this.chain = this.chain
        .then(() => this.perform(this.keys.press(usage)))
        .catch(() => undefined);
    }
    return this.chain;
  }

  /** Resolves when every key pressed so far has been acted on. */
  idle(): Promise<void> {
    return this.chain;
  }

  private notify(notice: Partial<KeypadNotice> & { action: string }): void {
    this.options.onNotice?.({ ok: true, detail: null, messageZh: null, entry: null, ...notice });
  }

  private async perform(step: KeypadStep): Promise<void> {
    const windowPath = `/api/windows/${this.options.windowId}`;
    try {
      switch (step.kind) {
        case 'ignored':
          return;
        case 'cancelled':
          this.notify({ action: 'cancelled' });
          return;
        case 'entry':
          this.notify({ action: step.what, entry: step.digits });
          return;
        case 'act': {
          const body = step.action === 'extended' ? { on: !(await this.extendedNow()) } : undefined;
          await this.send(step.action, body);
          return;
        }
        case 'pause-resume': {
          const current = await this.options.api.get(windowPath);
          if (current.body?.window?.status === 'paused') await this.send('resume');
          else this.notify({ action: 'pause', ...this.toNotice(this.keys.beginPause()) });
          return;
        }
        case 'pause':
          await this.send('pause', { reason: step.reason });
          return;
        case 'transfer': {
          const windowId = await this.windowIdOf(step.windowNumber);
          if (!windowId) {
            this.notify({
              action: 'transfer',
              ok: false,
              messageZh: `没有 ${step.windowNumber} 号窗口`,
            });
            return;
          }
          await this.send('transfer', { windowId });
          return;
        }
      }
    } catch {
      this.notify({ action: step.kind, ok: false, messageZh: '无法连接服务器，请检查网络' });
    }
  }

  private toNotice(step: KeypadStep): Partial<KeypadNotice> {
    return step.kind === 'entry' ? { entry: step.digits } : {};
  }

  private async send(action: string, body?: unknown): Promise<void> {
    const res = await this.options.api.post(
      `/api/windows/${this.options.windowId}/${action}`,
      body,
    );
    if (res.status >= 400) {
      this.notify({
        action,
        ok: false,
        messageZh: res.body?.error?.messageZh ?? `请求失败（${res.status}）`,
      });
      return;
    }
    const detail =
      res.status === 204 ? null : (res.body?.ticket?.number ?? res.body?.window?.status ?? null);
    this.notify({
      action,
      detail,
      ...(res.status === 204 ? { messageZh: '当前没有等候的号码' } : {}),
    });
  }

  private async extendedNow(): Promise<boolean> {
    const res = await this.options.api.get(`/api/windows/${this.options.windowId}`);
    return Boolean(res.body?.window?.extended);
  }

  private async windowIdOf(number: number): Promise<string | null> {
    if (!this.windowIds) {
      const res = await this.options.api.get('/api/windows');
      const windows = res.body?.windows ?? [];
      this.windowIds = new Map(windows.map((w) => [w.number, w.id]));
    }
    return this.windowIds.get(number) ?? null;
  }
}
