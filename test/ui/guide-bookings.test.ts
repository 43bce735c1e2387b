import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  MONDAY_10AM,
  api,
  createStaff,
  startTestHall,
  testIdNumber,
  type TestHall,
} from '../helpers/hall-server';

/** 预约办 on the guide console: today's bookings per service and slot, and the no-shows. */
describe('the guide sees the day’s bookings', () => {
  let hall: TestHall;
  let browser: Browser;

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'guide1', 'guide');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('per service and slot, with the no-shows (masked phone)', async () => {
    for (const [serial, slot] of [
      ['301', '10:30'],
      ['302', '10:30'],
      ['303', '11:00'],
    ] as const) {
      const res = await api(hall.url, 'POST', '/api/bookings', {
        body: {
          serviceId: 'deed-tax',
          day: '2026-11-23',
          slot,
          idNumber: testIdNumber('1982-03-03', serial),
          phone: '18611112222',
        },
      });
      expect(res.status).toBe(201);
    }
    hall.clock.time = MONDAY_10AM + 46 * 60_000; // the 10:30 bookings missed their check-in

    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${hall.url}/guide`);
    await page.getByLabel('用户名').fill('guide1');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('tab-bookings').click();
    await page.getByTestId('bookings-panel').waitFor();
    const row = page.locator('[data-testid="booking-row"][data-slot="10:30"]');
    expect(await row.textContent()).toContain('契税收缴');
    expect((await row.locator('td').allTextContents()).slice(1)).toEqual([
      '10:30–11:00',
      '0',
      '0',
      '0',
      '2',
      '0',
    ]);
    expect(await page.getByTestId('no-show').count()).toBe(2);
    expect(await page.getByTestId('no-show').first().textContent()).toContain('186****2222');
    expect(await page.getByTestId('booking-totals').textContent()).toContain('待签到 1');
    await page.close();
  });
});
