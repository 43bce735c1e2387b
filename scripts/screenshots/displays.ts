import path from 'node:path';
import type { Page } from 'playwright-core';
import { api } from '../../test/helpers/hall-server';
import type { Capture, ScreenshotContext } from './index';

/**
 * The counter-display screens at their real sizes (docs/displays.md): the hall board at
 * 1920×1080 and 3840×2160, a window screen in each state, the rating pad, the clerk's
 * console. The demo hall is filled first with a busy morning.
 */

interface DemoDevice {
  kind: string;
  windowId: string | null;
  token: string;
}

/** A plausible mid-morning: tickets in every service, most windows busy, some paused or closed. */
export async function busyMorning(ctx: ScreenshotContext): Promise<{
  devices: DemoDevice[];
  caller: (windowNumber: number) => string;
}> {
  const { url } = ctx.hall;
  const devices = (await api(url, 'GET', '/api/demo/devices')).body.devices as DemoDevice[];
  const kiosk = devices.find((d) => d.kind === 'kiosk')?.token ?? '';
  const caller = (n: number) =>
    devices.find((d) => d.kind === 'caller' && d.windowId === `w${String(n).padStart(2, '0')}`)
      ?.token ?? '';
  const admin = (
    await api(url, 'POST', '/api/auth/login', {
      body: { username: 'admin', password: 'demo' },
    })
  ).body.token as string;
  // Waiting tickets in proportion to a real hall's morning (tax and social insurance busiest).
  const load: Record<string, number> = {
    tax: 22,
    'social-insurance': 14,
    'medical-insurance': 9,
    'real-estate': 15,
    construction: 4,
    'market-supervision': 6,
    'deed-tax': 3,
    'resident-levies': 5,
    police: 10,
    'human-resources': 3,
    'housing-fund': 4,
    housing: 2,
    water: 2,
    heating: 1,
    gas: 3,
    bank: 6,
    appraisal: 1,
    'radio-tv': 0,
    'hotline-12345': 1,
    comprehensive: 5,
  };
  for (const [serviceId, count] of Object.entries(load)) {
    for (let i = 0; i < count; i += 1) {
      await api(url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId, channel: 'kiosk' },
      });
    }
  }
  for (const n of [35, 44, 52]) {
    await api(url, 'POST', `/api/windows/w${String(n).padStart(2, '0')}/close`, { token: admin });
  }
  const act = (n: number, action: string, body?: unknown) =>
    api(url, 'POST', `/api/windows/w${String(n).padStart(2, '0')}/${action}`, {
      token: caller(n),
      body,
    });
  for (let n = 1; n <= 55; n += 1) {
    if ([35, 44, 52, 53].includes(n)) continue;
    await act(n, 'next');
    if (n % 3 !== 0) await act(n, 'start');
  }
  await act(7, 'finish');
  await act(7, 'pause', { reason: '临时离开' });
  await act(23, 'finish');
  await act(23, 'pause', { reason: '系统维护' });
  // The latest calls: a few windows finish and call again.
  for (const n of [12, 3, 19, 40, 5]) {
    await act(n, 'finish');
    await act(n, 'next');
  }
  await act(3, 'recall');
  return { devices, caller };
}

async function shoot(page: Page, file: string): Promise<void> {
  // Fonts and the first snapshot first; then let one flash cycle end, the ticker start.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
  await page.screenshot({ path: file });
}

export const capture: Capture = async (ctx) => {
  const written: string[] = [];
  const out = (name: string) => path.join(ctx.outDir, name);
  const morning = await busyMorning(ctx);
  const { url } = ctx.hall;

  for (const [width, height, name] of [
    [1920, 1080, 'board-1920x1080.png'],
    [3840, 2160, 'board-3840x2160.png'],
  ] as const) {
    const page = await ctx.browser.newPage({ viewport: { width, height } });
    await page.goto(`${url}/board?voice=off`);
    await page.getByTestId('window-55').waitFor();
    await page.waitForTimeout(5200); // past the flash
    await shoot(page, out(name));
    written.push(out(name));
    await page.close();
  }
  for (const [n, state] of [
    [1, 'serving'],
    [3, 'calling'],
    [7, 'paused'],
    [30, 'idle'],
    [54, 'comprehensive'],
  ] as const) {
    const page = await ctx.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${url}/window/${n}`);
    await page.getByTestId('window-status').filter({ hasText: /\S/ }).waitFor();
    await shoot(page, out(`window-${n}-${state}.png`));
    written.push(out(`window-${n}-${state}.png`));
    await page.close();
  }
  // The rating pad of window 12: welcome, then the question after its clerk finishes.
  const { caller } = morning;
  const pad = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await pad.goto(`${url}/rating/12`);
  await pad.locator('main[data-state="idle"]').waitFor();
  await shoot(pad, out('rating-idle.png'));
  written.push(out('rating-idle.png'));
  await api(url, 'POST', '/api/windows/w12/finish', { token: caller(12) });
  await pad.locator('main[data-state="ask"]').waitFor();
  await shoot(pad, out('rating-ask.png'));
  written.push(out('rating-ask.png'));
  await pad.getByTestId('level-dissatisfied').click();
  await pad.getByTestId('reason-efficiency').click();
  await shoot(pad, out('rating-reasons.png'));
  written.push(out('rating-reasons.png'));
  await pad.getByTestId('submit').click();
  await pad.locator('main[data-state="thanks"]').waitFor();
  await shoot(pad, out('rating-thanks.png'));
  written.push(out('rating-thanks.png'));
  await pad.close();

  // The clerk of window 5 logs in at the console; then the transfer and pause dialogs.
  const clerk = await ctx.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await clerk.goto(`${url}/clerk?window=5`);
  await clerk.getByTestId('login-username').waitFor();
  await clerk.getByTestId('login-username').fill('clerk05');
  await clerk.getByTestId('login-password').fill('demo');
  await shoot(clerk, out('clerk-login.png'));
  written.push(out('clerk-login.png'));
  await clerk.getByTestId('login-submit').click();
  await clerk.getByTestId('current-service').filter({ hasText: /\S/ }).waitFor();
  await clerk.getByTestId('action-start').click();
  await clerk.getByTestId('message').filter({ hasText: '开始办理' }).waitFor();
  await shoot(clerk, out('clerk-console.png'));
  written.push(out('clerk-console.png'));
  await clerk.keyboard.press('t');
  await clerk.getByTestId('transfer-form').waitFor();
  await shoot(clerk, out('clerk-transfer.png'));
  written.push(out('clerk-transfer.png'));
  await clerk.close();
  return written;
};
