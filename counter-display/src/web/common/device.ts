import '../../bridge';
import type { DeviceKind } from '../../../../shared/src/protocol/http';
import { apiCall, ApiFailure } from './hall';

/**
 * A display's device token, from the first of:
 *   1. the Electron app (its configuration file, through the preload);
 *   2. `?token=…` in the page's URL on first load: kept in localStorage and taken out of
 *      the address bar, so the tablet or screen keeps it across reloads and restarts;
 *   3. localStorage (`hallq.token.<kind>.<window>`);
 *   4. demo mode: GET /api/demo/devices.
 * A token the server refuses (revoked) is forgotten and the next source is tried.
 */
const storageKey = (kind: DeviceKind, windowNumber: number | null) =>
  `hallq.token.${kind}.${windowNumber ?? 'hall'}`;

/** Whether this page was given a token at all (public displays run without one). */
export function tokenOffered(kind: DeviceKind, windowNumber: number | null): boolean {
  return (
    new URLSearchParams(location.search).has('token') ||
    Boolean(window.hallqDevice?.token) ||
    localStorage.getItem(storageKey(kind, windowNumber)) !== null
  );
}

export async function resolveDeviceToken(
  kind: DeviceKind,
  windowId: string | null,
  windowNumber: number | null,
): Promise<string | null> {
  const key = storageKey(kind, windowNumber);
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(key, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.toString());
  }
  const candidates = [window.hallqDevice?.token ?? null, localStorage.getItem(key)];
  for (const token of candidates) {
    if (!token) continue;
    const verdict = await check(token, kind, windowId);
    if (verdict !== 'refused') return token;
    if (localStorage.getItem(key) === token) localStorage.removeItem(key);
  }
  try {
    const { devices } = await apiCall<{
      devices: { kind: string; windowId: string | null; token: string }[];
    }>('GET', '/api/demo/devices');
    const demo = devices.find((d) => d.kind === kind && d.windowId === windowId);
    if (demo) return demo.token;
  } catch {
    // not demo mode
  }
  return null;
}

/** ok, refused (revoked, another kind or window), or unknown (no answer: keep it). */
async function check(
  token: string,
  kind: DeviceKind,
  windowId: string | null,
): Promise<'ok' | 'refused' | 'unknown'> {
  try {
    const me = await apiCall<{ kind: string; deviceKind?: string; window: { id: string } | null }>(
      'GET',
      '/api/auth/me',
      { token },
    );
    const sameWindow = windowId === null || me.window?.id === windowId;
    return me.kind === 'device' && me.deviceKind === kind && sameWindow ? 'ok' : 'refused';
  } catch (error) {
    return error instanceof ApiFailure && error.status === 401 ? 'refused' : 'unknown';
  }
}
