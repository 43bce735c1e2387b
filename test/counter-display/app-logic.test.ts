import {
  configPath,
  isKiosk,
  pageUrl,
  parseDisplayConfig,
} from '../../counter-display/src/main/config';
import { offlinePage } from '../../counter-display/src/main/offline-page';
import {
  allowedNavigation,
  retryDelayMs,
  windowOptions,
} from '../../counter-display/src/main/window-options';
import { ACTIONS, actionForKey, enabled } from '../../counter-display/src/web/clerk/actions';
import { next, TIMEOUTS, type PadState } from '../../counter-display/src/web/rating/machine';

describe('the Electron app’s configuration', () => {
  const base = { server: 'http://192.168.1.10:3000' };

  test('each kind opens its page on the hall server', () => {
    expect(pageUrl(parseDisplayConfig({ ...base, kind: 'board' }))).toBe(
      'http://192.168.1.10:3000/board',
    );
    expect(pageUrl(parseDisplayConfig({ ...base, kind: 'window-screen', window: 5 }))).toBe(
      'http://192.168.1.10:3000/window/5',
    );
    expect(
      pageUrl(parseDisplayConfig({ ...base, kind: 'rating-pad', window: 12, voicePack: 'off' })),
    ).toBe('http://192.168.1.10:3000/rating/12?voice=off');
    expect(pageUrl(parseDisplayConfig({ ...base, kind: 'caller', window: 3 }))).toBe(
      'http://192.168.1.10:3000/clerk?window=3',
    );
  });

  test('mistakes are refused with the field named', () => {
    expect(() => parseDisplayConfig({ ...base, kind: 'window-screen' })).toThrow(
      'window: a window-screen needs its window number',
    );
    expect(() => parseDisplayConfig({ server: 'file:///etc', kind: 'board' })).toThrow('server');
    expect(() => parseDisplayConfig({ ...base, kind: 'board', extra: 1 })).toThrow();
    expect(() =>
      parseDisplayConfig({
        ...base,
        kind: 'board',
        keypad: { vendorId: 1, productId: 2, token: 'x' },
      }),
    ).toThrow('keypad: a keypad belongs to a window');
  });

  test('a keypad gets the boot keyboard layout unless told otherwise', () => {
    const config = parseDisplayConfig({
      ...base,
      kind: 'caller',
      window: 3,
      keypad: { vendorId: 0x1c4f, productId: 2, token: 'caller-token', keymap: { '58': 'next' } },
    });
    expect(config.keypad?.format).toEqual({ kind: 'boot-keyboard' });
  });

  test('walls and pads are kiosks; the clerk’s console is an ordinary window', () => {
    expect(isKiosk(parseDisplayConfig({ ...base, kind: 'board' }))).toBe(true);
    expect(isKiosk(parseDisplayConfig({ ...base, kind: 'caller', window: 1 }))).toBe(false);
    expect(isKiosk(parseDisplayConfig({ ...base, kind: 'caller', window: 1, kiosk: true }))).toBe(
      true,
    );
  });

  test('the window is locked down', () => {
    const options = windowOptions(
      parseDisplayConfig({ ...base, kind: 'board' }),
      '/app/preload.js',
      { x: 0, y: 0, width: 1920, height: 1080 },
    );
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      preload: '/app/preload.js',
      autoplayPolicy: 'no-user-gesture-required',
    });
    expect(options.kiosk).toBe(true);
  });

  test('only the hall server’s pages may open; reloads back off to 10 s', () => {
    const config = parseDisplayConfig({ ...base, kind: 'board' });
    expect(allowedNavigation(config, 'http://192.168.1.10:3000/window/3')).toBe(true);
    expect(allowedNavigation(config, 'http://evil.example/')).toBe(false);
    expect(allowedNavigation(config, 'not a url')).toBe(false);
    expect([0, 1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    expect(
      decodeURIComponent(offlinePage(config, 'ERR_CONNECTION_REFUSED', 'http://x/board', 2000)),
    ).toContain('正在连接服务器');
  });

  test('the configuration file is found from the command line, the environment, or user data', () => {
    expect(
      configPath(['electron', '.', '--config=/etc/hallq/board.json'], {}, '/home/u/.config/hallq'),
    ).toBe('/etc/hallq/board.json');
    expect(configPath([], { HALLQ_DISPLAY_CONFIG: '/srv/display.json' }, '/u')).toBe(
      '/srv/display.json',
    );
    expect(configPath([], {}, '/u')).toBe('/u/counter-display.json');
  });
});

