import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { LANDSCAPE, kioskSim, openKiosk, printedSlips } from '../helpers/kiosk-page';
import {
  MONDAY_10AM,
  api,
  startTestHall,
  testIdNumber,
  type TestHall,
} from '../helpers/hall-server';

const MIN = 60_000;

/**
 * 预约签到 at the kiosk (issue 8), in a real Chromium against a real server: the booking's
 * QR code read by the serial scanner, the ID card and its 预约签到 button, too early, and
 * too late (an ordinary ticket, said plainly on the slip screen).
 */
describe('kiosk check-in of a booking', () => {
  let hall: TestHall;
  let browser: Browser;
  let serial = 200;
  const book = async (idNumber = testIdNumber('1988-02-02', String((serial += 1)))) => {
    const res = await api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'deed-tax',
        day: '2026-11-23',
        slot: '10:30',
        idNumber,
        phone: '13600001111',
      },
    });
    expect(res.status).toBe(201);
    return res.body as { code: string; qrText: string };
  };

  beforeAll(async () => {
    hall = await startTestHall({ demo: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('the QR code inside the window: an appointment ticket, printed', async () => {
    hall.clock.time = MONDAY_10AM;
    const booking = await book();
    const page = await openKiosk(browser, hall.url, LANDSCAPE);
    await kioskSim(page, 'scan', booking.qrText);
    await page.locator('[data-screen="slip"]').waitFor();
    expect(await page.getByTestId('check-in-note').textContent()).toContain(
      '预约签到成功（预约时段 10:30–11:00）',
    );
    expect(await page.getByTestId('priority').textContent()).toContain('预约优先');
    await page.getByTestId('print-state').and(page.locator('[data-state="printed"]')).waitFor();
    const slips = await printedSlips(page);
    expect(slips.at(-1)).toContain('【预约优先】');
    const view = await api(hall.url, 'GET', `/api/bookings/${booking.code}`);
    expect(view.body.status).toBe('checked-in');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  test('too early: says from when; the ID card and its button check in once it opens', async () => {
    hall.clock.time = MONDAY_10AM - 5 * MIN; // 09:55, check-in for 10:30 opens at 10:00
    const idNumber = testIdNumber('1988-02-02', '377');
    const booking = await book(idNumber);
    const page = await openKiosk(browser, hall.url, LANDSCAPE);
    await kioskSim(page, 'scan', booking.qrText);
    await page.getByTestId('refusal').waitFor();
    expect(await page.getByTestId('refusal').textContent()).toContain('请于 10:00 后再签到');
    await page.click('[data-action="home"]');

    hall.clock.time = MONDAY_10AM;
    await kioskSim(page, 'insertCard', { idNumber, birthDate: '1988-02-02' });
    await page.getByTestId('greeting').waitFor();
    await page.click('[data-action="check-in-card"]');
    await page.locator('[data-screen="slip"]').waitFor();
    expect(await page.getByTestId('check-in-note').textContent()).toContain('预约签到成功');
    expect((await api(hall.url, 'GET', `/api/bookings/${booking.code}`)).body.status).toBe(
      'checked-in',
    );
    await page.close();
  });

  test('too late: an ordinary ticket, and the slip screen says so plainly', async () => {
    hall.clock.time = MONDAY_10AM;
    const booking = await book();
    hall.clock.time = MONDAY_10AM + 46 * MIN; // 10:46: the window closed at 10:45
    const page = await openKiosk(browser, hall.url, LANDSCAPE);
    // Through the check-in screen, by a keyboard-wedge scanner.
    await page.click('[data-action="appointment"]');
    await page.getByTestId('appointment').waitFor();
    expect(await page.getByTestId('appointment').textContent()).toContain('预约二维码');
    await page.evaluate((code) => {
      for (const key of [...code, 'Enter'])
        window.dispatchEvent(new KeyboardEvent('keydown', { key }));
    }, booking.qrText);
    await page.locator('[data-screen="slip"]').waitFor();
    const note = page.getByTestId('check-in-note');
    expect(await note.textContent()).toContain('您已超过预约签到时间，预约已失效。已为您取普通号');
    expect(await note.getAttribute('class')).toContain('late');
    expect(await page.getByTestId('priority').count()).toBe(0);
    expect((await api(hall.url, 'GET', `/api/bookings/${booking.code}`)).body.status).toBe('late');
    await page.close();
  });
});
