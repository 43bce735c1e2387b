import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, session, type WebContents } from 'electron';
import {
  IPC,
  type CheckInRequest,
  type CollectRequest,
  type IssueRequest,
  type SlipData,
} from '../bridge/types';
import type { DeviceHost } from '../device-host/host';
import { kioskPageUrl, loadKioskConfig, type KioskConfig } from './config';
import { createDeviceHost } from './devices';
import {
  enroll,
  enrollmentCodeFromArgs,
  forgetIdentity,
  readIdentity,
  type DeviceIdentity,
} from './enrollment';
import {
  OFFLINE_PAGE,
  isAllowedNavigation,
  isBlockedShortcut,
  kioskWindowOptions,
} from './window-policy';

/**
 * Electron's main process: thin on purpose. It reads the configuration, enrolls once,
 * starts the devices (DeviceHost: printer, ID card reader, scanner, heartbeat), opens one
 * locked-down full-screen window on the hall server's /kiosk page and serves the bridge to
 * the preload over IPC. Everything it calls is tested in Node (test/kiosk/main.test.ts);
 * Electron itself cannot run on the build machines.
 */

const log = (line: string) => process.stdout.write(`[kiosk] ${line}\n`);

function configFile(): string {
  return process.env.HALLQ_KIOSK_CONFIG ?? path.join(app.getPath('userData'), 'kiosk.json');
}

function serveBridge(host: DeviceHost, contents: () => WebContents | null): void {
  ipcMain.handle(IPC.info, () => host.info());
  ipcMain.handle(IPC.issue, (_e, request: IssueRequest) => host.issue(request));
  ipcMain.handle(IPC.checkIn, (_e, request: CheckInRequest) => host.checkIn(request));
  ipcMain.handle(IPC.collect, (_e, request: CollectRequest) => host.collect(request));
  ipcMain.handle(IPC.forgetCard, () => host.forgetCard());
  ipcMain.handle(IPC.print, (_e, slip: SlipData) => host.print(slip));
  ipcMain.handle(IPC.status, () => host.status());
  host.onCard((card) => contents()?.send(IPC.card, card));
  host.onStatus((status) => contents()?.send(IPC.statusChanged, status));
  host.onScan((code) => contents()?.send(IPC.scan, code));
}

function lockDown(win: BrowserWindow, config: KioskConfig): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, config.hallUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, config.hallUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, config.production)) event.preventDefault();
  });
  if (config.production) contents.on('devtools-opened', () => contents.closeDevTools());
  // The hall server unreachable at start or after a restart: say so, and try again.
  contents.on('did-fail-load', (_event, _code, _description, url, isMainFrame) => {
    if (!isMainFrame || url.startsWith('data:')) return;
    void contents.loadURL(OFFLINE_PAGE);
    setTimeout(() => void contents.loadURL(kioskPageUrl(config)), 5000);
  });
  contents.on('render-process-gone', () => void contents.loadURL(kioskPageUrl(config)));
}

async function start(): Promise<void> {
  const config = loadKioskConfig(configFile());
  const tokenFile = path.join(app.getPath('userData'), 'device-token.json');
  const code = enrollmentCodeFromArgs(process.argv) ?? process.env.HALLQ_ENROLL_CODE ?? null;
  let identity: DeviceIdentity | null = readIdentity(tokenFile);
  if (code && !identity) {
    identity = await enroll(config.hallUrl, code, tokenFile);
    log(`enrolled as ${identity.name}`);
  }
  if (!identity) log('not enrolled: start with --enroll=<code from 大厅管理>');

  const host = createDeviceHost(
    config,
    {
      token: () => identity?.token ?? null,
      name: identity?.name ?? '',
      onTokenRejected: () => {
        log('device token refused (revoked?): enroll again');
        identity = null;
        forgetIdentity(tokenFile);
      },
    },
    log,
  );

  // No permission of any kind (camera, microphone, notifications, geolocation…).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  Menu.setApplicationMenu(null);

  const win = new BrowserWindow(
    kioskWindowOptions(path.join(__dirname, 'preload.js'), config.production),
  );
  serveBridge(host, () => (win.isDestroyed() ? null : win.webContents));
  lockDown(win, config);
  win.once('ready-to-show', () => win.show());
  await host.start();
  await win.loadURL(kioskPageUrl(config)).catch(() => undefined);
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.on('window-all-closed', () => app.quit());
app.whenReady().then(start, (error: unknown) => {
  log(`cannot start: ${(error as Error).message}`);
  app.exit(1);
});
