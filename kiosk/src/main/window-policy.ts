/**
 * What the kiosk window may do, as plain functions (tested in Node; main.ts applies them):
 * full screen kiosk mode, no menu, context isolation on and Node off in the page, the
 * sandbox on, devtools off in production, no navigation away from the hall's /kiosk page,
 * no new windows, no permissions, no browser shortcuts.
 */
export interface KioskWindowOptions {
  fullscreen: true;
  kiosk: true;
  frame: false;
  autoHideMenuBar: true;
  backgroundColor: string;
  show: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInSubFrames: false;
    sandbox: true;
    webSecurity: true;
    allowRunningInsecureContent: false;
    devTools: boolean;
    spellcheck: false;
    navigateOnDragDrop: false;
  };
}

export function kioskWindowOptions(preload: string, production: boolean): KioskWindowOptions {
  return {
    fullscreen: true,
    kiosk: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#0b3d6e',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: !production,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  };
}

/** Only the hall server's own kiosk page (any query) may be shown. */
export function isAllowedNavigation(target: string, hallUrl: string): boolean {
  try {
    const url = new URL(target);
    const hall = new URL(hallUrl);
    return url.origin === hall.origin && url.pathname === '/kiosk';
  } catch {
    return false;
  }
}

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Browser shortcuts a passer-by could use to leave or break the kiosk: reload, devtools,
 * zoom, print, find, new window, close, back and forward. (Keyboard-wedge scanners type
 * plain characters and Enter, which pass.)
 */
export function isBlockedShortcut(input: KeyInput, production: boolean): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (/^f\d+$/.test(key)) return production || key !== 'f12';
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home'))
    return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', 'f', 'o', 's', 'u', '+', '-', '=', '0'].includes(key))
    return true;
  if (mod && input.shift && ['i', 'j', 'c'].includes(key)) return production;
  return key === 'browserback' || key === 'browserforward' || key === 'browserrefresh';
}

/** The page when the hall server cannot be reached at start: the same words as the pause. */
export const OFFLINE_PAGE = `data:text/html;charset=utf-8,${encodeURIComponent(`<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>暂停取号</title>
<body style="margin:0;height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;
background:#0b3d6e;color:#fff;font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;text-align:center">
<h1 style="font-size:9vmin;margin:0">暂停取号，请到服务台</h1>
<p style="font-size:3.5vmin">Ticketing paused: please go to the service desk</p>
<p style="font-size:3vmin;opacity:.8">正在连接取号系统… Reconnecting…</p></body></html>`)}`;
