import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type KioskBridge } from '../bridge/types';

/**
 * The preload (context isolation on, Node off, sandboxed): exposes exactly the kiosk
 * bridge as window.hallqKiosk, each method one IPC call, each event one channel. The page
 * gets no ipcRenderer, no require, nothing else.
 */
function subscribe<T>(channel: string) {
  return (listener: (payload: T) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: T) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  };
}

const bridge: KioskBridge = {
  info: () => ipcRenderer.invoke(IPC.info),
  issue: (request) => ipcRenderer.invoke(IPC.issue, request),
  checkIn: (request) => ipcRenderer.invoke(IPC.checkIn, request),
  collect: (request) => ipcRenderer.invoke(IPC.collect, request),
  forgetCard: () => ipcRenderer.invoke(IPC.forgetCard),
  print: (slip) => ipcRenderer.invoke(IPC.print, slip),
  status: () => ipcRenderer.invoke(IPC.status),
  onCard: subscribe(IPC.card),
  onStatus: subscribe(IPC.statusChanged),
  onScan: subscribe(IPC.scan),
};

contextBridge.exposeInMainWorld('hallqKiosk', bridge);
