import path from 'node:path';
import type { Page } from 'playwright-core';
import { api } from '../../test/helpers/hall-server';
import type { Capture } from './index';

/**
 * 一件事一次办 (docs/bundles.md): the kiosk's bundle picker, a bundle's steps with the
 * combined materials, the slip; the status page and the hall board saying where to go
 * after step 1; the clerk's console with the steps, 跳过 and 增加步骤.
 */
export const capture: Capture = async ({ hall, browser, outDir }) => {
  const written: string[] = [];
  const shot = async (page: Page, file: string, fullPage = false) => {
    const png = path.join(outDir, file);
    await page.waitForTimeout(200);
    await page.screenshot({ path: png, fullPage });
    written.push(png);
  };
  const token = async (username: string, windowId?: string) =>
    (
      await api(hall.url, 'POST', '/api/auth/login', {
        body: { username, password: 'demo', windowId },
      })
    ).body.token as string;

  const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await kiosk.goto(`${hall.url}/kiosk?panel=0`);
  await kiosk.locator('[data-screen="home"]').waitFor();
  await shot(kiosk, 'bundles-kiosk-home.png');
  await kiosk.getByTestId('bundle-entry').click();
  await kiosk.locator('[data-screen="bundles"]').waitFor();
  await shot(kiosk, 'bundles-kiosk-list.png');
  await kiosk.click('[data-action="bundle:business-startup"]');
  await kiosk.locator('[data-screen="bundle"]').waitFor();
  await shot(kiosk, 'bundles-kiosk-steps.png');
  // The citizen leaves out the optional 银行开户: the materials list follows.
  await kiosk.getByRole('checkbox', { name: /银行/ }).click();
  await kiosk.locator('[data-step="bank"][data-chosen="false"]').waitFor();
  await kiosk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shot(kiosk, 'bundles-kiosk-steps-choice.png');
  await kiosk.click('[data-action="elderly"]');
  await shot(kiosk, 'bundles-kiosk-steps-elderly.png');
  await kiosk.click('[data-action="elderly"]');
  await kiosk.click('[data-action="confirm"]');
  await kiosk.locator('[data-screen="slip"]').waitFor();
  await kiosk.locator('[data-testid="print-state"][data-state="printed"]').waitFor();
  await shot(kiosk, 'bundles-kiosk-slip.png');

  const guide = await token('guide');
  const ticket = (
    (await api(hall.url, 'GET', '/api/tickets?status=waiting', { token: guide })).body.tickets as {
      id: string;
      bundle?: unknown;
    }[]
  ).find((t) => t.bundle);
  if (!ticket) throw new Error('no bundle ticket');

  const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await board.goto(`${hall.url}/board`);
  await board.getByTestId('window-31').waitFor();
  const status = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await status.goto(`${hall.url}/t/${ticket.id}`);
  await status.getByTestId('bundle').waitFor();

  const market = await token('clerk31', 'w31');
  await api(hall.url, 'POST', '/api/windows/w31/next', { token: market });
  await api(hall.url, 'POST', '/api/windows/w31/start', { token: market });
  await status.getByTestId('bundle-after').waitFor();
  await shot(status, 'bundles-status-serving.png', true);
  await api(hall.url, 'POST', '/api/windows/w31/finish', { token: market });
  await status.getByTestId('bundle-next').waitFor();
  await shot(status, 'bundles-status-next.png', true);
  await board.getByTestId('bundle-next').filter({ hasText: '号窗口' }).waitFor();
  await shot(board, 'bundles-board-next.png');

  const clerk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await clerk.goto(`${hall.url}/clerk?window=36`);
  await clerk.getByTestId('login-username').fill('clerk36');
  await clerk.getByTestId('login-password').fill('demo');
  await clerk.getByTestId('login-submit').click();
  await clerk.getByTestId('window-state').waitFor();
  await clerk.getByTestId('action-next').click();
  await clerk.getByTestId('bundle-panel').waitFor();
  await shot(clerk, 'bundles-clerk.png');

  await Promise.all([kiosk, board, status, clerk].map((p) => p.close()));
  return written;
};
