import type { Browser, Page, WebSocketRoute } from 'playwright-core';
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
 * Displays recover by themselves: after a network drop or a server restart they show the
 * true state within 3 seconds, and every call made meanwhile is shown and announced once,
 * in order (connectLiveHall resyncs by epoch and seq).
 */
describe('displays recover by themselves', () => {
  let browser: Browser;
  const halls: TestHall[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const hall of halls) await hall.server.close().catch(() => undefined);
  });

  async function setUp(): Promise<{
    hall: TestHall;
    kiosk: string;
    clerk5: string;
    clerk12: string;
  }> {
    const hall = await startTestHall();
    halls.push(hall);
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'wangfang', 'clerk', '王芳');
    createStaff(hall, 'zhaoqiang', 'clerk', '赵强');
    const kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    return {
      hall,
      kiosk,
      clerk5: await login(hall.url, 'wangfang', 'w05'),
      clerk12: await login(hall.url, 'zhaoqiang', 'w12'),
    };
  }

  const heard = (page: Page) =>
    page.evaluate(() =>
      (window.__hallqVoice?.history ?? []).map(
        (a) => `${a.number}@${a.windowNumber}${a.recall ? '*' : ''}`,
      ),
    );

  test('a network drop: the calls made meanwhile appear within 3 s, each announced once, in order', async () => {
    const { hall, kiosk, clerk5, clerk12 } = await setUp();
    const issue = (serviceId: string) =>
      api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId, channel: 'kiosk' },
      });
    const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    board.setDefaultTimeout(5000);
    // The board's network, cut and restored at will (the server keeps running).
    let cut = false;
    const live: WebSocketRoute[] = [];
    await board.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return void ws.close();
      const server = ws.connectToServer();
      live.push(ws, server);
    });
    await board.route('**/socket.io/**', (route) => (cut ? route.abort() : route.continue()));
    await board.goto(`${hall.url}/board?voiceRate=16`);
    await board.waitForFunction(() => window.__hallqVoice?.loaded === true);
    await board.getByTestId('window-5').filter({ hasText: '空闲' }).waitFor();

    await issue('tax');
    await api(hall.url, 'POST', '/api/windows/w05/next', { token: clerk5 });
    await board.getByTestId('latest-call').filter({ hasText: 'A001' }).waitFor({ timeout: 3000 });

    cut = true;
    for (const ws of live.splice(0)) await ws.close();
    await board.getByTestId('connection').filter({ hasText: '网络连接中断' }).waitFor();

    // Meanwhile: window 5 finishes and calls A002, window 12 calls B001, window 5 recalls.
    await issue('tax');
    await issue('social-insurance');
    await api(hall.url, 'POST', '/api/windows/w05/finish', { token: clerk5 });
    await api(hall.url, 'POST', '/api/windows/w05/next', { token: clerk5 });
    await api(hall.url, 'POST', '/api/windows/w12/next', { token: clerk12 });
    await api(hall.url, 'POST', '/api/windows/w05/recall', { token: clerk5 });
    await board.waitForTimeout(300);
    expect(await board.getByTestId('latest-call').textContent()).toContain('A001');

    cut = false;
    const back = Date.now();
    await board.getByTestId('latest-call').filter({ hasText: 'A002' }).waitFor({ timeout: 3000 });
    expect(Date.now() - back).toBeLessThan(3000);
    expect(await board.getByTestId('latest-call').textContent()).toContain('重呼');
    expect(await board.getByTestId('window-12').textContent()).toContain('B001');
    expect(await board.getByTestId('connection').textContent()).toBe('');
    await board.waitForFunction(
      () =>
        (window.__hallqVoice?.history ?? []).every(
          (a) => a.state !== 'queued' && a.state !== 'playing',
        ),
      undefined,
      { timeout: 10000 },
    );
    expect(await heard(board)).toEqual(['A001@5', 'A002@5', 'B001@12', 'A002@5*']);
    await board.close();
  });

  test('a server restart: the board and the window screen show the true state within 3 s, nothing twice', async () => {
    const { hall, kiosk, clerk5 } = await setUp();
    const issue = (url: string) =>
      api(url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      });
    const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    for (const page of [board, screen]) page.setDefaultTimeout(5000);
    await board.goto(`${hall.url}/board?voiceRate=16`);
    await screen.goto(`${hall.url}/window/5`);
    await board.waitForFunction(() => window.__hallqVoice?.loaded === true);
    await board.getByTestId('window-5').filter({ hasText: '空闲' }).waitFor();
    await screen.getByTestId('window-status').filter({ hasText: '空闲' }).waitFor();
    await issue(hall.url);
    await issue(hall.url);
    await api(hall.url, 'POST', '/api/windows/w05/next', { token: clerk5 });
    await screen
      .getByTestId('current-number')
      .filter({ hasText: 'A001' })
      .waitFor({ timeout: 3000 });

    await hall.server.close();
    await board.getByTestId('connection').filter({ hasText: '网络连接中断' }).waitFor();
    await screen.getByTestId('connection').filter({ hasText: '网络连接中断' }).waitFor();

    // The same database and port: sessions, windows and the event log carry on.
    const again = await startTestHall({
      dataDir: hall.dataDir,
      clock: hall.clock,
      port: hall.server.port,
    });
    halls.push(again);
    const restarted = Date.now();
    await api(again.url, 'POST', '/api/windows/w05/start', { token: clerk5 });
    await api(again.url, 'POST', '/api/windows/w05/finish', { token: clerk5 });
    await api(again.url, 'POST', '/api/windows/w05/next', { token: clerk5 });
    await Promise.all([
      board.getByTestId('latest-call').filter({ hasText: 'A002' }).waitFor({ timeout: 3000 }),
      screen.getByTestId('current-number').filter({ hasText: 'A002' }).waitFor({ timeout: 3000 }),
    ]);
    expect(Date.now() - restarted).toBeLessThan(3000);
    expect(await board.getByTestId('connection').textContent()).toBe('');
    expect(await screen.getByTestId('connection').textContent()).toBe('');
    expect(await board.getByTestId('queue-tax').textContent()).toContain('等候0人');
    await board.waitForFunction(
      () => (window.__hallqVoice?.history ?? []).every((a) => a.state === 'done'),
      undefined,
      { timeout: 10000 },
    );
    expect(await heard(board)).toEqual(['A001@5', 'A002@5']);
  });
});