describe('the clerk console’s keys', () => {
  test('each action has its letter, its keypad digit and its function key', () => {
    const codes = ACTIONS.flatMap((a) => a.codes);
    expect(new Set(codes).size).toBe(codes.length);
    expect(actionForKey({ code: 'KeyN' }, 'idle')).toBe('next');
    expect(actionForKey({ code: 'Numpad1' }, 'idle')).toBe('next');
    expect(actionForKey({ code: 'KeyR' }, 'calling')).toBe('recall');
    expect(actionForKey({ code: 'KeyP' }, 'idle')).toBe('pause');
    expect(actionForKey({ code: 'KeyP' }, 'paused')).toBe('resume');
    expect(actionForKey({ code: 'KeyN', ctrlKey: true }, 'idle')).toBeNull();
    expect(actionForKey({ code: 'KeyQ' }, 'idle')).toBeNull();
  });

  test('buttons are live only when the action can succeed', () => {
    expect(enabled('next', 'idle')).toBe(true);
    expect(enabled('next', 'serving')).toBe(false);
    expect(enabled('recall', 'calling')).toBe(true);
    expect(enabled('recall', 'serving')).toBe(false);
    expect(enabled('finish', 'serving')).toBe(true);
    expect(enabled('transfer', 'calling')).toBe(true);
    expect(enabled('pause', 'serving')).toBe(false);
    expect(enabled('resume', 'paused')).toBe(true);
    expect(enabled('extended', 'closed')).toBe(false);
  });
});

describe('the rating pad’s states', () => {
  const ticket = { id: 't1', number: 'A001', serviceId: 'tax' };

  test('finish → ask → level → reasons → sending → thanks → idle', () => {
    let state: PadState = { kind: 'idle' };
    state = next(state, { type: 'finished', ticket });
    expect(state).toEqual({ kind: 'ask', ticket });
    state = next(state, { type: 'level', level: 'dissatisfied' });
    state = next(state, { type: 'toggle-reason', reason: 'attitude' });
    state = next(state, { type: 'toggle-reason', reason: 'efficiency' });
    state = next(state, { type: 'toggle-reason', reason: 'attitude' });
    expect(state).toMatchObject({
      kind: 'reasons',
      level: 'dissatisfied',
      reasons: ['efficiency'],
    });
    state = next(state, { type: 'submit' });
    expect(state.kind).toBe('sending');
    expect(next(state, { type: 'finished', ticket: { ...ticket, id: 't2' } })).toBe(state);
    state = next(state, { type: 'sent' });
    expect(state).toEqual({ kind: 'thanks', level: 'dissatisfied' });
    expect(next(state, { type: 'timeout' })).toEqual({ kind: 'idle' });
  });

  test('unanswered, it says goodbye; reasons left alone are sent as they are', () => {
    const asked: PadState = { kind: 'ask', ticket };
    expect(next(asked, { type: 'timeout' })).toEqual({ kind: 'farewell' });
    expect(next({ kind: 'farewell' }, { type: 'timeout' })).toEqual({ kind: 'idle' });
    const chosen = next(asked, { type: 'level', level: 'satisfied' });
    expect(next(chosen, { type: 'timeout' })).toMatchObject({
      kind: 'sending',
      level: 'satisfied',
    });
    expect(TIMEOUTS.ask).toBe(60_000);
  });

  test('rated from the phone meanwhile, or already: thanks all the same; other refusals are said', () => {
    const asked: PadState = { kind: 'ask', ticket };
    expect(next(asked, { type: 'rated-elsewhere', ticketId: 't1' })).toEqual({
      kind: 'thanks',
      level: null,
    });
    expect(next(asked, { type: 'rated-elsewhere', ticketId: 'other' })).toBe(asked);
    const sending: PadState = { kind: 'sending', ticket, level: 'basic', reasons: [] };
    expect(next(sending, { type: 'refused', code: 'ALREADY_RATED', messageZh: '' })).toEqual({
      kind: 'thanks',
      level: null,
    });
    expect(
      next(sending, { type: 'refused', code: 'FORBIDDEN', messageZh: '无权进行此操作' }),
    ).toEqual({
      kind: 'failed',
      messageZh: '无权进行此操作',
    });
  });
});
