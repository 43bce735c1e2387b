import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { LANDSCAPE, kioskSim, openKiosk, printedSlips } from '../helpers/kiosk-page';
import {
  api,
  serveAndMarkReady,
  staffHall,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 领取出件号 at the kiosk, in a real Chromium against a real server: on the 取件 screen the
 * citizen scans the QR code of their slip. Not ready yet: a plain explanation and no
 * ticket. Ready: the collection ticket (the reference hall hands results out at its
 * comprehensive windows), shown and printed, and only one however often it is scanned.
 */
describe('领取出件号 at the kiosk', () => {
  let hall: TestHall;
  let browser: Browser;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await startTestHall();
    ({ kiosk, clerk } = await staffHall(hall));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('not ready: 材料尚未办结 and no ticket; ready: the collection number, printed, issued once', async () => {
    const mine = (
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      })
    ).body;
    const slipQr = `${hall.url}${mine.statusPath}`;
    const page = await openKiosk(browser, hall.url, LANDSCAPE, `#token=${kiosk}`);
    page.setDefaultTimeout(5000);

    // Scanned anywhere else, the slip's code still shows the queue progress.
    await kioskSim(page, 'scan', slipQr);
    await page.locator('[data-screen="ticket-status"]').waitFor();
    await page.click('[data-action="home"]');

    await page.getByTestId('collect-entry').click();
    await page.locator('[data-screen="collect"]').waitFor();
    expect(await page.getByTestId('collect-howto').textContent()).toContain('二维码');
    // Only the QR code: nothing to type a (guessable) ticket number into.
    expect(await page.locator('[data-screen="collect"] input').count()).toBe(0);
    await kioskSim(page, 'scan', slipQr);
    await page.getByTestId('refusal').filter({ hasText: '材料尚未办结' }).waitFor();
    expect(await page.locator('[data-screen="refused"] h1').textContent()).toContain(
      '领取办结材料',
    );
    const waiting = await api(hall.url, 'GET', '/api/tickets?status=waiting', { token: clerk });
    expect(waiting.body.tickets.map((t: { id: string }) => t.id)).toEqual([mine.id]);
    await page.click('[data-action="home"]');

    expect((await serveAndMarkReady(hall, clerk, 'w01', mine.id)).status).toBe(200);

    // In elderly mode the screen says what to do.
    await page.click('[data-action="elderly"]');
    await page.getByTestId('collect-entry').click();
    await page.locator('[data-screen="collect"]').waitFor();
    expect(await page.evaluate(() => document.body.dataset.spoken)).toContain('二维码');
    await kioskSim(page, 'scan', slipQr);
    await page.locator('[data-screen="slip"]').waitFor();
    const number = (await page.getByTestId('number').textContent()) ?? '';
    expect(number).toMatch(/^[A-Z]\d{3}$/);
    expect(number).not.toBe(mine.number);
    expect(await page.getByTestId('check-in-note').textContent()).toContain('出件号');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    const printed = String((await printedSlips(page)).at(-1));
    expect(printed).toContain(`«${number}»`);
    // What to bring to collect (the hall has no output service: the default list), on the
    // slip as on the screen — not the comprehensive service's list for applying.
    expect(printed).toContain('代领');
    expect(printed).not.toContain('按具体事项');
    expect(await page.locator('[data-screen="slip"]').textContent()).toContain('授权委托书');
    // The screen names it as the slip does.
    expect(await page.getByTestId('service-name').textContent()).toBe('领取办结材料：综合事项');
    expect(printed).toContain('领取办结材料');
    expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([]);

    // The server knows it as a kiosk collection ticket, and a second scan gets the same one.
    const again = await api(hall.url, 'POST', `/api/tickets/${mine.id}/collect`, {
      token: kiosk,
      body: {},
    });
    expect(again.body.number).toBe(number);
    await page.click('[data-action="done"]');
    await page.getByTestId('collect-entry').click();
    await kioskSim(page, 'scan', slipQr);
    await page.locator('[data-screen="slip"]').waitFor();
    expect(await page.getByTestId('number').textContent()).toBe(number);
    const queued = await api(hall.url, 'GET', '/api/tickets?status=waiting', { token: clerk });
    expect(queued.body.tickets.map((t: { number: string }) => t.number)).toEqual([number]);
    await page.close();
  });
});
