/**
 * What the Electron preload (main/preload.ts) exposes to the display pages as
 * `window.hallqDevice`, with contextIsolation on. Plain browsers have none of it.
 */
export type DisplayKind = 'board' | 'window-screen' | 'rating-pad' | 'caller';

/** What a keypad key press did (main/keypad/driver.ts), for the page to show. */
export interface KeypadNotice {
  action: string;
  ok: boolean;
  /** Ticket number or window state after the action, if any. */
  detail: string | null;
  /** The server's message when refused (Chinese), or a network note. */
  messageZh: string | null;
  /** Digits typed so far (transfer to window N, pause reason N). */
  entry: string | null;
}

export interface HallqDeviceBridge {
  kind: DisplayKind;
  windowNumber: number | null;
  /** The device token from the display's configuration file. */
  token: string | null;
  voicePack: string | null;
  onKeypad(listener: (notice: KeypadNotice) => void): () => void;
}

declare global {
  interface Window {
    hallqDevice?: HallqDeviceBridge;
  }
}
