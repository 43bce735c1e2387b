import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import {
  api,
  collectEvents,
  connectSocket,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/** The rating pad (好差评评价器) at window 5, in a real browser with its device token. */
describe('the rating pad (/rating/:number)', () => {
  let hall: TestHall;
  let browser: Browser;
  let kiosk: string;
  let clerk: string;
  let padToken: string;
  let pad: Page;

  const serveOne = async (): Promise<string> => {
    const issued = await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    await api(hall.url, 'POST', '/api/windows/w05/next', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w05/start', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w05/finish', { token: clerk });
    return issued.body.id as string;
  };

  /** Waits until the pad has gone through these states (short ones are easy to miss by looking). */
  const wentThrough = async (...states: string[]) => {
    await pad.waitForFunction((expected) => {
      const trail = (window as unknown as { __hallqRating: { trail: string[] } }).__hallqRating
        .trail;
      return trail.slice(-expected.length).join() === expected.join();
    }, states);
  };

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'wangfang', 'clerk', '王芳');
    const admin = await login(hall.url, 'boss');
    kiosk = await enrollKiosk(hall, admin);
    clerk = await login(hall.url, 'wangfang', 'w05');
    const created = await api(hall.url, 'POST', '/api/devices', {
      token: admin,
      body: { kind: 'rating-pad', name: '5号评价器', windowId: 'w05' },
    });
    padToken = (
      await api(hall.url, 'POST', '/api/devices/enroll', { body: { code: created.body.code } })
    ).body.token;
    browser = await launchBrowser();
    pad = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pad.setDefaultTimeout(5000);
    // Every timeout twenty times shorter: a minute's question lasts three seconds.
    await pad.goto(`${hall.url}/rating/5?timeScale=0.05&token=${padToken}`);
    await pad.locator('main[data-state="idle"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hall?.server.close();
  });

  test('keeps its token from the URL, and takes it out of the address bar', async () => {
    expect(new URL(pad.url()).searchParams.has('token')).toBe(false);
    expect(await pad.evaluate(() => localStorage.getItem('hallq.token.rating-pad.5'))).toBe(
      padToken,
    );
    expect(await pad.getByTestId('rating-pad').textContent()).toContain(
      '欢迎您对我们的服务进行评价',
    );
  });

  test('after finish it asks; the level and a reason are stored with the ticket', async () => {
    const socket = connectSocket(hall.url);
    const events = collectEvents(socket);
    const id = await serveOne();
    await pad.locator('main[data-state="ask"]').waitFor({ timeout: 3000 });
    const number = (await api(hall.url, 'GET', `/api/tickets/${id}`)).body.number as string;
    expect(await pad.getByTestId('rating-number').textContent()).toBe(number);
    for (const level of ['非常满意', '满意', '基本满意', '不满意', '非常不满意'])
      expect(await pad.getByTestId('rating-pad').textContent()).toContain(level);
    await pad.getByTestId('level-dissatisfied').click();
    for (const reason of ['服务效率', '服务水平', '服务态度'])
      expect(await pad.getByTestId('rating-pad').textContent()).toContain(reason);
    await pad.getByTestId('reason-attitude').click();
    await pad.getByTestId('submit').click();
    await pad.locator('main[data-state="thanks"]').waitFor();
    expect(await pad.getByTestId('rating-pad').textContent()).toContain('我们将尽快核实整改');
    await wentThrough('reasons', 'sending', 'thanks');
    expect((await api(hall.url, 'GET', `/api/tickets/${id}`)).body.rating).toBe('dissatisfied');
    await until(() => events.some((e) => e.name === 'ticket.rated'));
    expect(events.find((e) => e.name === 'ticket.rated')?.payload).toMatchObject({
      ticketId: id,
      windowNumber: 5,
      level: 'dissatisfied',
      followUp: true,
    });
    socket.close();
    // Thanks, then back to the welcome screen by itself.
    await wentThrough('thanks', 'idle');
  });

  test('a level alone is enough: the reasons step sends itself', async () => {
    const id = await serveOne();
    await pad.locator('main[data-state="ask"]').waitFor({ timeout: 3000 });
    await pad.getByTestId('level-very-satisfied').click();
    await wentThrough('reasons', 'sending', 'thanks', 'idle');
    expect((await api(hall.url, 'GET', `/api/tickets/${id}`)).body.rating).toBe('very-satisfied');
  });

  test('nobody answers: it says goodbye politely and returns to its welcome', async () => {
    const id = await serveOne();
    await pad.locator('main[data-state="ask"]').waitFor({ timeout: 3000 });
    await wentThrough('ask', 'farewell', 'idle');
    expect((await api(hall.url, 'GET', `/api/tickets/${id}`)).body.rating).toBeNull();
  });

  test('rated meanwhile from the phone: the pad stops asking', async () => {
    const id = await serveOne();
    await pad.locator('main[data-state="ask"]').waitFor({ timeout: 3000 });
    await api(hall.url, 'POST', `/api/tickets/${id}/rating`, { body: { level: 'satisfied' } });
    await wentThrough('ask', 'thanks');
  });

  test('another window’s finish does not ask here', async () => {
    createStaff(hall, 'lina', 'clerk', '李娜');
    const other = await login(hall.url, 'lina', 'w06');
    await api(hall.url, 'POST', '/api/tickets', {
      token: kiosk,
      body: { serviceId: 'tax', channel: 'kiosk' },
    });
    await api(hall.url, 'POST', '/api/windows/w06/next', { token: other });
    await api(hall.url, 'POST', '/api/windows/w06/finish', { token: other });
    await pad.waitForTimeout(300);
    expect(await pad.locator('main').getAttribute('data-state')).toBe('idle');
  });
});
