import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HallqDeviceBridge, KeypadNotice } from '../bridge';

/**
 * The only door between a display page and the machine (contextIsolation on, sandboxed):
 * the display's kind, window, token and voice pack from its configuration file, and the
 * keypad's notices. Nothing else of Electron or Node reaches the page.
 */
const device = ipcRenderer.sendSync('hallq:device') as Omit<HallqDeviceBridge, 'onKeypad'>;

const bridge: HallqDeviceBridge = {
  kind: device.kind,
  windowNumber: device.windowNumber,
  token: device.token,
  voicePack: device.voicePack,
  onKeypad(listener) {
    const handler = (_event: IpcRendererEvent, notice: KeypadNotice) => listener(notice);
    ipcRenderer.on('hallq:keypad', handler);
    return () => {
      ipcRenderer.removeListener('hallq:keypad', handler);
    };
  },
};

contextBridge.exposeInMainWorld('hallqDevice', bridge);
