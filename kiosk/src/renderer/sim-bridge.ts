import { createSimulatedKiosk, type SimControls } from '../device-host/simulated';
import type { KioskBridge } from '../bridge/types';

const TOKEN_KEY = 'hallq.kiosk.token';

/**
 * The kiosk's device token in a plain browser: from the address (#token=…, moved at once
 * into this tab's session storage and out of the address bar), from session storage, or,
 * when the server runs in demo mode, the demo kiosk's.
 */
async function findToken(): Promise<string | null> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  const stored = sessionStorage.getItem(TOKEN_KEY);
  if (stored) return stored;
  try {
    const res = await fetch('/api/demo/devices');
    if (!res.ok) return null;
    const { devices } = (await res.json()) as { devices: { kind: string; token: string }[] };
    return devices.find((d) => d.kind === 'kiosk')?.token ?? null;
  } catch {
    return null;
  }
}

declare global {
  interface Window {
    /** The Electron preload's bridge (absent in a browser). */
    hallqKiosk?: KioskBridge;
    /** Simulated devices' controls (browser only): the demo panel and tests use them. */
    hallqKioskSim?: SimControls;
  }
}

/** Simulated devices in the page, speaking the real protocols (see device-host/simulated). */
export async function createBrowserBridge(): Promise<{
  bridge: KioskBridge;
  controls: SimControls;
}> {
  let token = await findToken();
  const kiosk = createSimulatedKiosk({
    hallUrl: '',
    token: () => token,
    onTokenRejected: () => {
      token = null;
      sessionStorage.removeItem(TOKEN_KEY);
    },
  });
  await kiosk.host.start();
  window.hallqKioskSim = kiosk.controls;
  return { bridge: kiosk.host, controls: kiosk.controls };
}
