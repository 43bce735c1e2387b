import type { BrowserWindowConstructorOptions } from 'electron';
import type { DisplayConfig } from './config';
import { isKiosk } from './config';

/** The BrowserWindow of a display: locked down (no Node in the page, context isolated, sandboxed). */
export function windowOptions(
  config: DisplayConfig,
  preload: string,
  bounds: { x: number; y: number; width: number; height: number },
): BrowserWindowConstructorOptions {
  const kiosk = isKiosk(config);
  return {
    ...bounds,
    show: false,
    kiosk,
    fullscreen: kiosk,
    frame: !kiosk,
    autoHideMenuBar: true,
    backgroundColor: config.kind === 'rating-pad' ? '#f4f7fb' : '#04152b',
    title: 'hallq',
    webPreferences: {
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      // Walls speak without anyone touching them first.
      autoplayPolicy: 'no-user-gesture-required',
      backgroundThrottling: false,
    },
  };
}

/** Only the hall server's own pages open in a display; anything else is refused. */
export function allowedNavigation(config: DisplayConfig, url: string): boolean {
  try {
    return new URL(url).origin === new URL(config.server).origin;
  } catch {
    return false;
  }
}

/** Waits before reloading after the server could not be reached: 1 s, 2 s, 4 s … at most 10 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, attempt));
}
