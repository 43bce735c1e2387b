import type { KeypadNotice } from '../bridge';
import type { DisplayConfig } from './config';
import { KeypadDriver, httpCallerApi, type CallerApi } from './keypad/driver';
import { KeypadConnection, nodeHidOpener, type HidDevice } from './keypad/hid';
import type { KeypadAction } from './keypad/keymap';

export interface KeypadBridge {
  stop(): void;
}

/**
 * The keypad of a display's window: finds the window its caller token belongs to (retrying
 * until the server answers), then keeps the USB keypad open and drives the window with it.
 * Notices go to the page (`notify`), which shows the clerk what each key did.
 */
export function startKeypadBridge(
  config: DisplayConfig,
  notify: (notice: KeypadNotice) => void,
  deps: {
    api?: CallerApi;
    open?: () => HidDevice | null;
    retryMs?: number;
    log?: (line: string) => void;
  } = {},
): KeypadBridge {
  const keypad = config.keypad;
  if (!keypad) return { stop: () => undefined };
  const api = deps.api ?? httpCallerApi(config.server, keypad.token);
  const log = deps.log ?? (() => undefined);
  let connection: KeypadConnection | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const begin = async () => {
    if (stopped) return;
    let windowId: string | null = null;
    try {
      const me = await api.get('/api/auth/me');
      if (me.status === 401) {
        log('keypad: the caller token is refused (revoked?)');
        notify({
          action: 'keypad',
          ok: false,
          detail: null,
          messageZh: '呼叫器令牌无效，请重新注册设备',
          entry: null,
        });
        return;
      }
      windowId = me.body?.window?.id ?? null;
    } catch {
      windowId = null;
    }
    if (!windowId) {
      timer = setTimeout(() => void begin(), deps.retryMs ?? 3000);
      return;
    }
    const keymap = keypad.keymap
      ? (Object.fromEntries(
          Object.entries(keypad.keymap).map(([usage, action]) => [Number(usage), action]),
        ) as Record<number, KeypadAction>)
      : undefined;
    const driver = new KeypadDriver({
      api,
      windowId,
      format: keypad.format,
      keymap,
      onNotice: notify,
    });
    connection = new KeypadConnection(
      deps.open ?? nodeHidOpener(keypad),
      (data) => void driver.report(data),
      deps.retryMs ?? 2000,
    );
    connection.on('status', (status: string) => {
      log(`keypad ${status}`);
      notify({
        action: 'keypad',
        ok: status === 'connected',
        detail: status,
        messageZh: status === 'connected' ? null : '呼叫器已断开',
        entry: null,
      });
    });
    connection.start();
  };
  void begin();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      connection?.stop();
    },
  };
}
