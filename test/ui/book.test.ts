import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { api, startTestHall, testIdNumber, type TestHall } from '../helpers/hall-server';

/** 预约办 on a phone (/book) in a real Chromium at a phone's size, against a real server. */
describe('the booking page on a phone', () => {
  const PHONE = { width: 390, height: 844 };
  let hall: TestHall;
  let browser: Browser;

  beforeAll(async () => {
    hall = await startTestHall(); // Monday 2026-11-23 10:00
    browser = await launchBrowser();
    // 09:30 on Tuesday is full already.
    for (const serial of ['901', '902', '903']) {
      const res = await api(hall.url, 'POST', '/api/bookings', {
        body: {
          serviceId: 'deed-tax',
          day: '2026-11-24',
          slot: '09:30',
          idNumber: testIdNumber('1970-01-01', serial),
          phone: '13700000000',
        },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  async function open(path = '/book'): Promise<Page & { errors: string[] }> {
    const page = (await browser.newPage({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    })) as Page & { errors: string[] };
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(e.message));
    await page.goto(`${hall.url}${path}`);
    return page;
  }
  const fitsWidth = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  test('book: service, day, slot (full ones shown full), ID and phone → a big code and a QR code', async () => {
    const page = await open();
    await page.locator('section[data-screen="home"]').waitFor();
    expect(await page.locator('h1').textContent()).toContain('预约办事');
    await page.click('[data-action="new"]');
    await page.click('[data-action="service:deed-tax"]');
    await page.locator('[data-slot="10:30"]').waitFor();
    // Today: the morning's first slots are past; Saturday is closed.
    expect(await page.locator('[data-slot="09:30"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-action="day:2026-11-28"]').count()).toBe(0); // 3 days ahead only
    await page.click('[data-action="day:2026-11-24"]');
    await page.locator('[data-slot="09:30"].full').waitFor();
    expect(await page.locator('[data-slot="09:30"]').textContent()).toContain('已约满');
    expect(await page.locator('[data-slot="09:30"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-slot="09:00"]').textContent()).toContain('余 3');
    expect(await fitsWidth(page)).toBe(true);
    await page.click('[data-slot="09:00"]');

    await page.getByTestId('id-input').fill(testIdNumber('1990-05-05', '555'));
    await page.getByTestId('phone-input').fill('12345');
    await page.click('button[type="submit"]');
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('手机号码格式不正确');
    expect(await page.getByTestId('id-input').inputValue()).toHaveLength(18); // kept
    await page.getByTestId('phone-input').fill('13912345678');
    await page.click('button[type="submit"]');

    await page.locator('section[data-screen="booking"]').waitFor();
    const code = (await page.getByTestId('booking-code').textContent()) ?? '';
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    expect(await page.getByTestId('booking-status').textContent()).toContain('已预约');
    expect(await page.locator('[data-testid="booking-qr"] svg').count()).toBe(1);
    expect(await page.getByTestId('check-in-window').textContent()).toContain('08:30–09:15');
    expect(await page.locator('main').textContent()).toContain('139****5678');
    expect(await page.locator('main').textContent()).not.toContain('13912345678');
    // The code is big: the largest text on the page.
    const size = await page
      .getByTestId('booking-code')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    expect(await fitsWidth(page)).toBe(true);
    expect(new URL(page.url()).searchParams.get('code')).toBe(code);
    const stored = await api(hall.url, 'GET', `/api/bookings/${code}`);
    expect(stored.body).toMatchObject({ day: '2026-11-24', slot: { start: '09:00' } });
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('find by code, move to another slot, then cancel', async () => {
    const made = await api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'tax',
        day: '2026-11-25',
        slot: '14:30',
        idNumber: testIdNumber('1966-06-06', '666'),
        phone: '15000001111',
      },
    });
    const page = await open();
    await page.getByTestId('code-input').fill(made.body.code.toLowerCase());
    await page.click('.lookup button[type="submit"]');
    await page.locator('section[data-screen="booking"]').waitFor();
    expect(await page.locator('dl').textContent()).toContain('14:30–15:00');

    await page.click('[data-action="move"]');
    await page.locator('[data-slot="16:00"]').waitFor();
    await page.click('[data-slot="16:00"]');
    await page.locator('section[data-screen="booking"]').waitFor();
    await page.locator('dl:has-text("16:00–16:30")').waitFor();
    expect((await api(hall.url, 'GET', `/api/bookings/${made.body.code}`)).body.slot.start).toBe(
      '16:00',
    );

    await page.click('[data-action="cancel"]');
    await page.click('[data-action="cancel-yes"]');
    await page.locator('[data-testid="booking-status"].cancelled').waitFor();
    expect(await page.getByTestId('booking-status').textContent()).toContain('已取消');
    expect(await page.locator('[data-action="cancel"]').count()).toBe(0);
    expect(await page.getByTestId('booking-qr').count()).toBe(0);
    expect((await api(hall.url, 'GET', `/api/bookings/${made.body.code}`)).body.status).toBe(
      'cancelled',
    );

    // A wrong code says so.
    await page.click('[data-action="home"]');
    await page.getByTestId('code-input').fill('ZZZZZZZZ');
    await page.click('.lookup button[type="submit"]');
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('未找到该预约');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
