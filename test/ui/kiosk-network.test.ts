import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  LANDSCAPE,
  kioskSim,
  openKiosk as openKioskPage,
  printedSlips,
} from '../helpers/kiosk-page';
import { api, startTestHall, type TestHall } from '../helpers/hall-server';

/**
 * The kiosk page (/kiosk) in a real Chromium against a real server, on the simulated
 * devices a plain browser gets (the real ESC/POS, GA 467 and scanner code on in-memory
 * links): both screen sizes, the ID card, refusals, 长者模式, scanning.
 * kiosk-network.test.ts: the server unreachable, lost answers, paper out;
 * kiosk-devices.test.ts: the same page on the real TCP and serial paths.
 */

describe('the kiosk in a browser, simulated devices', () => {
  let hall: TestHall;
  let browser: Browser;
  let guide: string;

  beforeAll(async () => {
    hall = await startTestHall({ demo: true });
    browser = await launchBrowser();
    const login = await api(hall.url, 'POST', '/api/auth/login', {
      body: { username: 'guide', password: 'demo' },
    });
    guide = login.body.token;
  });

  let closed = false;
  afterAll(async () => {
    await browser?.close();
    if (!closed) await hall?.server.close();
  });

  const openKiosk = (viewport: { width: number; height: number }, query = '') =>
    openKioskPage(browser, hall.url, viewport, query);
  const sim = kioskSim;
  const printed = printedSlips;

  async function tickets(): Promise<{ number: string; serviceId: string; priority: string }[]> {
    return (await api(hall.url, 'GET', '/api/tickets', { token: guide })).body.tickets;
  }

  test('server unreachable: the same requestId is retried a bounded number of times, then 暂停取号, nothing printed', async () => {
    const page = await openKiosk(LANDSCAPE, '&retryMs=100');
    const requestIds: string[] = [];
    await page.route('**/api/tickets', (route) => {
      requestIds.push(JSON.parse(route.request().postData() ?? '{}').requestId);
      return route.abort('connectionrefused');
    });
    const count = (await tickets()).length;
    await page.click('[data-action="area:utilities"]');
    await page.click('[data-action="service:water"]');
    await page.click('[data-action="confirm"]');
    await page.getByText('网络不稳定，正在重试').waitFor();
    await page.getByTestId('paused').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('paused').textContent()).toContain('暂停取号，请到服务台');
    expect(requestIds).toHaveLength(4);
    expect(new Set(requestIds).size).toBe(1);
    expect(requestIds[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await printed(page)).toEqual([]);
    expect((await tickets()).length).toBe(count);
    await page.close();
  });

  test('an answer lost on the way back: the retry gets the same ticket (200 replay), printed once', async () => {
    const page = await openKiosk(LANDSCAPE);
    let calls = 0;
    await page.route('**/api/tickets', async (route) => {
      calls += 1;
      if (calls === 1) {
        await route.fetch(); // the server commits the ticket…
        return route.abort('connectionreset'); // …and the answer never arrives
      }
      return route.continue();
    });
    const count = (await tickets()).length;
    await page.click('[data-action="area:utilities"]');
    await page.click('[data-action="service:gas"]');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    const number = await page.getByTestId('number').textContent();
    const all = await tickets();
    expect(all.length).toBe(count + 1);
    expect(all.filter((t) => t.serviceId === 'gas').map((t) => t.number)).toEqual([number]);
    expect(calls).toBe(2);
    expect((await printed(page)).filter((s) => s.includes(`«${number}»`))).toHaveLength(1);
    await page.close();
  });

  test('printer out of paper: the kiosk says so, the slip is shown on screen, the guide is told', async () => {
    const page = await openKiosk(LANDSCAPE);
    await sim(page, 'setPaper', 'out');
    await page.getByTestId('printer-banner').waitFor();
    expect(await page.getByTestId('printer-banner').textContent()).toContain('打印机缺纸');
    await page.click('[data-action="area:general"]');
    await page.click('[data-action="service:housing-fund"]');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="paper-out"]').waitFor();
    expect(await page.getByTestId('print-state').textContent()).toContain('号票未能打印');
    expect(await page.getByTestId('number').textContent()).toMatch(/^L\d{3}$/);
    expect(await printed(page)).toEqual([]);
    const status = await api(hall.url, 'GET', '/api/devices/status', { token: guide });
    expect(status.body.devices).toEqual([
      expect.objectContaining({ name: '演示取号机', printer: 'paper-out', alert: true }),
    ]);
    await sim(page, 'setPaper', 'ok');
    await page.getByTestId('printer-banner').waitFor({ state: 'detached' });
    await page.close();
  });

  test('the server goes away: 暂停取号，请到服务台 at once; nothing can be taken', async () => {
    const page = await openKiosk(LANDSCAPE, '&pauseAfter=0.3');
    const count = await printed(page);
    closed = true;
    await hall.server.close();
    await page.getByTestId('paused').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('paused').textContent()).toContain('暂停取号，请到服务台');
    expect(await page.locator('[data-action^="area:"]').count()).toBe(0);
    expect(await printed(page)).toEqual(count);
    await page.close();
  });
});
