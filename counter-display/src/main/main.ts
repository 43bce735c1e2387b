import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, screen, session } from 'electron';
import path from 'node:path';
import type { HallqDeviceBridge } from '../bridge';
import { configPath, loadDisplayConfig, pageUrl, type DisplayConfig } from './config';
import { startKeypadBridge } from './keypad-bridge';
import { offlinePage } from './offline-page';
import { allowedNavigation, retryDelayMs, windowOptions } from './window-options';

/**
 * counter-display: one Electron window showing one page of the hall server (board, window
 * screen, rating pad, or the clerk's caller console), chosen by the configuration file.
 * Thin on purpose: the pages are the server's, the logic is in modules tested in Node.
 */

let config: DisplayConfig;
try {
  config = loadDisplayConfig(configPath(process.argv, process.env, app.getPath('userData')));
} catch (error) {
  dialog.showErrorBox('hallq counter-display', (error as Error).message);
  app.exit(1);
  throw error;
}

if (!app.requestSingleInstanceLock()) app.quit();

const device: Omit<HallqDeviceBridge, 'onKeypad'> = {
  kind: config.kind,
  windowNumber: config.window ?? null,
  // The caller console logs the clerk in; only the walls and the pad carry a device token.
  token: config.kind === 'caller' ? null : (config.token ?? null),
  voicePack: config.voicePack ?? null,
};

function createWindow(): BrowserWindow {
  const displays = screen.getAllDisplays();
  const target = displays[config.screen] ?? screen.getPrimaryDisplay();
  const win = new BrowserWindow(
    windowOptions(config, path.join(__dirname, 'preload.js'), target.bounds),
  );
  const page = pageUrl(config);
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!allowedNavigation(config, url)) event.preventDefault();
  });
  // The server not there yet (power cut, boot order): say so, and try again by itself.
  win.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (!isMainFrame || code === -3 /* aborted by a new load */) return;
    clearTimeout(retry);
    const wait = retryDelayMs(attempt++);
    void win.loadURL(offlinePage(config, description || String(code), url, wait));
    retry = setTimeout(() => void win.loadURL(page), wait);
  });
  win.webContents.on('did-finish-load', () => {
    if (win.webContents.getURL().startsWith(config.server)) attempt = 0;
  });
  win.webContents.on('render-process-gone', () => {
    retry = setTimeout(() => void win.loadURL(page), 1000);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(page);
  return win;
}

void app.whenReady().then(() => {
  // No camera, microphone, notifications or anything else for the pages.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  powerSaveBlocker.start('prevent-display-sleep');
  ipcMain.on('hallq:device', (event) => {
    event.returnValue = device;
  });
  const win = createWindow();
  const keypad = startKeypadBridge(
    config,
    (notice) => {
      if (!win.isDestroyed()) win.webContents.send('hallq:keypad', notice);
    },
    { log: (line) => console.log(line) },
  );
  app.on('before-quit', () => keypad.stop());
});

app.on('window-all-closed', () => app.quit());
