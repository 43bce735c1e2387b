import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  LANDSCAPE,
  PORTRAIT,
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

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  const openKiosk = (viewport: { width: number; height: number }, query = '') =>
    openKioskPage(browser, hall.url, viewport, query);
  const sim = kioskSim;
  const printed = printedSlips;

  async function tickets(): Promise<{ number: string; serviceId: string; priority: string }[]> {
    return (await api(hall.url, 'GET', '/api/tickets', { token: guide })).body.tickets;
  }

  for (const [name, viewport] of [
    ['landscape 1920×1080', LANDSCAPE],
    ['portrait 1080×1920', PORTRAIT],
  ] as const) {
    test(`${name}: area → service → materials → confirm → slip shown and printed`, async () => {
      const page = await openKiosk(viewport);
      // Live waiting counts on the area tile.
      const before = (await tickets()).filter((t) => t.serviceId === 'social-insurance').length;
      await page.click('[data-action="area:social"]');
      await page.locator('[data-screen="services"]').waitFor();
      const tile = page.locator('[data-action="service:social-insurance"]');
      await tile.getByText(`等候 ${before} 人`).waitFor();
      // Touch targets are large.
      const box = await tile.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(100);
      await tile.click();
      const materials = page.getByTestId('materials');
      await materials.waitFor();
      expect(await materials.textContent()).toContain('社会保障卡');
      const confirm = page.locator('[data-action="confirm"]');
      expect((await confirm.boundingBox())!.height).toBeGreaterThanOrEqual(60);
      await confirm.click();
      await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
      const number = (await page.getByTestId('number').textContent())!;
      expect(number).toMatch(/^B\d{3}$/);
      expect(await page.getByTestId('ahead').textContent()).toBe(String(before));
      expect(await page.locator('[data-testid="qr"] svg').count()).toBe(1);
      const slips = await printed(page);
      expect(slips).toHaveLength(1);
      expect(slips[0]).toContain(`«${number}»`);
      expect(slips[0]).toContain('1. 身份证原件');
      expect(slips[0]).toContain('2. 社会保障卡');
      expect(slips[0]).toContain('4. 银行卡或存折');
      expect(slips[0]).toMatch(/\[QR: http:\/\/127\.0\.0\.1:\d+\/t\/[\w-]+\]/);
      // Nothing overflows the screen.
      const overflow = await page.evaluate(
        () =>
          document.documentElement.scrollWidth > innerWidth ||
          document.documentElement.scrollHeight > innerHeight,
      );
      expect(overflow).toBe(false);
      await page.click('[data-action="done"]');
      await page.locator('[data-screen="home"]').waitFor();
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.close();
    });
  }

  test('an area with one service goes straight to its materials (two levels at most)', async () => {
    const page = await openKiosk(LANDSCAPE);
    await page.click('[data-action="area:police"]');
    await page.locator('[data-screen="materials"]').waitFor();
    await page.click('[data-action="back"]');
    await page.locator('[data-screen="home"]').waitFor();
    await page.close();
  });

  test('ID card: greeting 张*, elderly priority from the server, a second ticket refused with the held number', async () => {
    const page = await openKiosk(PORTRAIT);
    await sim(page, 'insertCard', { name: '张三', birthDate: '1948-05-06' });
    const greeting = page.getByTestId('greeting');
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('张*，您好');
    expect(await page.content()).not.toContain('张三');
    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    expect(await page.locator('.with-card').textContent()).toContain('张*');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
    expect(await page.getByTestId('priority').textContent()).toContain('老年人优先');
    const number = (await page.getByTestId('number').textContent())!;
    const slip = (await printed(page)).at(-1)!;
    expect(slip).toContain('【老年人优先】');
    expect(slip).not.toMatch(/张|\d{17}[\dX]/); // no name, no ID number on paper

    await page.click('[data-action="done"]');
    await sim(page, 'removeCard');
    await sim(page, 'insertCard', { name: '张三', birthDate: '1948-05-06' });
    await page.getByTestId('greeting').waitFor();
    await page.click('[data-action="area:tax"]');
    await page.click('[data-action="service:tax"]');
    await page.click('[data-action="confirm"]');
    await page.getByTestId('held-number').waitFor();
    expect(await page.getByTestId('refusal').textContent()).toContain(
      '您已有该事项的号码，请勿重复取号',
    );
    expect(await page.getByTestId('held-number').textContent()).toBe(number);
    expect((await printed(page)).length).toBe(1);
    const mine = (await tickets()).filter((t) => t.number === number);
    expect(mine).toEqual([expect.objectContaining({ priority: 'elderly' })]);
    await page.close();
  });

  test('elderly mode: one touch, larger type, high contrast, spoken guidance; idle returns to normal', async () => {
    const page = await openKiosk(PORTRAIT, '&idle=1.5');
    const size = () =>
      page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await size();
    await page.click('[data-action="elderly"]');
    expect(await size()).toBeCloseTo(normal * 1.3, 0);
    expect(await page.evaluate(() => document.body.classList.contains('elderly'))).toBe(true);
    expect(await page.evaluate(() => document.body.dataset.spoken)).toContain(
      '请将身份证放在读卡区',
    );
    await page.click('[data-action="area:police"]');
    expect(await page.evaluate(() => document.body.dataset.spoken)).toContain('请备齐以下材料');
    // No touch for 1.5 s: back to the start, normal text.
    await page.locator('[data-screen="home"]').waitFor({ timeout: 4000 });
    expect(await size()).toBe(normal);
    await page.close();
  });

  test('scanning: a slip’s QR shows its progress; an appointment code goes to check-in (issue 8)', async () => {
    const page = await openKiosk(LANDSCAPE);
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: (await api(hall.url, 'GET', '/api/demo/devices')).body.devices[0].token,
      body: { serviceId: 'bank', channel: 'kiosk' },
    });
    // A serial scanner.
    await sim(page, 'scan', `${hall.url}${issued.body.statusPath}`);
    await page.locator('[data-screen="ticket-status"]').waitFor();
    expect(await page.getByTestId('number').textContent()).toBe(issued.body.number);
    expect(await page.getByTestId('ticket-status').textContent()).toContain('等候中');
    await page.click('[data-action="home"]');
    // A keyboard-wedge scanner: a burst of keys and Enter, as fast as the scanner types them
    // (dispatched in the page: Playwright's own key presses slow down on a busy machine).
    await page.evaluate(() => {
      for (const key of [...'YY20261123AB', 'Enter'])
        window.dispatchEvent(new KeyboardEvent('keydown', { key }));
    });
    // An appointment code goes to check-in (test/ui/kiosk-check-in.test.ts): none booked.
    await page.getByTestId('refusal').waitFor();
    expect(await page.getByTestId('refusal').textContent()).toContain('未找到您今天的预约');
    await page.close();
  });
});
