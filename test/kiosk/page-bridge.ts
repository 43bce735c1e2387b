import type { Page } from 'playwright-core';
import type { KioskBridge } from '../../kiosk/src/bridge/types';
import type { DeviceHost } from '../../kiosk/src/device-host/host';

/**
 * Serves a Node DeviceHost to a page as window.hallqKiosk, the way Electron's preload does
 * over IPC (kiosk/src/main/preload.ts): calls go to Node through one exposed binding,
 * events come back through page.evaluate. So the page runs against the real drivers: the
 * TCP printer transport, the serial ID card reader, the Node fetch with the device token.
 */
export async function serveHostToPage(page: Page, host: DeviceHost): Promise<void> {
  const methods: Record<string, (arg: never) => Promise<unknown>> = {
    info: () => host.info(),
    issue: (request) => host.issue(request),
    checkIn: (request) => host.checkIn(request),
    collect: (request) => host.collect(request),
    forgetCard: () => host.forgetCard(),
    print: (slip) => host.print(slip),
    status: () => host.status(),
  };
  await page.exposeBinding('__hallqHost', (_source, method: string, arg: unknown) => {
    const call = methods[method];
    if (!call) throw new Error(`no such bridge method: ${method}`);
    return call(arg as never);
  });
  await page.addInitScript(() => {
    type Listener = (payload: unknown) => void;
    const lists: Record<string, Set<Listener>> = {
      card: new Set(),
      status: new Set(),
      scan: new Set(),
    };
    const w = window as unknown as {
      __hallqHost(method: string, arg?: unknown): Promise<unknown>;
      __hallqDeliver(kind: string, payload: unknown): void;
      hallqKiosk: unknown;
    };
    w.__hallqDeliver = (kind, payload) => lists[kind]?.forEach((f) => f(payload));
    const on = (kind: string) => (f: Listener) => {
      lists[kind]?.add(f);
      return () => lists[kind]?.delete(f);
    };
    w.hallqKiosk = {
      info: () => w.__hallqHost('info'),
      issue: (request: unknown) => w.__hallqHost('issue', request),
      checkIn: (request: unknown) => w.__hallqHost('checkIn', request),
      collect: (request: unknown) => w.__hallqHost('collect', request),
      forgetCard: () => w.__hallqHost('forgetCard'),
      print: (slip: unknown) => w.__hallqHost('print', slip),
      status: () => w.__hallqHost('status'),
      onCard: on('card'),
      onStatus: on('status'),
      onScan: on('scan'),
    } satisfies Record<keyof KioskBridge, unknown>;
  });
  const deliver = (kind: string, payload: unknown) =>
    page
      .evaluate(
        ([k, p]) =>
          (window as unknown as { __hallqDeliver(k: unknown, p: unknown): void }).__hallqDeliver(
            k,
            p,
          ),
        [kind, payload] as const,
      )
      .catch(() => undefined);
  host.onCard((card) => void deliver('card', card));
  host.onStatus((status) => void deliver('status', status));
  host.onScan((code) => void deliver('scan', code));
}
