import type { Browser, Page } from 'playwright-core';
import { startFakeSmsGateway, type FakeSmsGateway } from '../../server/src/notify/fake-sms-gateway';
import { HttpSmsGateway } from '../../server/src/notify/sms-gateway';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  type TestHall,
} from '../helpers/hall-server';

/**
 * 无声叫号 on a phone (390×844): the status page alerts when 3 are ahead and when called,
 * driven by real calls from a clerk through the API, with a real SMS gateway adapter
 * talking to a fake provider on loopback.
 */

/** Records what the page asks of the phone: vibrations and tones (calls go through). */
const RECORD = `
  window.__calls = [];
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    value(pattern) { window.__calls.push('vibrate'); return true; },
  });
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...args) { super(...args); window.__calls.push('audio-context'); }
    createOscillator() { window.__calls.push('tone'); return super.createOscillator(); }
  };
`;

const calls = (page: Page) => page.evaluate(() => (window as any).__calls as string[]);
const count = (list: string[], name: string) => list.filter((c) => c === name).length;

describe('status page alerts (无声叫号) on a phone', () => {
  let hall: TestHall;
  let gateway: FakeSmsGateway;
  let browser: Browser;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    gateway = await startFakeSmsGateway();
    hall = await startTestHall({
      sms: new HttpSmsGateway({ url: gateway.url, token: 'secret' }),
    });
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    clerk = await login(hall.url, 'clerk1', 'w01');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
    await gateway?.close();
  });

  const issue = async () =>
    (
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      })
    ).body;
  const callNext = async () => {
    await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
    const res = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    expect(res.status).toBe(200);
  };

  test('banner, tone and vibration once at 3 ahead and once when called; SMS too', async () => {
    for (let i = 0; i < 4; i += 1) await issue();
    const mine = await issue();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(RECORD);
    const page = await context.newPage();
    await page.goto(`${hall.url}${mine.statusPath}`);
    await page.getByTestId('ahead').filter({ hasText: '4' }).waitFor();
    // Browsers play sound only after a tap: the one-tap switch.
    await page.getByRole('button', { name: /开启提醒/ }).click();
    await page.getByTestId('alerts-on').waitFor();
    expect(await page.getByTestId('alert-near').count()).toBe(0);

    // The SMS form: the number is taken, shown masked, never in full.
    await page.getByPlaceholder('手机号码').fill('138 1234 5678');
    await page.getByRole('button', { name: /提交/ }).click();
    await page.getByTestId('sms-on').filter({ hasText: '138****5678' }).waitFor();
    expect(await page.content()).not.toContain('13812345678');
    expect(count(await calls(page), 'vibrate')).toBe(0);

    await callNext(); // 3 ahead
    await page.getByTestId('alert-near').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('alert-near').textContent()).toContain('前面还有 3 人');
    let made = await calls(page);
    expect(count(made, 'vibrate')).toBe(1);
    expect(count(made, 'tone')).toBe(2);

    await callNext(); // 2 ahead: the banner stays, the phone does not buzz again
    await page.getByTestId('alert-near').filter({ hasText: '前面还有 2 人' }).waitFor();
    made = await calls(page);
    expect(count(made, 'vibrate')).toBe(1);

    // Reopening the page does not repeat the alert either (once per ticket).
    await page.reload();
    await page.getByTestId('alert-near').waitFor();
    expect(count(await calls(page), 'vibrate')).toBe(0);

    await callNext();
    await callNext();
    await callNext(); // mine
    await page.getByTestId('alert-called').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('alert-called').textContent()).toContain('请到 1 号窗口办理');
    made = await calls(page);
    expect(count(made, 'vibrate')).toBe(1);
    expect(count(made, 'tone')).toBe(2);

    // The same two notices went by SMS, each once, masked, to the number left on the page.
    const deadline = Date.now() + 5000;
    while (gateway.delivered().filter((m) => m.id.startsWith(mine.id)).length < 2) {
      if (Date.now() > deadline) throw new Error('SMS not delivered');
      await new Promise((r) => setTimeout(r, 50));
    }
    const mineSms = gateway.delivered().filter((m) => m.id.startsWith(mine.id));
    expect(mineSms.map((m) => m.id)).toEqual([`${mine.id}:near`, `${mine.id}:called:w01`]);
    expect(mineSms.every((m) => m.to === '13812345678')).toBe(true);
    expect(mineSms[0]?.text).toBe(
      '【和硕县政务服务中心】您的A005号即将叫到，前面还有3人，请留意叫号',
    );
    expect(mineSms[1]?.text).toBe('【和硕县政务服务中心】请A005号到1号窗口办理');
    expect(gateway.requests.every((r) => r.token === 'Bearer secret')).toBe(true);
    await context.close();
  });

  test('a bad number is refused on the page and nothing is stored', async () => {
    const mine = await issue();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${hall.url}${mine.statusPath}`);
    await page.getByPlaceholder('手机号码').fill('12345');
    await page.getByRole('button', { name: /提交/ }).click();
    await page.getByText('手机号码格式不正确').waitFor();
    const notices = await api(hall.url, 'GET', `/api/tickets/${mine.id}/notices`);
    expect(notices.body.smsPhone).toBeNull();
    await page.close();
  });
});
